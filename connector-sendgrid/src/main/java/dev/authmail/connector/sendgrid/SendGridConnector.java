package dev.authmail.connector.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.HttpReply;
import dev.authmail.connector.okhttp.SharedOkHttp;
import dev.authmail.connector.toolkit.TemplateRenderer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Sends through SendGrid's v3 API, {@code POST {endpoint}/v3/mail/send}, on a client derived from
 * the process's shared OkHttp client. Statuses and transport failures are classified by {@link
 * HttpCalls#execute} (the one mapping, {@code HttpErrors}); {@link SendGridErrors} reads SendGrid's
 * error answers for it.
 *
 * <p>Thread-safe; holds no connection of its own (the shared pool does).
 */
final class SendGridConnector implements EmailConnector, EmailTransport {
  static final String PROVIDER = "SendGrid";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SendGridConfig config;
  private final ConnectorContext context;
  private final OkHttpClient client;
  private final SendGridErrors errors;
  private final HttpUrl sendUrl;
  private final HttpUrl scopesUrl;

  SendGridConnector(SendGridConfig config, ConnectorContext context) {
    this.config = config;
    this.context = context;
    this.client = SharedOkHttp.forConnector(context, config.timeouts());
    this.errors = new SendGridErrors(context.clock());
    HttpUrl base = HttpUrl.get(config.endpoint());
    this.sendUrl = base.newBuilder().addPathSegments("v3/mail/send").build();
    this.scopesUrl = base.newBuilder().addPathSegments("v3/scopes").build();
  }

  /** Line breaks in payload values that the chosen template puts into a header, found at accept. */
  @Override
  public List<ConfigProblem> requestProblems(EmailRequest request) {
    return config.dynamicTemplate(request.type()).isPresent()
        ? List.of() // the provider's template
        : TemplateRenderer.headerProblems(request, config.templates(), context);
  }

  /** A dynamic template for the type (or Generic) when configured, else a rendered template. */
  @Override
  public SendResult send(EmailRequest request) {
    Optional<String> dynamic = config.dynamicTemplate(request.type());
    if (dynamic.isPresent()) {
      return post(SendGridMail.dynamic(request, dynamic.get(), config));
    }
    return deliver(TemplateRenderer.renderEmail(request, config.templates(), context));
  }

  @Override
  public SendResult deliver(RenderedEmail email) {
    return post(SendGridMail.rendered(email, config));
  }

  private SendResult post(String json) {
    Request request = authorized(sendUrl).post(HttpCalls.json(json)).build();
    HttpReply reply = HttpCalls.execute(client, request, PROVIDER, context.clock(), errors);
    return new SendResult(reply.header("X-Message-Id"), context.clock().instant());
  }

  /** {@code GET /v3/scopes}: the key is valid and may send mail ({@code mail.send}). */
  @Override
  public void verify() {
    HttpReply reply =
        HttpCalls.execute(
            client, authorized(scopesUrl).get().build(), PROVIDER, context.clock(), errors);
    boolean canSend = false;
    try {
      for (JsonNode scope : JSON.readTree(reply.body()).path("scopes")) {
        canSend |= "mail.send".equals(scope.asText());
      }
    } catch (IOException e) {
      throw new ConnectorException(
          ErrorCode.UNAVAILABLE, PROVIDER + " answered /v3/scopes with unreadable JSON", e);
    }
    if (!canSend) {
      throw new ConnectorException(
          ErrorCode.AUTHENTICATION_FAILED,
          "the SendGrid API key lacks the mail.send scope; give it Mail Send access in Settings >"
              + " API Keys");
    }
  }

  private Request.Builder authorized(HttpUrl url) {
    return new Request.Builder().url(url).header("Authorization", "Bearer " + config.apiKey());
  }

  @Override
  public String toString() {
    return "SendGridConnector[" + config + "]";
  }
}
