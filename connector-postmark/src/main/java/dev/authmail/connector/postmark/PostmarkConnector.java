package dev.authmail.connector.postmark;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.HttpReply;
import dev.authmail.connector.okhttp.SharedOkHttp;
import dev.authmail.connector.toolkit.Json;
import dev.authmail.connector.toolkit.TemplateRenderer;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Sends through Postmark's Email API with the {@code X-Postmark-Server-Token} header, on a client
 * derived from the process's shared OkHttp client. The template is chosen as everywhere in
 * authmail: the tenant's stored templates first (type, then Generic, along the language chain),
 * then the {@code templates} entry for the type, else Generic's: a {@code templateAlias} goes to
 * {@code POST /email/withTemplate} with the payload as {@code TemplateModel} (Logto's way), content
 * is rendered here and goes to {@code POST /email}. Failures are classified by {@link
 * PostmarkErrors}.
 *
 * <p>Thread-safe; holds no connection of its own (the shared pool does).
 */
final class PostmarkConnector implements EmailConnector, EmailTransport {
  static final String TOKEN_HEADER = "X-Postmark-Server-Token";

  private final PostmarkConfig config;
  private final ConnectorContext context;
  private final OkHttpClient client;
  private final PostmarkErrors errors = new PostmarkErrors();
  private final HttpUrl emailUrl;
  private final HttpUrl templateUrl;
  private final HttpUrl serverUrl;

  PostmarkConnector(PostmarkConfig config, ConnectorContext context) {
    this.config = config;
    this.context = context;
    this.client = SharedOkHttp.forConnector(context, config.timeouts());
    HttpUrl base = HttpUrl.get(config.endpoint());
    this.emailUrl = base.newBuilder().addPathSegment("email").build();
    this.templateUrl = base.newBuilder().addPathSegments("email/withTemplate").build();
    this.serverUrl = base.newBuilder().addPathSegment("server").build();
  }

  @Override
  public SendResult send(EmailRequest request) {
    Optional<Object> entry = config.template(request.type());
    if (entry.isPresent() && entry.get() instanceof String alias) {
      Optional<RenderedEmail> stored = TemplateRenderer.renderStoredEmail(request, context);
      return stored.isPresent()
          ? deliver(stored.get())
          : post(templateUrl, PostmarkMail.withTemplate(request, alias, config));
    }
    List<EmailTemplate> own = entry.map(e -> List.of((EmailTemplate) e)).orElse(List.of());
    return deliver(TemplateRenderer.renderEmail(request, own, context));
  }

  @Override
  public SendResult deliver(RenderedEmail email) {
    return post(emailUrl, PostmarkMail.rendered(email, config));
  }

  /** The tenant's stored template for the request, rendered; empty when there is none. */
  private SendResult post(HttpUrl url, String json) {
    HttpReply reply =
        HttpCalls.execute(
            client,
            authorized(url).post(HttpCalls.json(json)).build(),
            PostmarkErrors.PROVIDER,
            context.clock(),
            errors);
    return new SendResult(messageId(reply.body()), context.clock().instant());
  }

  /** Postmark's {@code MessageID}; {@code null} when the answer has none. */
  static String messageId(String body) {
    String id;
    try {
      id = Json.textAt(Json.read(body), "MessageID");
    } catch (IllegalArgumentException e) {
      return null; // accepted all the same: the status said so
    }
    return id == null || id.isBlank() ? null : id.strip();
  }

  /** {@code GET /server}: the server token is valid. */
  @Override
  public void verify() {
    HttpCalls.execute(
        client,
        authorized(serverUrl).get().build(),
        PostmarkErrors.PROVIDER,
        context.clock(),
        errors);
  }

  private Request.Builder authorized(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header(TOKEN_HEADER, config.serverToken())
        .header("Accept", "application/json");
  }

  @Override
  public String toString() {
    return "PostmarkConnector[" + config + "]";
  }
}
