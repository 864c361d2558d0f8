package dev.authmail.connector.okhttp;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The four OkHttp timeouts of a connector, all finite. In a connector's configuration they are the
 * object {@code timeout: {connect, read, write, call}} in milliseconds, each optional with the
 * defaults of {@link #DEFAULTS}; {@link #declare} adds that key to a connector's spec and {@link
 * #from} reads it back.
 *
 * @param connect to establish the TCP (and TLS) connection
 * @param read between two reads of the response, its headers included
 * @param write between two writes of the request
 * @param call the whole call: connect, write, wait and read
 */
public record HttpTimeouts(Duration connect, Duration read, Duration write, Duration call) {
  /** The configuration key. */
  public static final String KEY = "timeout";

  /** The largest accepted value of each timeout, ten minutes. */
  public static final long MAX_MILLIS = 600_000;

  /**
   * connect 5 s, read 15 s, write 15 s, call 30 s: an authentication code is not worth waiting
   * longer for, and the runtime retries; Standard Webhooks recommends 15-30 s per request.
   */
  public static final HttpTimeouts DEFAULTS =
      new HttpTimeouts(
          Duration.ofSeconds(5),
          Duration.ofSeconds(15),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30));

  public HttpTimeouts {
    requirePositive(connect, "connect");
    requirePositive(read, "read");
    requirePositive(write, "write");
    requirePositive(call, "call");
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name + " is null");
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " timeout must be positive");
    }
  }

  /** The nested keys of {@code timeout}, each in milliseconds with its default. */
  public static ConfigSpec spec() {
    return ConfigSpec.builder()
        .integer(
            "connect",
            k ->
                k.range(1, MAX_MILLIS)
                    .defaultValue(DEFAULTS.connect.toMillis())
                    .description("milliseconds to connect, e.g. 5000"))
        .integer(
            "read",
            k ->
                k.range(1, MAX_MILLIS)
                    .defaultValue(DEFAULTS.read.toMillis())
                    .description("milliseconds to wait for each read of the answer, e.g. 15000"))
        .integer(
            "write",
            k ->
                k.range(1, MAX_MILLIS)
                    .defaultValue(DEFAULTS.write.toMillis())
                    .description("milliseconds to wait for each write of the request, e.g. 15000"))
        .integer(
            "call",
            k ->
                k.range(1, MAX_MILLIS)
                    .defaultValue(DEFAULTS.call.toMillis())
                    .description("milliseconds for the whole request, e.g. 30000"))
        .build();
  }

  /** Adds the {@code timeout} object, defaulting to {@link #DEFAULTS}, to a connector's spec. */
  public static ConfigSpec.Builder declare(ConfigSpec.Builder spec) {
    return spec.object(
        KEY,
        spec(),
        k ->
            k.defaultValue(DEFAULTS.asConfig())
                .description("timeouts in milliseconds: {connect, read, write, call}"));
  }

  /** As {@link #declare}, with the key also a field of the set-up form ("Timeouts (ms)", JSON). */
  public static ConfigSpec.Builder declareInForm(ConfigSpec.Builder spec) {
    return spec.object(
        KEY,
        spec(),
        k ->
            k.defaultValue(DEFAULTS.asConfig())
                .description("timeouts in milliseconds: {connect, read, write, call}")
                .form(f -> f.label("Timeouts (ms)")));
  }

  /** The timeouts of a bound configuration; {@link #DEFAULTS} for those not given. */
  public static HttpTimeouts from(ConnectorConfig config) {
    return config
        .object(KEY)
        .map(
            t ->
                new HttpTimeouts(
                    millis(t, "connect", DEFAULTS.connect),
                    millis(t, "read", DEFAULTS.read),
                    millis(t, "write", DEFAULTS.write),
                    millis(t, "call", DEFAULTS.call)))
        .orElse(DEFAULTS);
  }

  private static Duration millis(ConnectorConfig timeout, String key, Duration fallback) {
    return timeout.number(key).map(Duration::ofMillis).orElse(fallback);
  }

  /** The JSON-shaped form: {@code {connect, read, write, call}} in milliseconds. */
  public Map<String, Object> asConfig() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("connect", connect.toMillis());
    map.put("read", read.toMillis());
    map.put("write", write.toMillis());
    map.put("call", call.toMillis());
    return Map.copyOf(map);
  }
}
