package dev.authmail.connector.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration checked against its {@link ConfigSpec}: values coerced to their declared types
 * ({@code Long} for numbers, {@code Boolean}, {@code String}, nested {@code ConnectorConfig} for
 * objects with declared fields) and defaults filled in. A connector reads it once in {@code
 * create()} into its own immutable config record.
 *
 * <p>Accessors that require a value throw {@link ConnectorException} with {@link
 * ErrorCode#INVALID_CONFIG} naming the key's full path. {@link #toString()} masks secrets.
 * Immutable and thread-safe.
 */
public final class ConnectorConfig {
  private final Map<String, Object> values;
  private final ConfigSpec spec;
  private final String path;

  ConnectorConfig(Map<String, Object> values, ConfigSpec spec, String path) {
    this.values = Objects.requireNonNull(values, "values is null");
    this.spec = Objects.requireNonNull(spec, "spec is null");
    this.path = path;
  }

  /** Checks and binds {@code raw} against {@code spec}; shorthand for {@link ConfigSpec#bind}. */
  public static ConnectorConfig of(ConfigSpec spec, Map<String, ?> raw) {
    return spec.bind(raw);
  }

  /** The key's full path for messages: {@code auth.pass}, {@code templates[1].subject}. */
  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public boolean has(String key) {
    return values.get(key) != null;
  }

  /** The raw (coerced) value, or {@code null}. */
  public Object get(String key) {
    return values.get(key);
  }

  public Optional<String> string(String key) {
    Object value = values.get(key);
    return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
  }

  /**
   * @throws ConnectorException INVALID_CONFIG when absent or blank
   */
  public String requireString(String key) {
    return string(key)
        .filter(s -> !s.isBlank())
        .orElseThrow(() -> ConnectorException.invalidConfig(path(key), "is required"));
  }

  /**
   * The email address at {@code key}, when it is set and not blank (surrounding whitespace is
   * ignored).
   *
   * @throws ConnectorException INVALID_CONFIG naming the key, saying why the value is not an
   *     address
   */
  public Optional<EmailAddress> address(String key) {
    Optional<String> value = string(key).map(String::strip).filter(s -> !s.isEmpty());
    try {
      return value.map(EmailAddress::parse);
    } catch (IllegalArgumentException e) {
      throw ConnectorException.invalidConfig(path(key), e.getMessage());
    }
  }

  /**
   * A sender mailbox: a bare address or {@code Name <address>} ({@link Mailbox#parse}).
   *
   * @throws ConnectorException INVALID_CONFIG naming the key
   */
  public Optional<Mailbox> mailbox(String key) {
    Optional<String> value = string(key).map(String::strip).filter(s -> !s.isEmpty());
    try {
      return value.map(Mailbox::parse);
    } catch (IllegalArgumentException e) {
      throw ConnectorException.invalidConfig(path(key), e.getMessage());
    }
  }

  public Optional<Long> number(String key) {
    Object value = values.get(key);
    return value instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
  }

  /**
   * @throws ConnectorException INVALID_CONFIG when absent (declare a default in the spec) or beyond
   *     the range of an int (declare a range in the spec)
   */
  public int intValue(String key) {
    long value = longValue(key);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw ConnectorException.invalidConfig(
          path(key), "expected a number of at most " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }

  /**
   * @throws ConnectorException INVALID_CONFIG when absent (declare a default in the spec)
   */
  public long longValue(String key) {
    return number(key)
        .orElseThrow(() -> ConnectorException.invalidConfig(path(key), "is required"));
  }

  /** The boolean value; {@code false} when absent. */
  public boolean bool(String key) {
    return Boolean.TRUE.equals(values.get(key));
  }

  /** A nested object as a config (declared fields) or a free-form map wrapped with an open spec. */
  @SuppressWarnings("unchecked")
  public Optional<ConnectorConfig> object(String key) {
    Object value = values.get(key);
    if (!(value instanceof Map)) {
      return Optional.empty();
    }
    ConfigSpec fields = spec.key(key).map(ConfigKey::fields).orElse(null);
    return Optional.of(
        new ConnectorConfig(
            (Map<String, Object>) value, fields == null ? ConfigSpec.open() : fields, path(key)));
  }

  /** A list of objects, each as a config whose path is {@code key[i]}. */
  @SuppressWarnings("unchecked")
  public List<ConnectorConfig> objects(String key) {
    Object value = values.get(key);
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    ConfigSpec fields = spec.key(key).map(ConfigKey::fields).orElse(ConfigSpec.open());
    List<ConnectorConfig> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item instanceof Map) {
        out.add(new ConnectorConfig((Map<String, Object>) item, fields, path(key) + "[" + i + "]"));
      }
    }
    return out;
  }

  /** A list of plain values; empty when absent. */
  public List<Object> list(String key) {
    Object value = values.get(key);
    return value instanceof List<?> list ? List.copyOf(list) : List.of();
  }

  /** Every value, coerced; nested objects as maps. Includes secrets: never show it. */
  public Map<String, Object> asMap() {
    return values;
  }

  /** Every value with secrets replaced by {@link ConfigSpec#MASK}: safe to show. */
  public Map<String, Object> masked() {
    return spec.mask(values);
  }

  public ConfigSpec spec() {
    return spec;
  }

  @Override
  public String toString() {
    return "ConnectorConfig" + masked();
  }
}
