package dev.authmail.connector.api.template;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logto's placeholder syntax: {@code {{ code }}}, {@code {{organization.name}}} (regex
 * {@code {{\s*([\w.]+)\s*}}}). When the first segment of the path is absent from the data the
 * placeholder stays as written; when it is present but a later segment is missing or null, the
 * placeholder becomes empty. Unlike Logto, values are HTML-escaped in HTML content.
 *
 * <p>Stateless and thread-safe.
 */
public final class Placeholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([\\w.]+)\\s*}}");

  private Placeholders() {}

  /** Fills placeholders with values as they are: for text content and subjects. */
  public static String render(String template, Map<String, ?> data) {
    return render(template, data, false);
  }

  /** Fills placeholders with HTML-escaped values: for HTML content. */
  public static String renderHtml(String template, Map<String, ?> data) {
    return render(template, data, true);
  }

  /** Fills placeholders; {@code escapeHtml} escapes each value for HTML. */
  public static String render(String template, Map<String, ?> data, boolean escapeHtml) {
    if (template == null || template.indexOf("{{") < 0) {
      return template;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 32);
    while (m.find()) {
      String path = m.group(1);
      String[] segments = path.split("\\.", -1);
      String replacement;
      if (!data.containsKey(segments[0])) {
        replacement = m.group();
      } else {
        String value = text(lookup(data, segments));
        replacement = escapeHtml ? Html.escape(value) : value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Object lookup(Map<String, ?> data, String[] segments) {
    Object current = data.get(segments[0]);
    for (int i = 1; i < segments.length && current != null; i++) {
      current = current instanceof Map<?, ?> map ? map.get(segments[i]) : null;
    }
    return current;
  }

  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Map || value instanceof List) {
      return Json.write(value);
    }
    return String.valueOf(value);
  }
}
