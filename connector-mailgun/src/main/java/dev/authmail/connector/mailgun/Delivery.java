package dev.authmail.connector.mailgun;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.Mailbox;
import dev.authmail.connector.api.UsageType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What Logto's Mailgun {@code deliveries} holds for one usage type: content that authmail renders
 * ({@link Content}), or a template stored at Mailgun that Mailgun renders ({@link Stored}). Both
 * may carry a {@code subject} (with placeholders) and a {@code replyTo}.
 */
sealed interface Delivery {
  /** The keys one delivery may have; anything else is a typo worth reporting. */
  Set<String> KEYS = Set.of("html", "text", "subject", "replyTo", "template", "variables");

  String subject();

  Mailbox replyTo();

  /**
   * Logto's raw delivery: HTML (placeholders escaped when rendered) and an optional text part, else
   * derived from the HTML.
   */
  record Content(String subject, Mailbox replyTo, String html, String text) implements Delivery {}

  /**
   * A template stored in Mailgun: sent as {@code template}, with {@code variables} and the payload
   * in {@code h:X-Mailgun-Variables} (the payload wins, as in Logto).
   */
  record Stored(String subject, Mailbox replyTo, String template, Map<String, Object> variables)
      implements Delivery {
    public Stored {
      variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }
  }

  /** Reads the {@code key} map of a checked config, adding each problem with its path. */
  static Map<UsageType, Delivery> read(
      ConnectorConfig config, String key, ConfigProblems problems) {
    Map<UsageType, Delivery> out = new EnumMap<>(UsageType.class);
    if (!(config.get(key) instanceof Map<?, ?> map)) {
      return out;
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String path = config.path(key) + "." + entry.getKey();
      UsageType type;
      try {
        type = UsageType.parse(String.valueOf(entry.getKey()));
      } catch (IllegalArgumentException e) {
        problems.add(path, e.getMessage());
        continue;
      }
      if (!(entry.getValue() instanceof Map<?, ?> fields)) {
        problems.add(
            path,
            "expected an object such as {\"subject\": \"Your code {{code}}\", \"html\":"
                + " \"<p>{{code}}</p>\"}");
        continue;
      }
      Delivery delivery = one(path, fields, problems);
      if (delivery != null) {
        out.put(type, delivery);
      }
    }
    return out;
  }

  private static Delivery one(String path, Map<?, ?> fields, ConfigProblems problems) {
    int before = problems.problems().size();
    for (Object name : fields.keySet()) {
      if (!KEYS.contains(String.valueOf(name))) {
        problems.add(
            path + "." + name,
            "unknown key; a delivery takes " + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    String html = text(path, fields, "html", problems);
    String text = text(path, fields, "text", problems);
    String subject = text(path, fields, "subject", problems);
    String template = text(path, fields, "template", problems);
    Mailbox replyTo = null;
    String rawReplyTo = text(path, fields, "replyTo", problems);
    if (rawReplyTo != null && !rawReplyTo.isBlank()) {
      try {
        replyTo = Mailbox.parse(rawReplyTo);
      } catch (IllegalArgumentException e) {
        problems.add(path + ".replyTo", "expected an address or Name <address>: " + e.getMessage());
      }
    }
    Object variables = fields.get("variables");
    if (variables != null && !(variables instanceof Map)) {
      problems.add(
          path + ".variables",
          "expected an object of template variables, e.g. {\"product\": \"Acme\"}");
    }
    if ((html == null) == (template == null)) {
      problems.add(
          path,
          "give either html (with text optional) or a stored Mailgun template, not "
              + (html == null ? "neither" : "both"));
    } else if (template != null && (text != null)) {
      problems.add(path + ".text", "is only used with html; a stored template has its own text");
    } else if (html != null && variables != null) {
      problems.add(path + ".variables", "is only used with a stored template");
    }
    if (problems.problems().size() > before) {
      return null;
    }
    if (template != null) {
      Map<String, Object> vars = new LinkedHashMap<>();
      if (variables instanceof Map<?, ?> v) {
        v.forEach((name, value) -> vars.put(String.valueOf(name), value));
      }
      return new Stored(subject, replyTo, template, vars);
    }
    return new Content(subject, replyTo, html, text);
  }

  private static String text(String path, Map<?, ?> fields, String name, ConfigProblems problems) {
    Object value = fields.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    problems.add(
        path + "." + name,
        "expected a string, got " + (value instanceof Map ? "an object" : value));
    return null;
  }
}
