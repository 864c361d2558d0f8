package dev.authmail.connector.toolkit;

/** HTML escaping for text put into HTML. Stateless and thread-safe. */
public final class Html {
  private Html() {}

  /** Escapes {@code & < > " '} so a value is text in element content and quoted attributes. */
  public static String escape(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String rep =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (rep != null && out == null) {
        out = new StringBuilder(value.length() + 16).append(value, 0, i);
      }
      if (out != null) {
        if (rep != null) {
          out.append(rep);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? value : out.toString();
  }
}
