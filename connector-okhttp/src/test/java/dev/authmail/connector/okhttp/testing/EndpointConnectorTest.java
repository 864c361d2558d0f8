package dev.authmail.connector.okhttp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.TestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every connector that POSTs to a customer's endpoint through this module has in common, as
 * tests its own test class inherits (published in this module's test jar): the error class of each
 * status, {@code 429} with {@code Retry-After} in seconds or as a date, a read timeout, a refused
 * connection, and the operator's network policy when the connector is created (internal endpoints
 * refused, naming the key), when it sends and verifies (a name that resolves to loopback) and when
 * private addresses are allowed. The subclass says how to make its connector; its own tests use
 * {@link #peer}, {@link #connector} (closed after each test) and {@link #create}.
 */
public abstract class EndpointConnectorTest {
  /** The customer's endpoint, started before each test with {@link #success()}. */
  protected EndpointPeer peer;

  /** The connector under test, when a test made one; closed after the test. */
  protected EmailConnector connector;

  /** The connector's factory. */
  protected abstract ConnectorFactory factory();

  /** The endpoint's answer to an accepted request: 202 with a body, 204… */
  protected abstract MockResponse success();

  /**
   * The config keys besides {@code endpoint} that a working connector needs (secrets, an
   * authorization…).
   */
  protected abstract Map<String, Object> requiredConfig();

  /** The values of {@link #requiredConfig()} that must never show in an error message. */
  protected abstract Set<String> secretValues();

  /** How the connector names the endpoint in messages, e.g. {@code the HTTP email endpoint}. */
  protected abstract String provider();

  @BeforeEach
  void startEndpoint() {
    peer = new EndpointPeer(success());
  }

  @AfterEach
  void stopEndpoint() {
    if (connector != null) {
      connector.close();
    }
    peer.close();
  }

  /** Binds {@code raw} against the factory's spec and creates a connector (not closed for you). */
  protected final EmailConnector create(Map<String, ?> raw, ConnectorContext context) {
    ConnectorFactory factory = factory();
    return factory.create(factory.configSpec().bind(new LinkedHashMap<>(raw)), context);
  }

  /**
   * A connector for {@code endpoint} with {@link #requiredConfig()} and {@code more}, kept in
   * {@link #connector}.
   */
  private EmailConnector connect(String endpoint, Map<String, ?> more, ConnectorContext context) {
    Map<String, Object> raw = new LinkedHashMap<>(requiredConfig());
    raw.put("endpoint", endpoint);
    raw.putAll(more);
    connector = create(raw, context);
    return connector;
  }

  /** What {@link #connector} throws when it sends {@link #signIn()}. */
  protected final ConnectorException sendExpectingFailure() {
    return catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn()));
  }

  /** A SignIn request with a code, message id {@code msg-1}. */
  protected static EmailRequest signIn() {
    return new EmailRequest(
        EmailAddress.parse("user@example.com"),
        UsageType.SignIn,
        Payload.builder().code("111222").build(),
        "msg-1");
  }

  // ------------------------------------------------------------ what each answer becomes

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "400, REJECTED",
    "404, REJECTED",
    "422, REJECTED",
    "401, AUTHENTICATION_FAILED",
    "403, AUTHENTICATION_FAILED",
    "408, UNAVAILABLE",
    "500, UNAVAILABLE",
    "503, UNAVAILABLE"
  })
  void eachStatusHasItsErrorClass(int status, ErrorCode expected) {
    connect(peer.url("/email"), Map.of(), TestContext.create());
    peer.answer(EndpointPeer.status(status));

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.retryable()).isEqualTo(expected == ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage())
        .startsWith(
            provider() + " answered HTTP " + status + ": {\"error\":\"status " + status + "\"}");
    secretValues().forEach(secret -> assertThat(e.getMessage()).doesNotContain(secret));
  }

  @ParameterizedTest(name = "Retry-After: {0}")
  @ValueSource(strings = {"120", "Thu, 01 Jan 2026 00:02:00 GMT"})
  void http429IsRateLimitedWithRetryAfterInSecondsOrAsADate(String retryAfter) {
    connect(peer.url("/email"), Map.of(), TestContext.create());
    peer.answer(new MockResponse.Builder().code(429).setHeader("Retry-After", retryAfter).build());

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsATimeout() {
    connect(peer.url("/email"), Map.of("timeout", Map.of("read", 300)), TestContext.create());
    peer.answer(EndpointPeer.forFault(Fault.TIMEOUT));

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(e.retryable()).isTrue();
    assertThat(e.maybeDelivered()).isTrue();
  }

  @Test
  void aRefusedConnectionIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    connect("http://127.0.0.1:" + closedPort + "/email", Map.of(), TestContext.create());

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.maybeDelivered()).isFalse();
  }

  // ------------------------------------------------------------ the address guard

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://mail.example.com/email    | must use https:// (plain http:// is refused)",
        "http://hooks.example.com/email   | must use https:// (plain http:// is refused)",
        "https://127.0.0.1/email          | the address 127.0.0.1 is a loopback address and"
            + " refused",
        "https://10.1.2.3/email           | the address 10.1.2.3 is a private address and refused",
        "https://10.20.30.40/email        | the address 10.20.30.40 is a private address and"
            + " refused",
        "https://169.254.169.254/latest   | the address 169.254.169.254 is the cloud metadata"
            + " address and refused"
      })
  void theStrictPolicyRefusesInternalEndpointsWhenCreated(String endpoint, String message) {
    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connect(endpoint, Map.of(), strict()));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage())
        .startsWith("endpoint: ")
        .contains(message)
        .contains("network.allowPrivateAddresses: true");
  }

  @Test
  void theStrictPolicyRefusesAHostNameResolvingToLoopbackBeforeConnecting() {
    connect("https://localhost:" + peer.port() + "/email", Map.of(), strict());

    ConnectorException send = sendExpectingFailure();
    ConnectorException verify = catchThrowableOfType(ConnectorException.class, connector::verify);

    assertThat(send.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(send.getMessage())
        .startsWith("the host name localhost resolves to the internal address")
        .contains("network.allowPrivateAddresses: true");
    assertThat(verify.getMessage()).isEqualTo(send.getMessage());
    assertThat(peer.connectionCount()).isZero();
  }

  @Test
  void allowingPrivateAddressesLetsPlainHttpReachLoopbackByNameAndByAddress() throws Exception {
    ConnectorContext allowing =
        TestContext.builder().network(NetworkPolicy.allowingPrivateAddresses()).build();
    for (String endpoint :
        List.of(peer.url("/email"), "http://localhost:" + peer.port() + "/email")) {
      Map<String, Object> raw = new LinkedHashMap<>(requiredConfig());
      raw.put("endpoint", endpoint);
      try (EmailConnector c = create(raw, allowing)) {
        c.verify();
        c.send(signIn());
      }
    }

    assertThat(peer.acceptedCount()).isEqualTo(2);
  }

  private static ConnectorContext strict() {
    return TestContext.builder().network(NetworkPolicy.strict()).build();
  }
}
