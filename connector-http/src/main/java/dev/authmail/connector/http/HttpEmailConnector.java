package dev.authmail.connector.http;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.okhttp.Hmac;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.JsonEndpoint;
import dev.authmail.connector.toolkit.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Posts each email request to the configured endpoint in Logto's HTTP email contract: {@code POST
 * endpoint}, {@code Content-Type: application/json}, body {@code {"to", "type", "payload", "ip"?}},
 * and the configured {@code Authorization} value verbatim. Any 2xx is success. Beyond Logto: custom
 * headers, {@code X-Authmail-Message-Id}, an optional signature ({@link #SIGNATURE_HEADER}), finite
 * timeouts and the shared status mapping of {@link HttpCalls}.
 *
 * <p>Thread-safe: all state is immutable; the OkHttp client is shared.
 */
final class HttpEmailConnector implements EmailConnector {
  /** {@code sha256=<hex HMAC-SHA256(signingSecret, timestamp + "." + body)>}. */
  static final String SIGNATURE_HEADER = "X-Authmail-Signature";

  /** Unix seconds by the context's clock, part of the signed text; receivers refuse old ones. */
  static final String TIMESTAMP_HEADER = "X-Authmail-Timestamp";

  /** authmail's message id, stable across retries: receivers can drop duplicates with it. */
  static final String MESSAGE_ID_HEADER = "X-Authmail-Message-Id";

  static final String PROVIDER = "the HTTP email endpoint";

  private final HttpEmailConfig config;
  private final ConnectorContext context;
  private final JsonEndpoint endpoint;

  HttpEmailConnector(HttpEmailConfig config, ConnectorContext context) {
    this.config = Objects.requireNonNull(config, "config is null");
    this.context = Objects.requireNonNull(context, "context is null");
    this.endpoint = JsonEndpoint.create(context, config.endpoint(), config.timeouts(), PROVIDER);
  }

  @Override
  public SendResult send(EmailRequest request) {
    String body = Json.write(body(request));
    Map<String, String> headers = new LinkedHashMap<>(config.headers());
    config.authorization().ifPresent(value -> headers.put("Authorization", value));
    headers.put(MESSAGE_ID_HEADER, request.messageId());
    config
        .signingSecret()
        .ifPresent(
            secret -> {
              String timestamp = Long.toString(context.clock().instant().getEpochSecond());
              headers.put(TIMESTAMP_HEADER, timestamp);
              headers.put(SIGNATURE_HEADER, signature(secret, timestamp, body));
            });
    endpoint.post(body, headers);
    return new SendResult(null, context.clock().instant());
  }

  /**
   * Logto's body, key for key: {@code to}, {@code type}, {@code payload}, and {@code ip} when
   * known.
   */
  static Map<String, Object> body(EmailRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("to", request.to().value());
    body.put("type", request.type().wireName());
    body.put("payload", request.payload().asMap());
    request.ipAddress().ifPresent(ip -> body.put("ip", ip));
    return body;
  }

  /** {@code sha256=} and the lower-case hex HMAC-SHA256 of {@code timestamp.body}. */
  static String signature(String secret, String timestamp, String body) {
    byte[] mac =
        Hmac.sha256(
            secret.getBytes(StandardCharsets.UTF_8),
            (timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "sha256=" + Hmac.hex(mac);
  }

  /**
   * Resolves the endpoint's host and checks its addresses against the operator's network policy, as
   * a send would; sends nothing (Logto's contract has no request without an email).
   *
   * @throws ConnectorException the policy's refusal, or UNAVAILABLE when the name does not resolve
   */
  @Override
  public void verify() {
    endpoint.checkResolves();
  }

  @Override
  public String toString() {
    return "HttpEmailConnector[" + config + "]";
  }
}
