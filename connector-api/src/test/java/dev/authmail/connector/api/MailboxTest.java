package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailboxTest {
  /** Senders as Logto users write them for nodemailer (SMTP fromEmail) and SES (emailAddress). */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "noreply@example.com                        | noreply@example.com |",
        "Acme <noreply@example.com>                 | noreply@example.com | Acme",
        "  Acme Support   <noreply@example.com>     | noreply@example.com | Acme Support",
        "\"Acme, Inc.\" <noreply@example.com>       | noreply@example.com | Acme, Inc.",
        "\"Say \\\"hi\\\"\" <noreply@example.com>   | noreply@example.com | Say \"hi\"",
        "Müller & Söhne GmbH <noreply@example.com>  | noreply@example.com | Müller & Söhne GmbH",
        "<noreply@example.com>                      | noreply@example.com |",
        "株式会社アクメ <noreply@bücher.example>        | noreply@bücher.example | 株式会社アクメ"
      })
  void parsesBareAddressesAndNameAddr(String value, String address, String name) {
    Mailbox mailbox = Mailbox.parse(value);

    assertThat(mailbox.address().value()).isEqualTo(address);
    assertThat(mailbox.displayName()).isEqualTo(name);
  }

  @Test
  void refusesWhatCannotBeAHeader() {
    assertThatThrownBy(() -> Mailbox.parse("Acme\r\nBcc: x@example.com <noreply@example.com>"))
        .hasMessageContaining("line break");
    assertThatThrownBy(() -> Mailbox.parse("Acme noreply@example.com>"))
        .hasMessageContaining("'<'");
    assertThatThrownBy(() -> Mailbox.parse("Acme <noreply@example.com"))
        .hasMessageContaining("whitespace");
    assertThatThrownBy(() -> Mailbox.parse("A \"b\" <noreply@example.com>"))
        .hasMessageContaining("quote the whole");
    assertThatThrownBy(() -> Mailbox.parse("Acme <not-an-address>"))
        .hasMessageContaining("has no @");
  }
}
