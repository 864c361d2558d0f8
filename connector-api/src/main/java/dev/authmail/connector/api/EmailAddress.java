package dev.authmail.connector.api;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;

/**
 * A validated mailbox address ({@code local@domain}), safe to put in a header or an SMTP command.
 *
 * <p>Construction refuses what could break a message or smuggle a header: control characters (CR
 * and LF among them), whitespace, a missing or doubled {@code @}, an empty local part, more than 64
 * characters before the {@code @} or 254 in all, and a malformed domain. Internationalized domains
 * ({@code bücher.example}) are accepted; {@link #asciiDomain()} gives their punycode form.
 *
 * <p>Immutable and thread-safe. Equality ignores the case of the domain, not of the local part.
 */
public final class EmailAddress {
  /** RFC 5321's limit on a forward path, less the angle brackets. */
  public static final int MAX_LENGTH = 254;

  private static final int MAX_LOCAL_LENGTH = 64;
  private static final String LOCAL_SPECIALS = "!#$%&'*+-/=?^_`{|}~.";

  private final String localPart;
  private final String domain;

  /** The punycode, lower-case form, computed once by {@link #parse}: equality and limits use it. */
  private final String asciiDomain;

  private EmailAddress(String localPart, String domain, String asciiDomain) {
    this.localPart = localPart;
    this.domain = domain;
    this.asciiDomain = asciiDomain;
  }

  /**
   * Parses and validates an address.
   *
   * @throws IllegalArgumentException saying what is wrong; the message never repeats control
   *     characters, so it is safe to log or return
   */
  public static EmailAddress parse(String value) {
    if (value == null || value.isEmpty()) {
      throw invalid("is empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        throw invalid("contains a line break (CR or LF)");
      }
      if (Character.isISOControl(c)) {
        throw invalid("contains a control character");
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw invalid("contains whitespace");
      }
    }
    if (value.length() > MAX_LENGTH) {
      throw invalid("is longer than " + MAX_LENGTH + " characters");
    }
    int at = value.indexOf('@');
    if (at < 0) {
      throw invalid("has no @");
    }
    if (value.indexOf('@', at + 1) >= 0) {
      throw invalid("has more than one @");
    }
    String local = value.substring(0, at);
    String domain = value.substring(at + 1);
    checkLocalPart(local);
    EmailAddress address = new EmailAddress(local, domain, checkDomain(domain));
    if (address.ascii().length() > MAX_LENGTH) {
      throw invalid(
          "is longer than "
              + MAX_LENGTH
              + " characters once its domain is in ASCII (punycode) form");
    }
    return address;
  }

  /** Like {@link #parse} but answers {@code false} instead of throwing. */
  public static boolean isValid(String value) {
    try {
      parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void checkLocalPart(String local) {
    if (local.isEmpty()) {
      throw invalid("has an empty local part (nothing before the @)");
    }
    if (local.length() > MAX_LOCAL_LENGTH) {
      throw invalid("has a local part longer than " + MAX_LOCAL_LENGTH + " characters");
    }
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      throw invalid("has a misplaced dot in the local part");
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) || LOCAL_SPECIALS.indexOf(c) >= 0 || c > 0x7f;
      if (!ok) {
        throw invalid("has the character '" + c + "' in the local part");
      }
    }
  }

  /** Checks the domain and returns its ASCII (punycode) form, lower case. */
  private static String checkDomain(String domain) {
    if (domain.isEmpty()) {
      throw invalid("has an empty domain (nothing after the @)");
    }
    if (domain.startsWith("[")) {
      throw invalid("uses an address literal as domain; use a host name");
    }
    String ascii;
    try {
      ascii = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      throw invalid("has a malformed domain");
    }
    String[] labels = ascii.split("\\.", -1);
    if (labels.length < 2 && !ascii.equalsIgnoreCase("localhost")) {
      throw invalid("has a domain without a dot");
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63) {
        throw invalid("has a malformed domain");
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        throw invalid("has a domain label that starts or ends with a hyphen");
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(c == '-' || (c < 0x80 && Character.isLetterOrDigit(c)))) {
          throw invalid("has the character '" + c + "' in the domain");
        }
      }
    }
    return ascii.toLowerCase(Locale.ROOT);
  }

  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("invalid email address: it " + why);
  }

  /** The part before the {@code @}, as given. */
  public String localPart() {
    return localPart;
  }

  /** The domain as given (possibly Unicode). */
  public String domain() {
    return domain;
  }

  /** The domain in its ASCII (punycode) form, for SMTP servers without SMTPUTF8. */
  public String asciiDomain() {
    return asciiDomain;
  }

  /** The address with an ASCII domain: what goes into headers and envelopes. */
  public String ascii() {
    return localPart + "@" + asciiDomain();
  }

  /** The address as given. */
  public String value() {
    return localPart + "@" + domain;
  }

  /** Lower-cased, ASCII-domain form: the key for per-recipient limits. */
  public String normalized() {
    return localPart.toLowerCase(Locale.ROOT) + "@" + asciiDomain();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmailAddress other
        && localPart.equals(other.localPart)
        && asciiDomain.equals(other.asciiDomain);
  }

  @Override
  public int hashCode() {
    return Objects.hash(localPart, asciiDomain);
  }

  /** The address as given. Addresses are personal data: log message ids, not addresses. */
  @Override
  public String toString() {
    return value();
  }
}
