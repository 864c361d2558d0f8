package dev.authmail.connector.mailgun;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.HttpReply;
import dev.authmail.connector.okhttp.SharedOkHttp;
import dev.authmail.connector.toolkit.Json;
import dev.authmail.connector.toolkit.Placeholders;
import dev.authmail.connector.toolkit.TemplateRenderer;
import java.util.Map;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Sends through Mailgun's Messages API, {@code POST {endpoint}/v3/{domain}/messages} with HTTP
 * basic auth {@code api:<apiKey>}, on a client derived from the process's shared OkHttp client. The
 * template is chosen as everywhere in authmail: the tenant's stored templates first (type, then
 * Generic, along the language chain), then {@code deliveries} (type, then Generic), else
 * TEMPLATE_NOT_FOUND. Failures are classified by {@link MailgunErrors} and the shared status
 * mapping.
 *
 * <p>Thread-safe; holds no connection of its own (the shared pool does).
 */
final class MailgunConnector implements EmailConnector, EmailTransport {
  private final MailgunConfig config;
  private final ConnectorContext context;
  private final OkHttpClient client;
  private final MailgunErrors errors = new MailgunErrors();
  private final HttpUrl messagesUrl;
  private final HttpUrl domainUrl;
  private final String authorization;

  MailgunConnector(MailgunConfig config, ConnectorContext context) {
    this.config = config;
    this.context = context;
    this.client = SharedOkHttp.forConnector(context, config.timeouts());
    HttpUrl base = HttpUrl.get(config.endpoint());
    this.messagesUrl =
        base.newBuilder()
            .addPathSegment("v3")
            .addPathSegment(config.domain())
            .addPathSegment("messages")
            .build();
    this.domainUrl =
        base.newBuilder().addPathSegments("v4/domains").addPathSegment(config.domain()).build();
    this.authorization = Credentials.basic("api", config.apiKey());
  }

  @Override
  public SendResult send(EmailRequest request) {
    Optional<RenderedEmail> stored = TemplateRenderer.renderStoredEmail(request, context);
    if (stored.isPresent()) {
      return deliver(stored.get());
    }
    Delivery delivery =
        config
            .delivery(request.type())
            .orElseThrow(
                () ->
                    new ConnectorException(
                        ErrorCode.TEMPLATE_NOT_FOUND,
                        "no delivery for usage type "
                            + request.type().wireName()
                            + " nor for Generic in deliveries, and no stored template; add one to"
                            + " the connector's deliveries"));
    if (delivery instanceof Delivery.Stored template) {
      return post(MailgunMessage.stored(request, template, config));
    }
    return deliver(render(request, (Delivery.Content) delivery));
  }

  @Override
  public SendResult deliver(RenderedEmail email) {
    return post(MailgunMessage.rendered(email, config));
  }

  /** The tenant's stored template for the request, rendered; empty when there is none. */
  /** Logto's raw delivery: placeholders escaped in the HTML; the text part given, else derived. */
  private static RenderedEmail render(EmailRequest request, Delivery.Content content) {
    Map<String, Object> data = request.payload().asMap();
    TemplateRenderer.Rendered parts =
        TemplateRenderer.render(
            EmailTemplate.html(
                request.type(), content.subject() == null ? "" : content.subject(), content.html()),
            data,
            null);
    try {
      return RenderedEmail.builder()
          .to(request.to())
          .subject(parts.subject())
          .html(parts.html())
          .text(content.text() == null ? parts.text() : Placeholders.render(content.text(), data))
          .replyTo(content.replyTo() == null ? null : content.replyTo().address())
          .messageId(request.messageId())
          .type(request.type())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(
          ErrorCode.INVALID_REQUEST,
          "the rendered "
              + request.type().wireName()
              + " delivery cannot be sent: "
              + e.getMessage(),
          e);
    }
  }

  private SendResult post(RequestBody body) {
    Request request = authorized(messagesUrl).post(body).build();
    HttpReply reply =
        HttpCalls.execute(client, request, MailgunErrors.PROVIDER, context.clock(), errors);
    return new SendResult(messageId(reply.body()), context.clock().instant());
  }

  /** Mailgun's {@code id}, without its angle brackets; {@code null} when the answer has none. */
  static String messageId(String body) {
    String id;
    try {
      id = Json.textAt(Json.read(body), "id");
    } catch (IllegalArgumentException e) {
      return null; // accepted all the same: the status said so
    }
    id = id == null ? "" : id.strip();
    id = id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
    return id.isEmpty() ? null : id;
  }

  /**
   * {@code GET /v4/domains/{domain}} (Mailgun's reference, "Get domain details": 200 with the
   * domain, 401 and 404 with a {@code message}): the key is valid and the domain exists at this
   * endpoint (a 404 there usually means an EU domain on the US endpoint, or the reverse).
   */
  @Override
  public void verify() {
    HttpCalls.execute(
        client,
        authorized(domainUrl).get().build(),
        MailgunErrors.PROVIDER,
        context.clock(),
        errors);
  }

  private Request.Builder authorized(HttpUrl url) {
    return new Request.Builder().url(url).header("Authorization", authorization);
  }

  @Override
  public String toString() {
    return "MailgunConnector[" + config + "]";
  }
}
