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
 * <p>In HTML, a placeholder that begins a URL attribute ({@code href="{{link}}"}, also {@code src},
 * {@code action}…) must render to an {@code http} or {@code https} URL (or a relative one): any
 * other scheme ({@code javascript:}, {@code data:}, {@code vbscript:}) becomes {@value #NEUTRALIZED},
 * so a payload cannot turn a template's button into script. The HTTP API refuses such a
 * {@code link} when it accepts a message; this is the defence in depth for every connector with
 * its own templates.
 *
 * <p>Stateless and thread-safe.
 */
public final class Placeholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([\\w.]+)\\s*}}");
  /** The end of the text before a placeholder that starts a URL attribute's value. */
  private static final Pattern URL_ATTRIBUTE = Pattern.compile(
      "(?i)\\b(?:href|src|action|formaction|xlink:href|background|poster|cite|data)\\s*=\\s*[\"']?\\s*$");
  /** A URL's scheme, once whitespace and control characters (which browsers skip) are removed. */
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
  /** What a URL attribute gets instead of a value with another scheme than http(s). */
  static final String NEUTRALIZED = "#";

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
        if (escapeHtml && startsUrlAttribute(template, m.start()) && !safeUrl(value)) {
          value = NEUTRALIZED;
        }
        replacement = escapeHtml ? Html.escape(value) : value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean startsUrlAttribute(String template, int at) {
    int from = Math.max(0, at - 40);
    return URL_ATTRIBUTE.matcher(template.substring(from, at)).find();
  }

  /** An http(s) URL or one without a scheme (relative); anything else is refused. */
  static boolean safeUrl(String value) {
    StringBuilder compact = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0x20 && c != 0x7F) {
        compact.append(c);
      }
    }
    Matcher scheme = SCHEME.matcher(compact);
    if (!scheme.find()) {
      return true;
    }
    String name = scheme.group(1).toLowerCase(java.util.Locale.ROOT);
    return name.equals("http") || name.equals("https");
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
