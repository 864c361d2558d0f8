package dev.authmail.connector.logtoemail.branding;

import com.google.common.net.InternetDomainName;
import dev.authmail.connector.api.ConnectorException;
import java.net.IDN;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules for the tenant's two text fields, {@code senderName} and {@code companyInformation}.
 *
 * <p>Why no URLs at all: every tenant sends from one shared address with one shared reputation. A
 * link or anything a mail client turns into one (a bare {@code example.com}, an IP address) lets a
 * tenant steer recipients anywhere under the platform's name, which is how shared senders end up on
 * block lists. So text is text: no scheme, no {@code www.}, no domain-looking word, no IP. Control
 * characters are refused because the sender name becomes a header and the company lines are laid
 * out by line. Stateless and thread-safe.
 */
final class BrandingText {
  static final int SENDER_NAME_MAX = 64;
  static final int COMPANY_MAX = 500;
  static final int COMPANY_MAX_LINES = 8;

  /** {@code https://}, {@code ftp://}, any {@code scheme://}, and schemes used without slashes. */
  private static final Pattern SCHEME =
      Pattern.compile(
          "(?i)(?<![\\p{L}\\p{N}])(?:[a-z][a-z0-9+.-]*://"
              + "|(?:javascript|vbscript|data|mailto|file|sms|callto|skype|intent)\\s*:\\s*\\S)");

  private static final Pattern WWW = Pattern.compile("(?i)(?<![\\p{L}\\p{N}])www\\d?\\.");

  /**
   * A domain-looking word: labels joined by dots. It is a web address when it ends in a real public
   * suffix ({@link #isWebAddress}), which keeps "Acme Inc.", "Ph.D." or "v2.0" text while catching
   * "example.com", "acme.co.uk", "paypal.zip" and IDNs like "例え.jp". No space is allowed around the
   * dot: "GmbH &amp; Co. KG" is a company, not a domain.
   */
  private static final Pattern DOMAIN_CANDIDATE =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}_-])[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?"
              + "(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?)+"
              + "(?![\\p{L}\\p{N}_-])");

  /** "paypal dot com", "paypal (dot) com", "paypal [dot] com": the dot spelled out. */
  private static final Pattern SPELLED_DOT =
      Pattern.compile(
          "(?i)(?<=[\\p{L}\\p{N}])\\s*[(\\[{<]?\\s*\\bdot\\b\\s*[)\\]}>]?\\s*(?=[\\p{L}\\p{N}])");

  /**
   * Characters that look like a full stop and that NFKC leaves alone (it already folds the
   * full-width "．", the one-dot leader U+2024 and the small full stop U+FE52 into "."):
   * ideographic, middle dots, bullets, Arabic and Syriac full stops, Vai and Lisu look-alikes.
   */
  private static final String CONFUSABLE_DOTS =
      "\u3002\uFF61\u00B7\u2027\u2022\u2219\u22C5\u30FB\u2E31"
          + "\u2E33\u06D4\u0701\u0702\uA60E\uA4F8\u0387\u16EB\u1427\u2981\u2E3C";

  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d])");

  /** Full or compressed IPv6 (with {@code ::}); a clock time like 10:30:00 is not matched. */
  private static final Pattern IPV6 =
      Pattern.compile(
          "(?i)(?<![0-9a-f:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"
              + "|(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4}::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4})"
              + "(?![0-9a-f:])");

  private static final List<Pattern> LINKISH = List.of(SCHEME, WWW, IPV4, IPV6);

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
      throw ConnectorException.invalidConfig(
          key,
          "is "
              + length
              + " characters long; at most "
              + SENDER_NAME_MAX
              + " are allowed (it is shown as the sender's name, e.g. \"Acme\")");
    }
    String checked = normalized(name);
    for (char c : new char[] {'@', '<', '>'}) {
      if (checked.indexOf(c) >= 0) {
        throw ConnectorException.invalidConfig(
            key,
            "must not contain \""
                + c
                + "\" (found in \""
                + shorten(name)
                + "\"): an address in the sender name would pose as the sender; write a plain name,"
                + " e.g. \"Acme\"");
      }
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
      throw ConnectorException.invalidConfig(
          key,
          "is "
              + length
              + " characters long; at most "
              + COMPANY_MAX
              + " are allowed (company name, address and postal code)");
    }
    List<String> lines = text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    if (lines.size() > COMPANY_MAX_LINES) {
      throw ConnectorException.invalidConfig(
          key,
          "has "
              + lines.size()
              + " lines; at most "
              + COMPANY_MAX_LINES
              + " are allowed (company name, address and postal code)");
    }
    refuseLinks(key, text, "company information");
    return lines;
  }

  /**
   * What in {@code text} looks like a URL, web address or IP address; empty when nothing does. The
   * text is checked as a mail client would show it: NFKC-normalized (full-width letters and dots),
   * with look-alike dots and a spelled-out "dot" read as ".".
   */
  static Optional<String> findLink(String text) {
    String normalized = normalized(text);
    for (String candidate : List.of(normalized, SPELLED_DOT.matcher(normalized).replaceAll("."))) {
      for (Pattern pattern : LINKISH) {
        Matcher m = pattern.matcher(candidate);
        if (m.find()) {
          return Optional.of(m.group().strip());
        }
      }
      Matcher m = DOMAIN_CANDIDATE.matcher(candidate);
      while (m.find()) {
        if (isWebAddress(m.group())) {
          return Optional.of(m.group());
        }
      }
    }
    return Optional.empty();
  }

  /** NFKC, then every look-alike dot as ".". */
  static String normalized(String text) {
    String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(nfkc.length());
    for (int i = 0; i < nfkc.length(); i++) {
      char c = nfkc.charAt(i);
      out.append(CONFUSABLE_DOTS.indexOf(c) >= 0 ? '.' : c);
    }
    return out.toString();
  }

  /**
   * Whether {@code name} ({@code label.label…}) ends in a public suffix of the public suffix list
   * that Guava ships (every ICANN TLD, and suffixes such as {@code co.uk} or {@code github.io}).
   */
  static boolean isWebAddress(String name) {
    String ascii;
    try {
      ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (!InternetDomainName.isValid(ascii)) {
      return false;
    }
    InternetDomainName domain = InternetDomainName.from(ascii);
    return domain.hasPublicSuffix() && domain.parts().size() > 1;
  }

  private static void refuseLinks(String key, String text, String what) {
    findLink(text)
        .ifPresent(
            found -> {
              throw ConnectorException.invalidConfig(
                  key,
                  "URL is not allowed in "
                      + what
                      + " (found \""
                      + shorten(found)
                      + "\"). Links, web addresses, domain names and IP addresses are refused"
                      + " because every tenant of the built-in email service shares one sender;"
                      + " write plain text, e.g. your company's name");
            });
  }

  private static void refuseControls(String key, String text, boolean linesAllowed) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' && linesAllowed) {
        continue;
      }
      if (c == '\n' || c == '\r') {
        throw ConnectorException.invalidConfig(
            key, "must be a single line (it becomes the From header's display name)");
      }
      // Bidi overrides and isolates can make text read differently from what it is (spoofing).
      boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
      if (Character.isISOControl(c) || bidi || c == '\u2028' || c == '\u2029') {
        throw ConnectorException.invalidConfig(
            key,
            String.format(
                "contains the control character U+%04X at position %d; remove it", (int) c, i + 1));
      }
    }
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
