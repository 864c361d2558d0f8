package dev.authmail.runtime.config;

import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The secret values of a configuration, and a scrubber that replaces them in any text about to be
 * shown. The config spec decides what is secret; masking the spec's keys ({@link ConfigSpec#mask})
 * covers structured output, and {@link #redact} is the second line of defence for free text such as
 * an error message a connector built from its configuration.
 *
 * <p>A provider that echoes a credential rarely echoes it exactly as configured, so each secret is
 * also found without its auth-scheme prefix ({@code Bearer abc} → {@code abc}), in any letter case,
 * base64-encoded (standard and URL-safe, with or without padding) and URL-encoded. This is the one
 * redaction code path: every connector instance the runtime creates reports errors through it
 * ({@code RedactingConnector}), and it caps an error text at {@value #MAX_ERROR_TEXT} characters
 * before it is stored or returned.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secrets {
  /** Shorter values are not scrubbed from text: replacing "a" everywhere would garble messages. */
  private static final int MIN_LENGTH = 4;

  /**
   * The longest error text kept from a provider: enough to diagnose, not a copy of a whole page.
   */
  public static final int MAX_ERROR_TEXT = 1000;

  private static final Pattern AUTH_SCHEME =
      Pattern.compile(
          "(?i)(?:bearer|basic|token|bot|apikey|api-key|key|sso-key|digest|klaviyo-api-key)"
              + "\\s+(\\S.*)");
  private static final Secrets NONE = new Secrets(Set.of());

  /**
   * Longest first, so a secret that contains another is masked whole; sorted once, redacted often.
   */
  private final List<String> values;

  /** Every value and its encodings, longest first, case-insensitive; null when there are none. */
  private final Pattern pattern;

  private Secrets(Set<String> values) {
    this.values =
        values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    Set<String> forms = new LinkedHashSet<>();
    for (String value : this.values) {
      forms.addAll(encodings(value));
      Matcher scheme = AUTH_SCHEME.matcher(value.strip());
      if (scheme.matches() && scheme.group(1).length() >= MIN_LENGTH) {
        forms.addAll(encodings(scheme.group(1)));
      }
    }
    this.pattern =
        forms.isEmpty()
            ? null
            : Pattern.compile(
                forms.stream()
                    .filter(f -> f.length() >= MIN_LENGTH)
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .map(Pattern::quote)
                    .collect(Collectors.joining("|")),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** A value as it may appear in a provider's text: as is, base64 (both alphabets), URL-encoded. */
  private static List<String> encodings(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    String base64 = Base64.getEncoder().encodeToString(bytes);
    String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
    return List.of(
        value,
        base64,
        stripPadding(base64),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
        url,
        url.replace("+", "%20"));
  }

  private static String stripPadding(String base64) {
    int end = base64.length();
    while (end > 0 && base64.charAt(end - 1) == '=') {
      end--;
    }
    return base64.substring(0, end);
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
   * {@code text} with every secret value and its common encodings (see the class comment) replaced
   * by {@link ConfigSpec#MASK}, longest first, so a secret that contains another is masked whole.
   */
  public String redact(String text) {
    if (text == null || pattern == null) {
      return text;
    }
    return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(ConfigSpec.MASK));
  }

  /** {@link #redact(String)}, then cut to {@value #MAX_ERROR_TEXT} characters: for error texts. */
  public String redactError(String text) {
    String out = redact(text);
    if (out == null || out.length() <= MAX_ERROR_TEXT) {
      return out;
    }
    return out.substring(0, MAX_ERROR_TEXT)
        + "… ("
        + (out.length() - MAX_ERROR_TEXT)
        + " more characters cut)";
  }

  /**
   * {@code e} with its message redacted and capped ({@link #redactError}): a provider may quote the
   * credential it was given, and messages reach API answers and the database. Code, {@code
   * retryAfter()}, {@code maybeDelivered()} and {@code recipientUnknown()} are kept; the original
   * becomes the cause (causes are never shown to API callers). Returns {@code e} itself when
   * nothing needed masking.
   */
  public ConnectorException redact(ConnectorException e) {
    String message = e.getMessage();
    if (message == null || !e.problems().isEmpty()) {
      return e;
    }
    String redacted = redactError(message);
    if (redacted.equals(message)) {
      return e;
    }
    if (e.recipientUnknown()) {
      return ConnectorException.recipientUnknown(redacted, e);
    }
    return e.maybeDelivered()
        ? ConnectorException.outcomeUnknown(e.code(), redacted, e)
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
