package dev.authmail.connector.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pins the reply-code table of {@link SmtpErrors} (the README's error mapping). */
class SmtpErrorsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "421, RATE_LIMITED",
    "450, RATE_LIMITED",
    "451, RATE_LIMITED",
    "452, RATE_LIMITED",
    "432, UNAVAILABLE",
    "454, UNAVAILABLE",
    "455, UNAVAILABLE",
    "471, UNAVAILABLE",
    "530, AUTHENTICATION_FAILED",
    "534, AUTHENTICATION_FAILED",
    "535, AUTHENTICATION_FAILED",
    "538, AUTHENTICATION_FAILED",
    "500, REJECTED",
    "550, REJECTED",
    "552, REJECTED",
    "553, REJECTED",
    "554, REJECTED"
  })
  void replyCodes(int code, ErrorCode expected) {
    assertThat(SmtpErrors.forReplyCode(code, "m", null).code()).isEqualTo(expected);
  }

  @Test
  void serverTextIsCleanedOfAddressesTokensAndSecrets() {
    String text =
        "550 5.1.1 <alice@example.com>: unknown\r\n"
            + "500 Line is: <AUTH PLAIN AGFwcABzM2NyZXQtcGFzc3dvcmQ=> s3cret";

    String clean = SmtpErrors.clean(text, List.of("s3cret"));

    assertThat(clean)
        .doesNotContain("alice@example.com", "AGFwcABzM2NyZXQtcGFzc3dvcmQ=", "s3cret", "\r", "\n")
        .contains("550 5.1.1 <address>: unknown");
  }
}
