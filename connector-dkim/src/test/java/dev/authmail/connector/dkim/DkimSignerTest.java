package dev.authmail.connector.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signatures checked by python3-dkim, which no one here wrote. */
class DkimSignerTest {
  private static final List<DkimKey> KEYS = DkimVerifier.testKeys("example.com");
  private static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");

  /** Folded headers, repeated spaces, trailing blanks and empty lines: what relaxed forgives. */
  private static final String MESSAGE =
      String.join(
          "\r\n",
          "From: Example <no-reply@example.com>",
          "To: alice@example.org",
          "Subject: =?UTF-8?B?44Ot44Kw44Kk44Oz44Kz44O844OJ?=",
          "  =?UTF-8?B?77yaMTIzNDU2?=",
          "Date: Sun, 6 Dec 2026 01:00:00 +0000",
          "Message-ID: <authmail.1@example.com>",
          "MIME-Version: 1.0",
          "Content-Type: text/plain; charset=UTF-8",
          "Content-Transfer-Encoding: quoted-printable",
          "",
          "Your code is   123456.  \t",
          "",
          "",
          "");

  @Test
  void bothAlgorithmsSignOneMessageAndTheIndependentVerifierAcceptsBoth() throws Exception {
    byte[] signed = DkimSigner.of(KEYS).sign(MESSAGE.getBytes(StandardCharsets.US_ASCII), NOW);

    DkimVerifier.Result result = DkimVerifier.verify(signed, KEYS);

    assertThat(result.output())
        .contains("rsa2026 rsa-sha256 pass")
        .contains("ed2026 ed25519-sha256 pass");
    assertThat(result.passed()).isTrue();
    String head = new String(signed, StandardCharsets.US_ASCII);
    assertThat(head)
        .startsWith(
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n"
                + "\td=example.com; s=rsa2026; t=1796518800;")
        .contains("h=from:to:subject:date:message-id:mime-version:content-type;");
    assertThat(head.lines()).allMatch(line -> line.length() <= 78);
  }

  @Test
  void aTamperedBodyFailsForEachKey() throws Exception {
    String signed =
        new String(
            DkimSigner.of(KEYS).sign(MESSAGE.getBytes(StandardCharsets.US_ASCII), NOW),
            StandardCharsets.US_ASCII);

    DkimVerifier.Result result =
        DkimVerifier.verify(
            signed.replace("123456", "654321").getBytes(StandardCharsets.US_ASCII), KEYS);

    assertThat(result.passed()).isFalse();
    assertThat(result.output())
        .contains("rsa2026 rsa-sha256 fail")
        .contains("ed2026 ed25519-sha256 fail");
  }

  @Test
  void aTamperedSignedHeaderFails() throws Exception {
    String signed =
        new String(
            DkimSigner.of(KEYS).sign(MESSAGE.getBytes(StandardCharsets.US_ASCII), NOW),
            StandardCharsets.US_ASCII);

    DkimVerifier.Result result =
        DkimVerifier.verify(
            signed
                .replace("To: alice@example.org", "To: mallory@example.org")
                .getBytes(StandardCharsets.US_ASCII),
            KEYS);

    assertThat(result.passed()).isFalse();
  }

  @Test
  void bareLineFeedsAreSignedAsTheCrlfThatSmtpSends() throws Exception {
    byte[] lf = MESSAGE.replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII);

    byte[] signed = DkimSigner.of(KEYS).sign(lf, NOW);

    assertThat(new String(signed, StandardCharsets.US_ASCII))
        .doesNotContain("\n\n")
        .contains("\r\n\r\n");
    assertThat(DkimVerifier.verify(signed, KEYS).passed()).isTrue();
  }
}
