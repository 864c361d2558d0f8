package dev.authmail.runtime.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * TXT record text as a zone file wants it: one TXT string holds at most 255 bytes (RFC 1035 3.3).
 */
public final class DnsText {
  private DnsText() {}

  /** {@code "first 255" "next 255" …}, quotes and backslashes escaped. */
  public static String zoneStrings(String text) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < text.length(); i += 255) {
      String part =
          text.substring(i, Math.min(text.length(), i + 255))
              .replace("\\", "\\\\")
              .replace("\"", "\\\"");
      parts.add('"' + part + '"');
    }
    return parts.isEmpty() ? "\"\"" : String.join(" ", parts);
  }
}
