package dev.authmail.connector.api.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON values as text the way Logto's connectors print them ({@code String(value)} in JavaScript),
 * so that a template renders the same in authmail as in Logto. Logto receives every payload through
 * {@code JSON.parse}, so every number is an IEEE double and prints as JavaScript's {@code
 * Number.prototype.toString} does: {@code 1.0} → {@code 1}, {@code 1e21} → {@code 1e+21}, {@code
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
      return number(number);
    }
    if (value instanceof Map || value instanceof List) {
      return Json.write(value);
    }
    return String.valueOf(value);
  }

  /**
   * A number as JavaScript prints it (ECMA-262 Number::toString, radix 10) after JSON.parse made it
   * a double.
   */
  public static String number(Number number) {
    double d = number.doubleValue();
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return "0"; // -0 prints as 0 too
    }
    // Double.toString gives the shortest digits that round-trip (up to rare cases on Java 17)
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int k = digits.length();
    int n = k - decimal.scale(); // the value is 0.<digits> × 10^n
    StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }
}
