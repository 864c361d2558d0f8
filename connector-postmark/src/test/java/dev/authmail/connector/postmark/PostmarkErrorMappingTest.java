package dev.authmail.connector.postmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.tck.TckTemplates;
import dev.authmail.connector.tck.TestContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One test per error class: Postmark's answers (its API reference's overview: "HTTP response codes"
 * and "API error codes"), and the code the connector throws.
 */
class PostmarkErrorMappingTest {
  private static final String TOKEN = "server-token-error-test";
  @RegisterExtension final PostmarkPeer peer = new PostmarkPeer(TOKEN);

  private ConnectorException sendFailure() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("serverToken", TOKEN);
    config.put("fromEmail", "noreply@example.com");
    config.put("templates", TckTemplates.logtoTemplates());
    config.put("endpoint", peer.endpoint());
    config.put("timeout", Map.of("connect", 1000, "read", 1000, "write", 1000, "call", 3000));
    ConnectorFactory factory = new PostmarkConnectorFactory();
    try (EmailConnector connector =
        factory.create(factory.configSpec().bind(config), TestContext.create())) {
      return catchThrowableOfType(
          ConnectorException.class,
          () ->
              connector.send(
                  new EmailRequest(
                      EmailAddress.parse("victim@example.org"),
                      UsageType.SignIn,
                      Payload.builder().code("314159").build(),
                      "m-1")));
    }
  }

  @ParameterizedTest(name = "HTTP {0} ErrorCode {1} -> {2}")
  @CsvSource({
    "401, 10, AUTHENTICATION_FAILED",
    "422, 10, AUTHENTICATION_FAILED",
    "422, 412, AUTHENTICATION_FAILED",
    "422, 413, AUTHENTICATION_FAILED",
    "422, 405, QUOTA_EXCEEDED",
    "422, 300, INVALID_REQUEST",
    "422, 411, INVALID_REQUEST",
    "422, 406, REJECTED",
    "422, 400, INVALID_CONFIG",
    "422, 401, INVALID_CONFIG",
    "422, 1101, INVALID_CONFIG",
    "422, 402, INTERNAL",
    "422, 409, INTERNAL",
    "500, 100, UNAVAILABLE",
    "429, 429, RATE_LIMITED",
    "422, 999, REJECTED",
    "404, 0, INVALID_CONFIG",
    "413, 0, INVALID_REQUEST",
    "500, 0, UNAVAILABLE",
    "503, 0, UNAVAILABLE",
  })
  void errorCodeMapsToTheCode(int status, int errorCode, ErrorCode expected) {
    peer.enqueue(PostmarkPeer.error(status, errorCode, "Postmark says no to victim@example.org"));

    ConnectorException e = sendFailure();

    assertThat(e.code()).as(e.getMessage()).isEqualTo(expected);
    assertThat(e.retryable()).isEqualTo(expected.retryable());
    assertThat(e.getMessage())
        .startsWith("Postmark answered HTTP " + status)
        .contains("Postmark says no to <address>")
        .doesNotContain("victim@example.org")
        .doesNotContain(TOKEN);
    assertThat(peer.connectionCount()).as("no hidden retry").isEqualTo(1);
  }

  @Test
  void outOfCreditsFailsOverAndSaysSo() {
    peer.enqueue(PostmarkPeer.error(422, 405, "Not allowed to send: you have run out of credits."));
    ConnectorException e = sendFailure();
    assertThat(e.code().failsOver()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo(
            "Postmark answered HTTP 422: ErrorCode 405: Not allowed to send: "
                + "you have run out of credits.; the Postmark account is out of credits");
  }

  @Test
  void aBodyThatIsNotPostmarksJsonIsClassifiedByStatus() {
    peer.enqueue(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).doesNotContain("<html>");
  }

  @Test
  void aTooLargeRequestIsTheEmailsFaultEvenWithoutPostmarksJson() {
    peer.enqueue(
        new MockResponse.Builder()
            .code(413)
            .body("<html>413 Request Entity Too Large</html>")
            .build());
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.getMessage())
        .isEqualTo("Postmark answered HTTP 413: the email is over Postmark's 10 MB request limit");
  }

  @Test
  void retryAfterIsHonouredOnA429() {
    peer.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "42")
            .body("{\"ErrorCode\": 429, \"Message\": \"Rate limit exceeded\"}")
            .build());
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsATimeout() {
    peer.enqueueSlow(4);
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
  }
}
