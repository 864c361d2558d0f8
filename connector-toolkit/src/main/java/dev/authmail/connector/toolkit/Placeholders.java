package dev.authmail.connector.toolkit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logto's placeholder syntax and semantics ({@code replaceSendMessageHandlebars} in Logto's
 * connector-kit): {@code {{ code }}}, {@code {{organization.name}}}, {@code {{
 * application.customData.baz.1 }}} (regex {@code {{\s*([\w.]+)\s*}}}).
 *
 * <ul>
 *   <li>the first segment absent from the data: the placeholder stays as written;
 *   <li>present: the path is followed through objects (by key) and arrays (by index, and {@code
 *       length}); a missing step or {@code null} gives an empty string;
 *   <li>values print as JavaScript's {@code String(value)} would ({@link JsText}): numbers as
 *       JavaScript prints them, {@code true}/{@code false}; objects and arrays print as JSON.
 * </ul>
 *
 * The one intended difference from Logto: in HTML content values are HTML-escaped, and a value's
 * line breaks become {@code <br>}, so a multi-line value shows as lines.
 *
 * <p>In HTML, a placeholder that begins a URL attribute ({@code href="{{link}}"}, also {@code src},
 * {@code action}…) must render to an {@code http} or {@code https} URL (or a relative one): any
 * other scheme ({@code javascript:}, {@code data:}, {@code vbscript:}) becomes {@value
 * #NEUTRALIZED}, so a payload cannot turn a template's button into script. The HTTP API refuses
 * such a {@code link} when it accepts a message; this is the defence in depth for every connector
 * with its own templates.
 *
 * <p>Stateless and thread-safe.
 */
public final class Placeholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([\\w.]+)\\s*}}");

  /** The end of the text before a placeholder that starts a URL attribute's value. */
  private static final Pattern URL_ATTRIBUTE =
      Pattern.compile(
          "(?i)\\b(?:href|src|action|formaction|xlink:href|background|poster|cite|data)"
              + "\\s*=\\s*[\"']?\\s*$");

  /** A URL's scheme, once whitespace and control characters (which browsers skip) are removed. */
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");

  /** What a URL attribute gets instead of a value with another scheme than http(s). */
  static final String NEUTRALIZED = "#";

  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

  /** A canonical array index, as JavaScript's property lookup takes it: "1", not "01". */
  private static final Pattern INDEX = Pattern.compile("0|[1-9]\\d{0,8}");

  private Placeholders() {}

  /** Fills placeholders with values as they are: for text content and subjects. */
  public static String render(String template, Map<String, ?> data) {
    return render(template, data, false);
  }

  /** Fills placeholders with HTML-escaped values, line breaks as {@code <br>}: for HTML content. */
  public static String renderHtml(String template, Map<String, ?> data) {
    return render(template, data, true);
  }

  /**
   * Fills placeholders; {@code html} escapes each value for HTML and turns its line breaks into
   * {@code <br>}.
   */
  public static String render(String template, Map<String, ?> data, boolean html) {
    if (template == null || template.indexOf("{{") < 0) {
      return template;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 32);
    while (m.find()) {
      String path = m.group(1);
      String replacement;
      if (!hasRoot(data, path)) {
        replacement = m.group();
      } else {
        String value = JsText.of(lookup(data, path));
        if (html && startsUrlAttribute(template, m.start()) && !safeUrl(value)) {
          value = NEUTRALIZED;
        }
        replacement = html ? LINE_BREAK.matcher(Html.escape(value)).replaceAll("<br>") : value;
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

  /**
   * The paths of the placeholders a template holds that {@code data} fills, in order of appearance.
   */
  public static Set<String> filledPaths(String template, Map<String, ?> data) {
    Set<String> paths = new LinkedHashSet<>();
    if (template != null && template.contains("{{")) {
      Matcher m = PLACEHOLDER.matcher(template);
      while (m.find()) {
        if (hasRoot(data, m.group(1))) {
          paths.add(m.group(1));
        }
      }
    }
    return paths;
  }

  /**
   * The value at a dotted path, with Logto's {@code getValue}: objects by key, arrays by index or
   * {@code length}; anything else (a string, a number, null) ends the walk with {@code null}.
   */
  public static Object lookup(Map<String, ?> data, String path) {
    Object current = data;
    for (String segment : path.split("\\.", -1)) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(segment);
      } else if (current instanceof List<?> list) {
        if (segment.equals("length")) {
          current = list.size();
        } else if (INDEX.matcher(segment).matches() && Integer.parseInt(segment) < list.size()) {
          current = list.get(Integer.parseInt(segment));
        } else {
          current = null;
        }
      } else {
        return null;
      }
    }
    return current;
  }

  /** Logto's {@code baseKey && baseKey in payload}: an empty first segment never matches. */
  private static boolean hasRoot(Map<String, ?> data, String path) {
    int dot = path.indexOf('.');
    String root = dot < 0 ? path : path.substring(0, dot);
    return !root.isEmpty() && data.containsKey(root);
  }
}
