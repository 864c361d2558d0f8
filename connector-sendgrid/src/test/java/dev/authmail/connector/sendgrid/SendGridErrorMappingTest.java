package dev.authmail.connector.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
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

/** One test per error class: what SendGrid answers, and the code the connector throws. */
class SendGridErrorMappingTest {
  private static final String API_KEY = "SG.error-test.key-5b2e";
  @RegisterExtension final SendGridPeer peer = new SendGridPeer();

  private EmailConnector connector(TestContext context, String endpoint) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiKey", API_KEY);
    config.put("fromEmail", "noreply@example.com");
    config.put("templates", TckTemplates.logtoTemplates());
    config.put("endpoint", endpoint);
    config.put("timeout", Map.of("connect", 1000, "read", 1000, "write", 1000, "call", 3000));
    ConnectorFactory factory = new SendGridConnectorFactory();
    return factory.create(factory.configSpec().bind(config), context);
  }

  private ConnectorException sendFailure() {
    try (EmailConnector connector = connector(TestContext.create(), peer.endpoint())) {
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

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "400, REJECTED",
    "404, REJECTED",
    "413, REJECTED",
    "422, REJECTED",
    "401, AUTHENTICATION_FAILED",
    "403, AUTHENTICATION_FAILED",
    "429, RATE_LIMITED",
    "408, UNAVAILABLE",
    "500, UNAVAILABLE",
    "502, UNAVAILABLE",
    "503, UNAVAILABLE",
  })
  void statusMapsToCodeWithSendGridsMessagesAsDetail(int status, ErrorCode expected) {
    // given SendGrid answers with its error JSON, quoting an address
    peer.enqueueError(status, "Invalid recipient victim@example.org; check the personalizations");

    // when
    ConnectorException e = sendFailure();

    // then
    assertThat(e.code()).as(e.getMessage()).isEqualTo(expected);
    assertThat(e.getMessage())
        .isEqualTo(
            "SendGrid answered HTTP "
                + status
                + ": Invalid recipient <address>; check the personalizations"
                + (expected == ErrorCode.AUTHENTICATION_FAILED ? "; check the credentials" : ""));
    assertThat(e.getMessage())
        .doesNotContain("field")
        .doesNotContain("help")
        .doesNotContain(API_KEY);
    assertThat(peer.connectionCount()).as("no hidden retry").isEqualTo(1);
  }

  @Test
  void retryAfterInSeconds() {
    peer.enqueue(SendGridPeer.error(429, "rate limited").addHeader("Retry-After", "42").build());
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
  }

  @Test
  void retryAfterAsHttpDate() {
    // the test clock stands at 2026-01-01T00:00:00Z
    peer.enqueue(
        SendGridPeer.error(429, "rate limited")
            .addHeader("Retry-After", "Thu, 01 Jan 2026 00:01:30 GMT")
            .build());
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
  }

  @Test
  void rateLimitResetIsHonouredWhenRetryAfterIsAbsent() {
    long reset = TestContext.FIXED_NOW.getEpochSecond() + 17;
    peer.enqueue(
        SendGridPeer.error(429, "rate limited")
            .addHeader("X-RateLimit-Limit", "600")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", Long.toString(reset))
            .build());
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(17));
  }

  @Test
  void retryAfterWinsOverRateLimitReset() {
    long reset = TestContext.FIXED_NOW.getEpochSecond() + 17;
    peer.enqueue(
        SendGridPeer.error(429, "rate limited")
            .addHeader("Retry-After", "5")
            .addHeader("X-RateLimit-Reset", Long.toString(reset))
            .build());
    assertThat(sendFailure().retryAfter()).contains(Duration.ofSeconds(5));
  }

  @Test
  void nonJsonErrorBodyGivesNoDetail() {
    peer.enqueue(
        new MockResponse.Builder()
            .code(502)
            .body("<html>Bad Gateway from victim@example.org</html>")
            .build());
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).isEqualTo("SendGrid answered HTTP 502");
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsATimeout() {
    peer.enqueueSlow(4);
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(e.retryable()).isTrue();
    assertThat(peer.connectionCount()).isEqualTo(1);
  }

  @Test
  void aHostNameResolvingToLoopbackIsRefusedUnderTheStrictPolicy() {
    TestContext strict = TestContext.builder().network(NetworkPolicy.strict()).build();
    try (EmailConnector connector =
        connector(strict, "https://localhost:" + peer.endpoint().replaceAll(".*:", ""))) {
      ConnectorException e =
          catchThrowableOfType(
              ConnectorException.class,
              () ->
                  connector.send(
                      new EmailRequest(
                          EmailAddress.parse("a@example.org"),
                          UsageType.SignIn,
                          Payload.builder().code("1").build(),
                          "m-1")));
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
      assertThat(e.getMessage()).contains("localhost").contains("network.allowPrivateAddresses");
    }
    assertThat(peer.connectionCount()).isZero();
  }

  @Test
  void verifyChecksTheKeyAndItsMailSendScope() throws Exception {
    try (EmailConnector connector = connector(TestContext.create(), peer.endpoint())) {
      // a key with mail.send
      connector.verify();
      var recorded = peer.take();
      assertThat(recorded.getMethod()).isEqualTo("GET");
      assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v3/scopes");
      assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);

      // a key without it
      peer.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "application/json")
              .body("{\"scopes\":[\"alerts.read\",\"stats.read\"]}")
              .build());
      ConnectorException e = catchThrowableOfType(ConnectorException.class, connector::verify);
      assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
      assertThat(e.getMessage()).contains("mail.send");

      // a revoked key
      peer.enqueueError(401, "The provided authorization grant is invalid, expired, or revoked");
      assertThat(catchThrowableOfType(ConnectorException.class, connector::verify).code())
          .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }
  }
}
