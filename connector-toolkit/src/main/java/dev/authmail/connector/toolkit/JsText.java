package dev.authmail.connector.toolkit;

import dev.authmail.connector.api.Payload;
import java.util.List;
import java.util.Map;

/**
 * JSON values as text the way Logto's connectors print them ({@code String(value)} in JavaScript),
 * so that a template renders the same in authmail as in Logto. Logto receives every payload through
 * {@code JSON.parse}, so every number is an IEEE double and prints as JavaScript's {@code
 * Number.prototype.toString} does ({@link Payload#numberText}, which the payload itself uses for
 * {@code code}): {@code 1.0} → {@code 1}, {@code 1e21} → {@code 1e+21}, {@code
 * 12345678901234567890} → {@code 12345678901234567000}.
 *
 * <p>The one deliberate difference: objects and arrays print as JSON, where JavaScript prints
 * {@code [object Object]} and comma-joined elements.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsText {
  private JsText() {}

  /**
   * {@code null} → empty (Logto's {@code String(value ?? '')}); numbers as JavaScript; objects and
   * lists as JSON.
   */
  public static String of(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Number number) {
      return Payload.numberText(number);
    }
    if (value instanceof Map || value instanceof List) {
      return Json.write(value);
    }
    return String.valueOf(value);
  }
}
