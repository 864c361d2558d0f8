package dev.authmail.connector.api;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the text part of an email from its HTML: drops head, style and script; turns line and
 * block ends into line breaks; keeps a link's address after its label; decodes entities; tidies
 * white space. Good enough for verification emails, not a general HTML renderer.
 *
 * <p>Stateless and thread-safe.
 */
final class HtmlText {
  private static final Pattern DROP =
      Pattern.compile("(?is)<!--.*?-->|<(head|style|script|title)\\b[^>]*>.*?</\\1\\s*>");
  private static final Pattern LINK =
      Pattern.compile("(?is)<a\\b[^>]*?href\\s*=\\s*([\"'])(.*?)\\1[^>]*>(.*?)</a\\s*>");
  private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>");
  private static final Pattern BLOCK_END =
      Pattern.compile(
          "(?i)</(p|div|tr|table|h[1-6]|li|ul|ol|blockquote|pre|section|header|footer)\\s*>"
              + "|<(p|div|tr|h[1-6]|li|hr)\\b[^>]*>");
  private static final Pattern CELL_END = Pattern.compile("(?i)</t[dh]\\s*>");
  private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);");

  private HtmlText() {}

  public static String toText(String html) {
    if (html == null) {
      return null;
    }
    String s = DROP.matcher(html).replaceAll("");
    s = replaceLinks(s);
    s = BREAK.matcher(s).replaceAll("\n");
    s = BLOCK_END.matcher(s).replaceAll("\n");
    s = CELL_END.matcher(s).replaceAll(" ");
    s = TAG.matcher(s).replaceAll("");
    s = decode(s);
    return tidy(s);
  }

  private static String replaceLinks(String s) {
    Matcher m = LINK.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String href = decode(m.group(2)).trim();
      String label = decode(TAG.matcher(m.group(3)).replaceAll("")).trim();
      String text;
      if (href.isEmpty() || href.startsWith("#") || href.equals(label)) {
        text = label;
      } else if (label.isEmpty()) {
        text = href;
      } else {
        text = label + " (" + href + ")";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(protect(text)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The decoded link text, encoded again so that the passes after it (tag stripping, entity
   * decoding) give it back unchanged: a label such as {@code <b>} must not read as a tag.
   */
  private static String protect(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String decode(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String rep;
      if (e.startsWith("#x") || e.startsWith("#X")) {
        rep = codePoint(e.substring(2), 16, m.group());
      } else if (e.startsWith("#")) {
        rep = codePoint(e.substring(1), 10, m.group());
      } else {
        rep =
            switch (e.toLowerCase(Locale.ROOT)) {
              case "amp" -> "&";
              case "lt" -> "<";
              case "gt" -> ">";
              case "quot" -> "\"";
              case "apos" -> "'";
              case "nbsp" -> " ";
              case "copy" -> "©";
              case "reg" -> "®";
              case "mdash" -> "—";
              case "ndash" -> "–";
              case "hellip" -> "…";
              case "zwnj", "zwj" -> "";
              default -> m.group();
            };
      }
      m.appendReplacement(out, Matcher.quoteReplacement(rep));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The character of a numeric entity; the entity as written when it is out of range or NUL. */
  private static String codePoint(String digits, int radix, String original) {
    int cp;
    try {
      cp = Integer.parseInt(digits, radix);
    } catch (NumberFormatException e) {
      return original; // more digits than any code point has
    }
    return cp > 0 && Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : original;
  }

  private static String tidy(String s) {
    StringBuilder out = new StringBuilder();
    int blank = 0;
    for (String line : s.split("\r?\n", -1)) {
      String t = line.replaceAll("[ \\t\\x0B\\f\\u00a0]+", " ").strip();
      if (t.isEmpty()) {
        blank++;
        continue;
      }
      if (out.length() > 0) {
        out.append(blank > 0 ? "\n\n" : "\n");
      }
      blank = 0;
      out.append(t);
    }
    return out.toString();
  }
}
