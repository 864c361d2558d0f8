package dev.authmail.connector.toolkit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A minimal JSON writer and reader for JSON-shaped values (maps, lists, strings, numbers, booleans,
 * null), so the SPI and a connector reading its provider's answers need no JSON library (a plugin's
 * own Jackson is never the runtime's). Stateless and thread-safe.
 */
public final class Json {
  private Json() {}

  /**
   * Parses RFC 8259 JSON: objects as {@code Map<String, Object>} in member order, arrays as {@code
   * List<Object>}, integers as {@link Long} (larger ones and fractions as {@link
   * java.math.BigDecimal}), {@code true}/{@code false} as {@link Boolean}, {@code null} as null.
   *
   * @throws IllegalArgumentException when {@code text} is not one JSON value; the message gives the
   *     position, never the text (a provider's answer may echo an address or a token)
   */
  public static Object read(String text) {
    return new JsonReader(Objects.requireNonNull(text, "text is null")).document();
  }

  /**
   * The value at {@code path} in a tree from {@link #read}: each step a member name ({@code
   * String}) or an array index ({@code Integer}), e.g. {@code at(tree, "errors", 0, "message")};
   * {@code null} when a step is missing or of the other kind.
   */
  public static Object at(Object tree, Object... path) {
    Object node = tree;
    for (Object step : path) {
      if (step instanceof String name && node instanceof Map<?, ?> map) {
        node = map.get(name);
      } else if (step instanceof Integer index && node instanceof List<?> list) {
        node = index >= 0 && index < list.size() ? list.get(index) : null;
      } else {
        return null;
      }
    }
    return node;
  }

  /**
   * {@link #at} as text: a string as is, a number or boolean in its JSON spelling, else {@code
   * null}.
   */
  public static String textAt(Object tree, Object... path) {
    Object value = at(tree, path);
    return value instanceof String || value instanceof Number || value instanceof Boolean
        ? String.valueOf(value)
        : null;
  }

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      string(String.valueOf(value), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
