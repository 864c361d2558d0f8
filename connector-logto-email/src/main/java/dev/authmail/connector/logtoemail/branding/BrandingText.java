package dev.authmail.connector.logtoemail.branding;

import dev.authmail.connector.api.ConnectorException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules for the tenant's two text fields, {@code senderName} and {@code companyInformation}.
 *
 * <p>Why no URLs at all: every tenant sends from one shared address with one shared reputation. A
 * link or anything a mail client turns into one (a bare {@code example.com}, an IP address) lets a
 * tenant steer recipients anywhere under the platform's name, which is how shared senders end up
 * on block lists. So text is text: no scheme, no {@code www.}, no domain-looking word, no IP.
 * Control characters are refused because the sender name becomes a header and the company lines
 * are laid out by line. Stateless and thread-safe.
 */
final class BrandingText {
  static final int SENDER_NAME_MAX = 64;
  static final int COMPANY_MAX = 500;
  static final int COMPANY_MAX_LINES = 8;

  /** {@code https://}, {@code ftp://}, any {@code scheme://}, and schemes used without slashes. */
  private static final Pattern SCHEME = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{N}])(?:[a-z][a-z0-9+.-]*://|(?:javascript|vbscript|data|mailto|file|sms|callto|skype|intent)\\s*:\\s*\\S)");
  private static final Pattern WWW = Pattern.compile("(?i)(?<![\\p{L}\\p{N}])www\\d?\\.");
  /**
   * A domain-looking word: labels joined by dots ending in a top-level domain. TLDs are any two
   * letters (country codes) or a known generic one, which keeps "Acme Inc." or "Ph.D." text while
   * catching "example.com", "acme.co.uk", "shop.example.io" and IDNs like "例え.jp". No space is
   * allowed around the dot: "GmbH &amp; Co. KG" is a company, not a domain.
   */
  private static final Pattern DOMAIN = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{N}_-])(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?[.。．])+"
          + "(?:[a-z]{2}|xn--[a-z0-9-]{2,59}|com|net|org|info|biz|app|dev|xyz|online|site|shop|store|tech|cloud"
          + "|email|link|click|top|club|live|pro|io|ai|co|me|page|web|website|blog|news|mobi|name|asia|gov|edu"
          + "|mil|int|ltd|inc|llc|company|digital|media|network|systems|solutions|services|group|global|world"
          + "|space|fun|icu|vip|work|today|life|guru|agency|studio|design|art|zone|host|run|gle|goog)"
          + "(?![\\p{L}\\p{N}_-])");
  private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d])");
  /** Full or compressed IPv6 (with {@code ::}); a clock time like 10:30:00 is not matched. */
  private static final Pattern IPV6 = Pattern.compile(
      "(?i)(?<![0-9a-f:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4}::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4})(?![0-9a-f:])");

  private static final List<Pattern> LINKISH = List.of(SCHEME, WWW, IPV4, IPV6, DOMAIN);

  private BrandingText() {}

  /**
   * The sender name: one line, at most {@value #SENDER_NAME_MAX} characters, no URL.
   *
   * @return the trimmed name, empty when blank
   * @throws ConnectorException INVALID_CONFIG naming {@code key}
   */
  static Optional<String> senderName(String key, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String name = value.strip();
    refuseControls(key, name, false);
    int length = name.codePointCount(0, name.length());
    if (length > SENDER_NAME_MAX) {
      throw ConnectorException.invalidConfig(key, "is " + length + " characters long; at most " + SENDER_NAME_MAX
          + " are allowed (it is shown as the sender's name, e.g. \"Acme\")");
    }
    refuseLinks(key, name, "sender name");
    return Optional.of(name);
  }

  /**
   * Company information: up to {@value #COMPANY_MAX_LINES} lines, at most {@value #COMPANY_MAX}
   * characters, no URL. CRLF and CR become LF; blank lines and surrounding spaces are dropped.
   *
   * @return the lines, empty when blank
   * @throws ConnectorException INVALID_CONFIG naming {@code key}
   */
  static List<String> companyLines(String key, String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    String text = value.replace("\r\n", "\n").replace('\r', '\n').strip();
    refuseControls(key, text, true);
    int length = text.codePointCount(0, text.length());
    if (length > COMPANY_MAX) {
      throw ConnectorException.invalidConfig(key, "is " + length + " characters long; at most " + COMPANY_MAX
          + " are allowed (company name, address and postal code)");
    }
    List<String> lines = text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    if (lines.size() > COMPANY_MAX_LINES) {
      throw ConnectorException.invalidConfig(key, "has " + lines.size() + " lines; at most " + COMPANY_MAX_LINES
          + " are allowed (company name, address and postal code)");
    }
    refuseLinks(key, text, "company information");
    return lines;
  }

  /** What in {@code text} looks like a URL, web address or IP address; empty when nothing does. */
  static Optional<String> findLink(String text) {
    for (Pattern pattern : LINKISH) {
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return Optional.of(m.group().strip());
      }
    }
    return Optional.empty();
  }

  private static void refuseLinks(String key, String text, String what) {
    findLink(text).ifPresent(found -> {
      throw ConnectorException.invalidConfig(key, "URL is not allowed in " + what + " (found \"" + shorten(found)
          + "\"). Links, web addresses, domain names and IP addresses are refused because every tenant"
          + " of the built-in email service shares one sender; write plain text, e.g. your company's name");
    });
  }

  private static void refuseControls(String key, String text, boolean linesAllowed) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' && linesAllowed) {
        continue;
      }
      if (c == '\n' || c == '\r') {
        throw ConnectorException.invalidConfig(key, "must be a single line (it becomes the From header's display name)");
      }
      // Bidi overrides and isolates can make text read differently from what it is (spoofing).
      boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
      if (Character.isISOControl(c) || bidi || c == '\u2028' || c == '\u2029') {
        throw ConnectorException.invalidConfig(key, String.format(
            "contains the control character U+%04X at position %d; remove it", (int) c, i + 1));
      }
    }
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
