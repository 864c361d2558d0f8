package dev.authmail.connector.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A sender as configuration writes it: an RFC 5322 mailbox, either a bare address ({@code
 * noreply@example.com}) or a display name with the address in angle brackets ({@code Acme
 * <noreply@example.com>}, {@code "Acme, Inc." <noreply@example.com>}, {@code Ünïcode GmbH
 * <noreply@example.com>}), as nodemailer and SES take it and so as Logto's schemas accept it for
 * {@code fromEmail} and {@code emailAddress}. The display name is kept as text; transports encode
 * it for the wire (quoted, or RFC 2047 encoded-words when not ASCII).
 *
 * <p>Immutable and thread-safe.
 *
 * @param displayName the name, unquoted; {@code null} when the mailbox is a bare address
 */
public record Mailbox(EmailAddress address, String displayName) {
  public Mailbox {
    Objects.requireNonNull(address, "address is null");
    if (displayName != null && displayName.isBlank()) {
      displayName = null;
    }
  }

  /**
   * Parses a bare address or {@code name <address>}.
   *
   * @throws IllegalArgumentException saying what is wrong (never repeating control characters)
   */
  public static Mailbox parse(String value) {
    String text = value == null ? "" : value.strip();
    if (!text.endsWith(">")) {
      return new Mailbox(EmailAddress.parse(text), null);
    }
    int open = text.lastIndexOf('<');
    if (open < 0) {
      throw new IllegalArgumentException(
          "invalid mailbox: a '>' without '<'; write Name <address> or a bare address");
    }
    EmailAddress address = EmailAddress.parse(text.substring(open + 1, text.length() - 1).strip());
    return new Mailbox(address, displayName(text.substring(0, open).strip()));
  }

  /** The display name, when there is one. */
  public Optional<String> name() {
    return Optional.ofNullable(displayName);
  }

  /** The phrase before the angle brackets: a quoted string unquoted, or the words as written. */
  private static String displayName(String phrase) {
    for (int i = 0; i < phrase.length(); i++) {
      if (Character.isISOControl(phrase.charAt(i)) && phrase.charAt(i) != '\t') {
        throw new IllegalArgumentException(
            "invalid mailbox: the display name contains a line break or control character");
      }
    }
    if (phrase.length() >= 2 && phrase.startsWith("\"") && phrase.endsWith("\"")) {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < phrase.length() - 1; i++) {
        char c = phrase.charAt(i);
        if (c == '\\' && i + 1 < phrase.length() - 1) {
          out.append(phrase.charAt(++i));
        } else if (c == '"') {
          throw new IllegalArgumentException(
              "invalid mailbox: an unescaped '\"' inside the quoted display name");
        } else {
          out.append(c);
        }
      }
      return out.toString().strip();
    }
    if (phrase.indexOf('"') >= 0 || phrase.indexOf('<') >= 0 || phrase.indexOf('>') >= 0) {
      throw new IllegalArgumentException(
          "invalid mailbox: quote the whole display name (\"Name\" <address>) "
              + "when it holds '\"', '<' or '>'");
    }
    return phrase;
  }

  /** The address, and the name when there is one. Addresses are personal data: log ids. */
  @Override
  public String toString() {
    return displayName == null ? address.toString() : displayName + " <" + address + ">";
  }
}
