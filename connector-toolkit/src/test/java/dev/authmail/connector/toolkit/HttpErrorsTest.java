package dev.authmail.connector.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpErrorsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "400, REJECTED",
    "404, REJECTED",
    "409, REJECTED",
    "413, REJECTED",
    "422, REJECTED",
    "401, AUTHENTICATION_FAILED",
    "403, AUTHENTICATION_FAILED",
    "429, RATE_LIMITED",
    "408, UNAVAILABLE",
    "500, UNAVAILABLE",
    "502, UNAVAILABLE",
    "503, UNAVAILABLE",
    "504, UNAVAILABLE",
    "301, INVALID_CONFIG",
    "302, INVALID_CONFIG",
    "307, INVALID_CONFIG"
  })
  void mapsEachStatusClass(int status, ErrorCode expected) {
    ConnectorException e = HttpErrors.forStatus("Acme", status, null, null, CLOCK);

    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.retryable())
        .isEqualTo(expected == ErrorCode.RATE_LIMITED || expected == ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).startsWith("Acme answered HTTP " + status);
  }

  @Test
  void aRedirectSaysItIsNotFollowed() {
    assertThat(HttpErrors.forStatus("Acme", 302, null, null, CLOCK).getMessage())
        .contains("redirects are not followed");
  }

  @Test
  void rateLimitedCarriesRetryAfterInSeconds() {
    ConnectorException e = HttpErrors.forStatus("Acme", 429, "120", null, CLOCK);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
  }

  @Test
  void rateLimitedCarriesRetryAfterAsAnHttpDate() {
    ConnectorException e =
        HttpErrors.forStatus("Acme", 429, "Thu, 01 Jan 2026 00:02:30 GMT", null, CLOCK);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(150));
  }

  @Test
  void unavailableCarriesRetryAfterToo() {
    assertThat(HttpErrors.forStatus("Acme", 503, "7", null, CLOCK).retryAfter())
        .contains(Duration.ofSeconds(7));
  }

  @Test
  void parseRetryAfterHandlesPastDatesAndNonsense() {
    assertThat(HttpErrors.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", CLOCK))
        .contains(Duration.ZERO);
    assertThat(HttpErrors.parseRetryAfter(" 0 ", CLOCK)).contains(Duration.ZERO);
    assertThat(HttpErrors.parseRetryAfter("soon", CLOCK)).isEmpty();
    assertThat(HttpErrors.parseRetryAfter("-5", CLOCK)).isEmpty();
    assertThat(HttpErrors.parseRetryAfter("", CLOCK)).isEmpty();
    assertThat(HttpErrors.parseRetryAfter(null, CLOCK)).isEmpty();
  }

  @Test
  void theProvidersDetailIsCutAndStrippedOfControlCharacters() {
    String detail = "bad\r\nrequest " + "x".repeat(500);

    String message = HttpErrors.forStatus("Acme", 400, null, detail, CLOCK).getMessage();

    assertThat(message)
        .startsWith("Acme answered HTTP 400: bad request xxx")
        .doesNotContain("\r", "\n");
    assertThat(message.length()).isLessThan(260);
  }
}
