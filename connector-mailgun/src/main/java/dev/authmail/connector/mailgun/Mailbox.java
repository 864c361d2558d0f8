package dev.authmail.connector.mailgun;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.RenderedEmail;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address with an optional display name, as Logto's Mailgun config writes {@code from} and
 * {@code replyTo}: {@code noreply@example.com} or {@code Acme <noreply@example.com>}.
 *
 * @param name the display name, or {@code null}
 */
record Mailbox(String name, EmailAddress address) {
  /** {@code Name <addr>}; the name may be quoted. */
  private static final Pattern NAMED = Pattern.compile("^\\s*\"?([^\"<>]*?)\"?\\s*<([^<>]+)>\\s*$");

  Mailbox {
    Objects.requireNonNull(address, "address is null");
    name =
        name == null || name.isBlank()
            ? null
            : RenderedEmail.checkHeaderValue("name", name.strip());
  }

  /**
   * @throws IllegalArgumentException saying what is wrong with {@code value}
   */
  static Mailbox parse(String value) {
    Matcher named = NAMED.matcher(value);
    if (named.matches()) {
      return new Mailbox(named.group(1), EmailAddress.parse(named.group(2).strip()));
    }
    return new Mailbox(null, EmailAddress.parse(value.strip()));
  }

  /**
   * As a header value: the address alone, or the name quoted ({@code "Acme, Inc." <a@b>}), so a
   * comma or dot in the name cannot split it into two mailboxes.
   */
  String header(String nameOverride) {
    String shown = nameOverride != null && !nameOverride.isBlank() ? nameOverride : name;
    if (shown == null) {
      return address.ascii();
    }
    return "\""
        + shown.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\" <"
        + address.ascii()
        + ">";
  }
}
