package dev.authmail.connector.ses;

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
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per error class: what SES answers, and the code the connector throws. */
class SesErrorMappingTest {
  private static final String SECRET = "ses-error-test-secret-7f3a9c";
  @RegisterExtension final SesPeer peer = new SesPeer();

  private Map<String, Object> config(String endpoint) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("accessKeyId", "AKIDEXAMPLE");
    config.put("accessKeySecret", SECRET);
    config.put("region", "us-east-1");
    config.put("emailAddress", "noreply@example.com");
    config.put("templates", TckTemplates.logtoTemplates());
    config.put("endpoint", endpoint);
    config.put("timeout", Map.of("connect", 1000, "read", 1000, "call", 3000));
    return config;
  }

  private ConnectorException sendFailure(TestContext context, String endpoint) {
    ConnectorFactory factory = new SesConnectorFactory();
    try (EmailConnector connector =
        factory.create(factory.configSpec().bind(config(endpoint)), context)) {
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

  private ConnectorException sendFailure() {
    return sendFailure(TestContext.create(), peer.endpoint());
  }

  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @CsvSource({
    "400, MessageRejected, REJECTED",
    "400, MailFromDomainNotVerifiedException, REJECTED",
    "400, BadRequestException, REJECTED",
    "404, NotFoundException, REJECTED",
    "400, AccountSuspendedException, QUOTA_EXCEEDED",
    "400, SendingPausedException, QUOTA_EXCEEDED",
    "429, TooManyRequestsException, RATE_LIMITED",
    "400, LimitExceededException, RATE_LIMITED",
    "400, Throttling, RATE_LIMITED",
    "403, UnrecognizedClientException, AUTHENTICATION_FAILED",
    "403, InvalidClientTokenId, AUTHENTICATION_FAILED",
    "403, SignatureDoesNotMatch, AUTHENTICATION_FAILED",
    "403, AccessDeniedException, AUTHENTICATION_FAILED",
    "500, InternalServiceErrorException, UNAVAILABLE",
    "503, ServiceUnavailable, UNAVAILABLE",
  })
  void sesErrorTypeMapsToCode(int status, String errorType, ErrorCode expected) {
    // given SES answers with this error type in x-amzn-ErrorType
    peer.enqueueError(
        status, errorType, "The following identities failed the check: victim@example.org");

    // when
    ConnectorException e = sendFailure();

    // then the code is right, the SDK exception is the cause, and no address or secret shows
    assertThat(e.code()).as(e.getMessage()).isEqualTo(expected);
    assertThat(e.getMessage())
        .contains("Amazon SES")
        .contains(errorType)
        .doesNotContain("victim@example.org")
        .doesNotContain(SECRET);
    assertThat(e.getCause()).isNotNull();
    assertThat(peer.connectionCount()).as("no SDK retry").isEqualTo(1);
  }

  @Test
  void errorTypeInTheBodyIsReadWhenTheHeaderIsMissing() {
    peer.enqueue(
        new MockResponse.Builder()
            .code(400)
            .addHeader("Content-Type", "application/json")
            .body("{\"__type\":\"MessageRejected\",\"message\":\"Email address is not verified.\"}")
            .build());
    assertThat(sendFailure().code()).isEqualTo(ErrorCode.REJECTED);
  }

  @Test
  void unknownStatusesFallBackToTheHttpMapping() {
    peer.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "7").body("").build());
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void throttlingHonoursRetryAfter() {
    peer.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("x-amzn-ErrorType", "TooManyRequestsException")
            .addHeader("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT")
            .body("{\"message\":\"slow down\"}")
            .build());
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsATimeoutThatMayHaveDelivered() {
    peer.enqueueSlow(4);
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(e.maybeDelivered()).isTrue();
    assertThat(peer.connectionCount()).isEqualTo(1);
  }

  @Test
  void aDroppedConnectionIsUnavailableAndNotResent() {
    // given SES reads the request and drops the connection (twice, should anything try again)
    peer.enqueueDrop();
    peer.enqueueDrop();

    // when
    ConnectorException e = sendFailure();

    // then: retryable, maybe delivered, and sent exactly once: SES has no idempotency token
    assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.maybeDelivered()).isTrue();
    assertThat(peer.connectionCount()).isEqualTo(1);
  }

  @Test
  void aRefusedConnectionIsUnavailableAndNotDelivered() throws Exception {
    int closedPort;
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    ConnectorException e = sendFailure(TestContext.create(), "http://127.0.0.1:" + closedPort);
    assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.maybeDelivered()).isFalse();
  }

  @Test
  void aHostNameResolvingToLoopbackIsRefusedUnderTheStrictPolicyWithoutConnecting() {
    TestContext strict = TestContext.builder().network(NetworkPolicy.strict()).build();
    ConnectorException e =
        sendFailure(strict, "https://localhost:" + peer.endpoint().replaceAll(".*:", ""));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("localhost").contains("network.allowPrivateAddresses");
    assertThat(peer.connectionCount()).isZero();
  }

  @Test
  void verifyChecksCredentialsAndThatSendingIsEnabled() {
    ConnectorFactory factory = new SesConnectorFactory();
    try (EmailConnector connector =
        factory.create(factory.configSpec().bind(config(peer.endpoint())), TestContext.create())) {
      connector.verify();
      assertThat(peer.take().getUrl().encodedPath()).isEqualTo(SesPeer.ACCOUNT_PATH);

      peer.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "application/json")
              .body("{\"SendingEnabled\":false,\"ProductionAccessEnabled\":true}")
              .build());
      assertThat(catchThrowableOfType(ConnectorException.class, connector::verify).code())
          .isEqualTo(ErrorCode.QUOTA_EXCEEDED);

      peer.enqueueError(
          403, "InvalidClientTokenId", "The security token included in the request is invalid.");
      assertThat(catchThrowableOfType(ConnectorException.class, connector::verify).code())
          .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }
  }
}
