package dev.authmail.connector.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a message says: Logto's payload. Known keys have accessors ({@link #code()}, {@link
 * #link()}, {@link #locale()}, {@link #uiLocales()}, and the context objects {@link #user()},
 * {@link #application()}, {@link #organization()}, {@link #inviter()}); any other key is kept as an
 * extra key and reaches templates and HTTP bodies unchanged.
 *
 * <p>Values are JSON-shaped: {@code String}, {@code Number}, {@code Boolean}, {@code null}, {@code
 * Map<String, ?>} and {@code List<?>}; the payload holds a deep immutable copy. Immutable and
 * thread-safe.
 */
public final class Payload {
  public static final String CODE = "code";
  public static final String LINK = "link";
  public static final String LOCALE = "locale";
  public static final String UI_LOCALES = "uiLocales";
  public static final String USER = "user";
  public static final String APPLICATION = "application";
  public static final String ORGANIZATION = "organization";
  public static final String INVITER = "inviter";

  private static final Set<String> STRING_KEYS = Set.of(CODE, LINK, LOCALE, UI_LOCALES);
  private static final Set<String> OBJECT_KEYS = Set.of(USER, APPLICATION, ORGANIZATION, INVITER);
  private static final Payload EMPTY = new Payload(Map.of());

  private final Map<String, Object> values;

  private Payload(Map<String, Object> values) {
    this.values = values;
  }

  public static Payload empty() {
    return EMPTY;
  }

  /**
   * A payload from a JSON-shaped map.
   *
   * @throws IllegalArgumentException naming the key when a known key has the wrong type (for
   *     example a {@code code} that is an object) or a value is not JSON-shaped
   */
  public static Payload of(Map<String, ?> values) {
    Objects.requireNonNull(values, "values is null");
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : values.entrySet()) {
      String key = Objects.requireNonNull(entry.getKey(), "payload key is null");
      Object value = entry.getValue();
      if (value instanceof Number number && STRING_KEYS.contains(key)) {
        // a code sent as 123456 is still the code "123456", printed as Logto's JavaScript would
        // (1.0 → "1")
        value = numberText(number);
      }
      if (value != null && STRING_KEYS.contains(key) && !(value instanceof String)) {
        throw new IllegalArgumentException(
            "payload." + key + " must be a string (or a number), not " + kind(value));
      }
      if (value != null && OBJECT_KEYS.contains(key) && !(value instanceof Map)) {
        throw new IllegalArgumentException(
            "payload." + key + " must be an object, not " + kind(value));
      }
      copy.put(key, deepCopy(value, "payload." + key));
    }
    return new Payload(Collections.unmodifiableMap(copy));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this payload's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.values.putAll(values);
    return builder;
  }

  public Optional<String> code() {
    return string(CODE);
  }

  public Optional<String> link() {
    return string(LINK);
  }

  /** The user's language tag as the platform saw it, e.g. {@code fr-CA}. */
  public Optional<String> locale() {
    return string(LOCALE);
  }

  /** OIDC's {@code ui_locales}: space-separated tags in order of preference. */
  public Optional<String> uiLocales() {
    return string(UI_LOCALES);
  }

  public Map<String, Object> user() {
    return object(USER);
  }

  public Map<String, Object> application() {
    return object(APPLICATION);
  }

  public Map<String, Object> organization() {
    return object(ORGANIZATION);
  }

  public Map<String, Object> inviter() {
    return object(INVITER);
  }

  /** Any value by key; {@code null} when absent or null. */
  public Object get(String key) {
    return values.get(key);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** Every key, known and extra, in insertion order; immutable. */
  public Map<String, Object> asMap() {
    return values;
  }

  /** The keys that are not among the known ones. */
  public Map<String, Object> extra() {
    Map<String, Object> extra = new LinkedHashMap<>(values);
    extra.keySet().removeAll(STRING_KEYS);
    extra.keySet().removeAll(OBJECT_KEYS);
    return Collections.unmodifiableMap(extra);
  }

  private Optional<String> string(String key) {
    Object value = values.get(key);
    return value instanceof String s ? Optional.of(s) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> object(String key) {
    Object value = values.get(key);
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  private static String kind(Object value) {
    return value instanceof Map
        ? "an object"
        : value instanceof List
            ? "an array"
            : value instanceof Boolean
                ? "a boolean"
                : value instanceof Number ? "a number" : "a string";
  }

  private static Object deepCopy(Object value, String path) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Number) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException(path + " has a key that is not a string");
        }
        copy.put(key, deepCopy(entry.getValue(), path + "." + key));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(deepCopy(list.get(i), path + "[" + i + "]"));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        path + " is not a JSON value (" + value.getClass().getSimpleName() + ")");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payload other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Shows the keys only: payloads carry one-time codes and personal data. */
  @Override
  public String toString() {
    return "Payload" + values.keySet();
  }

  /** Collects payload values; not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Builder() {}

    public Builder code(String code) {
      return put(CODE, code);
    }

    public Builder link(String link) {
      return put(LINK, link);
    }

    public Builder locale(String locale) {
      return put(LOCALE, locale);
    }

    public Builder uiLocales(String uiLocales) {
      return put(UI_LOCALES, uiLocales);
    }

    public Builder user(Map<String, ?> user) {
      return put(USER, user);
    }

    public Builder application(Map<String, ?> application) {
      return put(APPLICATION, application);
    }

    public Builder organization(Map<String, ?> organization) {
      return put(ORGANIZATION, organization);
    }

    public Builder inviter(Map<String, ?> inviter) {
      return put(INVITER, inviter);
    }

    /** Sets any key; a {@code null} value removes it. */
    public Builder put(String key, Object value) {
      if (value == null) {
        values.remove(key);
      } else {
        values.put(key, value);
      }
      return this;
    }

    public Payload build() {
      return Payload.of(values);
    }
  }

  /**
   * A number as text the way Logto's JavaScript prints it (ECMA-262 Number::toString, radix 10)
   * after JSON.parse made it a double: {@code 1.0} → {@code 1}, {@code 1e21} → {@code 1e+21}. The
   * payload applies it to {@code code} and the other text keys sent as numbers; a template renderer
   * prints numbers with it too, so a template renders as in Logto.
   */
  public static String numberText(Number number) {
    double d = number.doubleValue();
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return "0"; // -0 prints as 0 too
    }
    // Double.toString gives the shortest digits that round-trip (up to rare cases on Java 17)
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int k = digits.length();
    int n = k - decimal.scale(); // the value is 0.<digits> × 10^n
    StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }
}
