package dev.authmail.runtime.config;

import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorException;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secret values of a configuration, and a scrubber that replaces them in any text about to be
 * shown. The config spec decides what is secret; masking the spec's keys ({@link ConfigSpec#mask})
 * covers structured output, and {@link #redact} is the second line of defence for free text such
 * as an error message a connector built from its configuration.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secrets {
  /** Shorter values are not scrubbed from text: replacing "a" everywhere would garble messages. */
  private static final int MIN_LENGTH = 4;
  private static final Secrets NONE = new Secrets(Set.of());

  /** Longest first, so a secret that contains another is masked whole; sorted once, redacted often. */
  private final List<String> values;

  private Secrets(Set<String> values) {
    this.values = values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  public static Secrets none() {
    return NONE;
  }

  public static Secrets of(Collection<String> values) {
    Set<String> kept = new LinkedHashSet<>();
    for (String value : values) {
      if (value != null && value.length() >= MIN_LENGTH) {
        kept.add(value);
      }
    }
    return new Secrets(kept);
  }

  /** The values of the spec's secret keys in {@code config}, at any depth. */
  public static Set<String> valuesIn(ConfigSpec spec, Map<String, ?> config) {
    Set<String> out = new LinkedHashSet<>();
    collect(spec, config, out);
    return out;
  }

  public Secrets plus(Secrets other) {
    Set<String> all = new LinkedHashSet<>(values);
    all.addAll(other.values);
    return new Secrets(all);
  }

  /** The secret values of {@code config}, a configuration checked against {@code spec}. */
  public static Secrets in(ConfigSpec spec, Map<String, ?> config) {
    return of(valuesIn(spec, config));
  }

  /**
   * {@code text} with every secret value replaced by {@link ConfigSpec#MASK}, longest first, so a
   * secret that contains another is masked whole.
   */
  public String redact(String text) {
    if (text == null || values.isEmpty()) {
      return text;
    }
    String out = text;
    for (String value : values) {
      out = out.replace(value, ConfigSpec.MASK);
    }
    return out;
  }

  /**
   * {@code e} with its message redacted: a provider may quote the credential it was given, and
   * messages reach API answers. Code, {@code retryAfter()} and {@code maybeDelivered()} are kept;
   * the original becomes the cause (causes are never shown to API callers). Returns {@code e}
   * itself when nothing needed masking.
   */
  public ConnectorException redact(ConnectorException e) {
    String message = e.getMessage();
    if (message == null || !e.problems().isEmpty()) {
      return e;
    }
    String redacted = redact(message);
    if (redacted.equals(message)) {
      return e;
    }
    return e.maybeDelivered() ? ConnectorException.outcomeUnknown(e.code(), redacted, e)
        : ConnectorException.withRetryAfter(e.code(), redacted, e.retryAfter().orElse(null), e);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  private static void collect(ConfigSpec spec, Map<String, ?> config, Set<String> out) {
    if (config == null) {
      return;
    }
    for (ConfigKey key : spec.keys()) {
      Object value = config.get(key.name());
      if (value == null) {
        continue;
      }
      if (key.secret()) {
        addStrings(value, out);
      } else if (key.fields() != null && value instanceof Map<?, ?> map) {
        collect(key.fields(), stringKeys(map), out);
      } else if (key.fields() != null && value instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Map<?, ?> map) {
            collect(key.fields(), stringKeys(map), out);
          }
        }
      }
    }
  }

  private static void addStrings(Object value, Set<String> out) {
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> addStrings(v, out));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> addStrings(v, out));
    } else if (value != null) {
      out.add(String.valueOf(value));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> stringKeys(Map<?, ?> map) {
    return (Map<String, ?>) map;
  }

  @Override
  public String toString() {
    return "Secrets[" + values.size() + " values]";
  }
}
