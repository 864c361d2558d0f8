// tag::connector[]
package com.example.acme;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.HttpReply;
import dev.authmail.connector.okhttp.SharedOkHttp;
import dev.authmail.connector.toolkit.Json;
import dev.authmail.connector.toolkit.TemplateRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Sends through Acme's {@code POST /v1/messages}: renders the usage type's template, posts it as
 * JSON with the API key, and lets {@link HttpCalls} classify every failure (with {@link AcmeErrors}
 * reading Acme's bodies). Thread-safe; the connections belong to the shared pool.
 */
final class AcmeConnector implements EmailConnector, EmailTransport {
  private static final String PROVIDER = "Acme Mail";

  private final AcmeConfig config;
  private final ConnectorContext context;
  private final OkHttpClient client;
  private final HttpUrl messagesUrl;
  private final AcmeErrors errors = new AcmeErrors();

  AcmeConnector(AcmeConfig config, ConnectorContext context) {
    this.config = config;
    this.context = context;
    // derived from the process's one client: the operator's address policy on every connection
    this.client = SharedOkHttp.forConnector(context, config.timeouts());
    this.messagesUrl =
        HttpUrl.get(config.endpoint().toString())
            .newBuilder()
            .addPathSegments("v1/messages")
            .build();
  }

  @Override
  public SendResult send(EmailRequest request) {
    return deliver(TemplateRenderer.renderEmail(request, config.templates(), context));
  }

  @Override
  public SendResult deliver(RenderedEmail email) {
    Request request =
        new Request.Builder()
            .url(messagesUrl)
            .header("Authorization", "Bearer " + config.apiKey())
            .post(HttpCalls.json(Json.write(body(email))))
            .build();
    HttpReply reply = HttpCalls.execute(client, request, PROVIDER, context.clock(), errors);
    return new SendResult(Json.textAt(Json.read(reply.body()), "id"), context.clock().instant());
  }

  /**
   * Acme's message: inline images go as {@code inline} parts that the HTML shows by {@code cid:}.
   */
  private Map<String, Object> body(RenderedEmail email) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", email.from().orElse(config.fromEmail()).value());
    body.put("to", email.to().value());
    email.replyTo().map(EmailAddress::value).ifPresent(r -> body.put("reply_to", r));
    body.put("subject", email.subject());
    email.html().ifPresent(html -> body.put("html", html));
    body.put("text", email.text());
    List<Map<String, Object>> inline = new ArrayList<>();
    for (InlineImage image : email.inlineImages()) {
      inline.add(
          Map.of(
              "cid",
              image.contentId(),
              "content_type",
              image.mediaType(),
              "content",
              image.base64()));
    }
    if (!inline.isEmpty()) {
      body.put("inline", inline);
    }
    email.messageId().ifPresent(id -> body.put("idempotency_key", id));
    return body;
  }

  @Override
  public String toString() {
    return "AcmeConnector[" + config + "]";
  }
}
// end::connector[]
