package dev.authmail.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 7: a secret is found in the spellings a provider echoes it in, and error texts are
 * capped.
 */
class SecretsTest {
  private static final String TOKEN = "SG.aBcD-eFgH_1234/xyz+Q";
  private final Secrets secrets = Secrets.of(List.of("Bearer " + TOKEN, "p@ss word!"));

  @Test
  void eachSecretIsMaskedAsIsWithoutItsSchemeInAnyCaseBase64AndUrlEncoded() {
    byte[] bytes = TOKEN.getBytes(StandardCharsets.UTF_8);
    String text =
        String.join(
            " | ",
            "Bearer " + TOKEN,
            TOKEN,
            TOKEN.toLowerCase(),
            TOKEN.toUpperCase(),
            Base64.getEncoder().encodeToString(bytes),
            Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
            URLEncoder.encode(TOKEN, StandardCharsets.UTF_8),
            URLEncoder.encode("Bearer " + TOKEN, StandardCharsets.UTF_8),
            URLEncoder.encode("p@ss word!", StandardCharsets.UTF_8),
            "p%40ss%20word%21",
            "P@SS WORD!",
            Base64.getEncoder().encodeToString("p@ss word!".getBytes(StandardCharsets.UTF_8)));

    String redacted = secrets.redact(text);

    assertThat(redacted.split(" \\| ")).containsOnly("******");
  }

  @Test
  void anErrorTextIsCappedAfterRedaction() {
    ConnectorException e =
        new ConnectorException(ErrorCode.UNAVAILABLE, "provider said " + "y".repeat(5000));

    ConnectorException redacted = Secrets.none().redact(e);

    assertThat(redacted.getMessage())
        .hasSizeLessThan(Secrets.MAX_ERROR_TEXT + 60)
        .contains("more characters cut");
    assertThat(redacted.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(redacted.retryable()).isTrue();
  }

  @Test
  void shortValuesAndOrdinaryWordsAreLeftAlone() {
    assertThat(Secrets.of(List.of("abc")).redact("abc def")).isEqualTo("abc def");
    assertThat(secrets.redact("the bearer token was refused"))
        .isEqualTo("the bearer token was refused");
  }
}
