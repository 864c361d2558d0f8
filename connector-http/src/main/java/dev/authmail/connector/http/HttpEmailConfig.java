package dev.authmail.connector.http;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.HttpTimeouts;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTTP email connector's settings, checked. Logto's config ({@code endpoint}, {@code
 * authorization}) loads unchanged; the other keys are authmail's additions.
 *
 * @param endpoint where to POST, already checked against the operator's network policy
 * @param authorization the {@code Authorization} header value, sent verbatim; empty for none
 * @param headers extra request headers, in the order given
 * @param timeouts the connect/read/write/call timeouts
 * @param signingSecret the HMAC-SHA256 key for {@code X-Authmail-Signature}; empty for unsigned
 */
public record HttpEmailConfig(
    URI endpoint,
    Optional<String> authorization,
    Map<String, String> headers,
    HttpTimeouts timeouts,
    Optional<String> signingSecret) {

  public static final String ENDPOINT = "endpoint";
  public static final String AUTHORIZATION = "authorization";
  public static final String HEADERS = "headers";
  public static final String SIGNING_SECRET = "signingSecret";

  /** The shortest signing secret accepted: 32 characters, about 192 bits of random base64. */
  public static final int MIN_SECRET_LENGTH = 32;

  /** Headers the connector sets itself; a custom header may not replace them. */
  static final Set<String> RESERVED =
      Set.of(
          "content-type",
          "content-length",
          "authorization",
          "host",
          "transfer-encoding",
          "connection",
          HttpEmailConnector.SIGNATURE_HEADER.toLowerCase(Locale.ROOT),
          HttpEmailConnector.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT),
          HttpEmailConnector.MESSAGE_ID_HEADER.toLowerCase(Locale.ROOT));

  /** RFC 9110's token: the characters a header name may have. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  public HttpEmailConfig {
    Objects.requireNonNull(endpoint, "endpoint is null");
    Objects.requireNonNull(authorization, "authorization is null");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(timeouts, "timeouts is null");
    Objects.requireNonNull(signingSecret, "signingSecret is null");
  }

  /**
   * Reads and checks a bound config. No network I/O: the endpoint's host name is resolved and
   * checked at send time.
   *
   * @throws ConnectorException INVALID_CONFIG listing every problem, each naming its key
   */
  public static HttpEmailConfig from(ConnectorConfig config, NetworkPolicy network) {
    ConfigProblems problems = new ConfigProblems();
    URI endpoint =
        problems.collect(
            () ->
                HttpCalls.endpoint(network, config.path(ENDPOINT), config.requireString(ENDPOINT)));
    Optional<String> authorization = config.string(AUTHORIZATION).filter(s -> !s.isEmpty());
    authorization.ifPresent(value -> checkValue(config.path(AUTHORIZATION), value, problems));
    Map<String, String> headers = headers(config, problems);
    Optional<String> signingSecret = config.string(SIGNING_SECRET).filter(s -> !s.isEmpty());
    if (signingSecret.isPresent() && signingSecret.get().length() < MIN_SECRET_LENGTH) {
      problems.add(
          config.path(SIGNING_SECRET),
          "must be at least "
              + MIN_SECRET_LENGTH
              + " characters long; generate one with: openssl rand -base64 32");
    }
    problems.throwIfAny();
    return new HttpEmailConfig(
        endpoint, authorization, headers, HttpTimeouts.from(config), signingSecret);
  }

  private static Map<String, String> headers(ConnectorConfig config, ConfigProblems problems) {
    Map<String, String> headers = new LinkedHashMap<>();
    Object raw = config.get(HEADERS);
    if (!(raw instanceof Map<?, ?> map)) {
      return headers;
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String name = String.valueOf(entry.getKey());
      String path = config.path(HEADERS) + "." + name;
      Object value = entry.getValue();
      if (!TOKEN.matcher(name).matches()) {
        problems.add(
            config.path(HEADERS),
            "the header name \""
                + name.replaceAll("\\p{Cntrl}", "?")
                + "\" is not a valid HTTP header name (letters, digits and !#$%&'*+.^_`|~- only)");
      } else if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        problems.add(
            path,
            "is set by the connector and cannot be overridden"
                + (name.equalsIgnoreCase("authorization") ? "; use the authorization key" : ""));
      } else if (!(value instanceof String
          || value instanceof Number
          || value instanceof Boolean)) {
        problems.add(
            path, "must be a text value, not " + (value == null ? "null" : "an object or list"));
      } else if (checkValue(path, String.valueOf(value), problems)) {
        headers.put(name, String.valueOf(value));
      }
    }
    return headers;
  }

  /** A header value must be printable ASCII (tab allowed): no CR/LF, so no header injection. */
  private static boolean checkValue(String path, String value, ConfigProblems problems) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        problems.add(path, "must not contain a line break (CR or LF)");
        return false;
      }
      if ((c < 0x20 && c != '\t') || c > 0x7e) {
        problems.add(path, "must contain printable ASCII characters only");
        return false;
      }
    }
    return true;
  }

  /** The endpoint without query or user info, safe to show: a query may carry a token. */
  public String shownEndpoint() {
    return HttpCalls.shown(endpoint);
  }

  /** Shows no secret: the authorization, header values and signing secret are masked. */
  @Override
  public String toString() {
    return "HttpEmailConfig[endpoint="
        + shownEndpoint()
        + ", authorization="
        + authorization.map(a -> "******").orElse("none")
        + ", headers="
        + headers.keySet()
        + ", timeouts="
        + timeouts
        + ", signed="
        + signingSecret.isPresent()
        + "]";
  }
}
