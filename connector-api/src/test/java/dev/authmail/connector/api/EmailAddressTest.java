package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {
  @Test
  void acceptsAPlainAddress() {
    EmailAddress address = EmailAddress.parse("Jane.Doe+tag@Example.COM");

    assertThat(address.localPart()).isEqualTo("Jane.Doe+tag");
    assertThat(address.domain()).isEqualTo("Example.COM");
    assertThat(address.value()).isEqualTo("Jane.Doe+tag@Example.COM");
    assertThat(address.normalized()).isEqualTo("jane.doe+tag@example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a@b.example\r\nBcc: x@evil.example", "a@b.example\n", "a\r@b.example"})
  void refusesLineBreaks(String value) {
    assertThatThrownBy(() -> EmailAddress.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line break")
        .hasMessageNotContaining("\r")
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\u0000b@example.com",
        "ab@exa\u0007mple.com",
        "a\u007f@example.com",
        "a\tb@example.com"
      })
  void refusesControlCharacters(String value) {
    assertThatThrownBy(() -> EmailAddress.parse(value)).hasMessageContaining("control character");
  }

  @Test
  void refusesWhitespace() {
    assertThatThrownBy(() -> EmailAddress.parse("a b@example.com"))
        .hasMessageContaining("whitespace");
  }

  @Test
  void refusesAMissingAt() {
    assertThatThrownBy(() -> EmailAddress.parse("jane.example.com"))
        .hasMessageContaining("has no @");
  }

  @Test
  void refusesADoubledAt() {
    assertThatThrownBy(() -> EmailAddress.parse("jane@doe@example.com"))
        .hasMessageContaining("more than one @");
  }

  @Test
  void refusesAnEmptyLocalPart() {
    assertThatThrownBy(() -> EmailAddress.parse("@example.com"))
        .hasMessageContaining("empty local part");
  }

  @Test
  void refusesAnEmptyDomain() {
    assertThatThrownBy(() -> EmailAddress.parse("jane@")).hasMessageContaining("empty domain");
  }

  @Test
  void refusesMoreThan254Characters() {
    String domain =
        "d".repeat(60)
            + "."
            + "e".repeat(60)
            + "."
            + "f".repeat(60)
            + "."
            + "g".repeat(60)
            + ".example";
    String address = "a".repeat(254 - domain.length()) + "@" + domain;
    assertThat(address).hasSize(255);

    assertThatThrownBy(() -> EmailAddress.parse(address)).hasMessageContaining("longer than 254");
  }

  @Test
  void acceptsExactly254Characters() {
    String domain =
        "d".repeat(60)
            + "."
            + "e".repeat(60)
            + "."
            + "f".repeat(60)
            + "."
            + "g".repeat(60)
            + ".example";
    String address = "a".repeat(253 - domain.length()) + "@" + domain;
    assertThat(address).hasSize(254);

    assertThat(EmailAddress.parse(address).value()).isEqualTo(address);
  }

  @Test
  void refusesALocalPartOver64Characters() {
    assertThatThrownBy(() -> EmailAddress.parse("a".repeat(65) + "@example.com"))
        .hasMessageContaining("64");
  }

  @ParameterizedTest
  @ValueSource(strings = {".jane@example.com", "jane.@example.com", "ja..ne@example.com"})
  void refusesMisplacedDots(String value) {
    assertThatThrownBy(() -> EmailAddress.parse(value)).hasMessageContaining("dot");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jane@example",
        "jane@-example.com",
        "jane@exa_mple.com",
        "jane@example..com",
        "jane@[127.0.0.1]"
      })
  void refusesMalformedDomains(String value) {
    assertThat(EmailAddress.isValid(value)).isFalse();
  }

  @Test
  void acceptsAnInternationalizedDomain() {
    EmailAddress address = EmailAddress.parse("jürgen@Bücher.example");

    assertThat(address.domain()).isEqualTo("Bücher.example");
    assertThat(address.asciiDomain()).isEqualTo("xn--bcher-kva.example");
    assertThat(address.ascii()).isEqualTo("jürgen@xn--bcher-kva.example");
    assertThat(address.normalized()).isEqualTo("jürgen@xn--bcher-kva.example");
  }

  @Test
  void equalityIgnoresTheDomainsCaseAndForm() {
    assertThat(EmailAddress.parse("jane@BÜCHER.example"))
        .isEqualTo(EmailAddress.parse("jane@xn--bcher-kva.example"));
    assertThat(EmailAddress.parse("jane@example.com"))
        .hasSameHashCodeAs(EmailAddress.parse("jane@EXAMPLE.com"));
    assertThat(EmailAddress.parse("Jane@example.com"))
        .isNotEqualTo(EmailAddress.parse("jane@example.com"));
  }

  @Test
  void refusesNullAndEmpty() {
    assertThatThrownBy(() -> EmailAddress.parse(null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> EmailAddress.parse("")).hasMessageContaining("empty");
  }

  @Test
  void refusesAnInternationalizedAddressWhosePunycodeFormIsTooLong() {
    StringBuilder cjk = new StringBuilder();
    for (int i = 0; i < 18; i++) {
      cjk.appendCodePoint(0x4e00 + i * 397); // 18 scattered ideographs: 58 characters in punycode
    }
    String label = cjk.toString();
    String domain = String.join(".", label, label, label, label, label) + ".example";
    String address = "a@" + domain;
    assertThat(address.length()).isLessThanOrEqualTo(254);

    assertThatThrownBy(() -> EmailAddress.parse(address)).hasMessageContaining("longer than 254");
  }
}
