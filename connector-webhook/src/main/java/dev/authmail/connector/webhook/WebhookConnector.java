package dev.authmail.connector.webhook;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.JsonEndpoint;
import dev.authmail.connector.toolkit.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Hands each send to the customer's own system as a signed Standard Webhooks event: {@code POST
 * endpoint} with the headers {@code webhook-id} (authmail's message id, stable across retries, the
 * receiver's idempotency key), {@code webhook-timestamp} (Unix seconds, the context clock) and
 * {@code webhook-signature} ({@link WebhookSigner}), and the JSON event of {@link #event}. Any 2xx
 * is success; everything else goes through the shared mapping of {@link HttpCalls}.
 *
 * <p>Thread-safe: all state is immutable; the OkHttp client is shared.
 */
final class WebhookConnector implements EmailConnector {
  static final String EVENT_TYPE = "email.send";
  static final String PROVIDER = "the webhook endpoint";

  private final WebhookConfig config;
  private final ConnectorContext context;
  private final JsonEndpoint endpoint;

  WebhookConnector(WebhookConfig config, ConnectorContext context) {
    this.config = Objects.requireNonNull(config, "config is null");
    this.context = Objects.requireNonNull(context, "context is null");
    this.endpoint = JsonEndpoint.create(context, config.endpoint(), config.timeouts(), PROVIDER);
  }

  /**
   * @throws ConnectorException INVALID_REQUEST when the message id contains a dot (Standard
   *     Webhooks signs {@code id.timestamp.body}, so an id must not contain the separator); else as
   *     {@link HttpCalls#execute}
   */
  @Override
  public SendResult send(EmailRequest request) {
    String id = request.messageId();
    if (id.indexOf('.') >= 0) {
      throw new ConnectorException(
          ErrorCode.INVALID_REQUEST,
          "message id "
              + id
              + " contains a dot, which Standard Webhooks ids must not (it separates the signed"
              + " parts)");
    }
    Instant now = context.clock().instant();
    long timestamp = now.getEpochSecond();
    String body = Json.write(event(request, now));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put("webhook-signature", config.signer().sign(id, timestamp, body));
    endpoint.post(body, headers);
    return new SendResult(null, context.clock().instant());
  }

  /**
   * The event: {@code {"type": "email.send", "timestamp": ISO-8601, "data": {"messageId", "tenant",
   * "usageType", "to", "locale", "ip"?, "payload"}}}. {@code locale} is the payload's locale, else
   * the first of its {@code uiLocales}, else the tenant's default language.
   */
  Map<String, Object> event(EmailRequest request, Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("messageId", request.messageId());
    data.put("tenant", context.tenant());
    data.put("usageType", request.type().wireName());
    data.put("to", request.to().value());
    data.put("locale", locale(request.payload()));
    request.ipAddress().ifPresent(ip -> data.put("ip", ip));
    data.put("payload", request.payload().asMap());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", EVENT_TYPE);
    event.put("timestamp", now.toString());
    event.put("data", data);
    return event;
  }

  private String locale(Payload payload) {
    return payload
        .locale()
        .filter(s -> !s.isBlank())
        .or(
            () ->
                payload
                    .uiLocales()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .map(s -> s.split("\\s+")[0]))
        .orElse(context.defaultLanguage());
  }

  /**
   * Resolves the endpoint and checks its addresses against the operator's network policy, as a send
   * would; sends nothing (a test event would reach the customer's system as an email).
   */
  @Override
  public void verify() {
    endpoint.checkResolves();
  }

  @Override
  public String toString() {
    return "WebhookConnector[" + config + "]";
  }
}
