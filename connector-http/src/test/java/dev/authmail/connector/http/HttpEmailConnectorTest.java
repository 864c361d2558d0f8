package dev.authmail.connector.http;

import dev.authmail.connector.okhttp.testing.EndpointPeer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.tck.TestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Against a real HTTP peer (MockWebServer): what reaches the endpoint, and what each answer becomes. */
class HttpEmailConnectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "0123456789abcdef0123456789abcdef-signing";

  private final HttpEmailConnectorFactory factory = new HttpEmailConnectorFactory();
  private EndpointPeer peer;
  private EmailConnector connector;

  @BeforeEach
  void start() throws IOException {
    peer = new EndpointPeer(new MockResponse.Builder().code(202).body("{\"message\":\"Email sent successfully\"}").build());
  }

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.close();
    }
    peer.close();
  }

  @Test
  void aLocalizedSignInCodeIsPostedInLogtosShapeWithEveryHeader() throws Exception {
    connector = create(Map.of(
        "endpoint", peer.url("/hooks/email?tenant=acme"),
        "authorization", "Bearer logto-style-token",
        "headers", Map.of("X-Api-Key", "k-123", "X-Tenant", "acme"),
        "signingSecret", SECRET), TestContext.create());
    EmailRequest request = new EmailRequest(EmailAddress.parse("hanako@example.jp"), UsageType.SignIn,
        Payload.builder().code("123456").locale("ja").uiLocales("ja en")
            .application(Map.of("id", "app1", "name", "Acme"))
            .put("anyExtraKey", "allowed").build(),
        "msg-0001", "203.0.113.9");

    SendResult result = connector.send(request);

    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/hooks/email");
    assertThat(recorded.getUrl().queryParameter("tenant")).isEqualTo("acme");
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer logto-style-token");
    assertThat(recorded.getHeaders().get("X-Api-Key")).isEqualTo("k-123");
    assertThat(recorded.getHeaders().get("X-Tenant")).isEqualTo("acme");
    assertThat(recorded.getHeaders().get("X-Authmail-Message-Id")).isEqualTo("msg-0001");
    String timestamp = recorded.getHeaders().get("X-Authmail-Timestamp");
    assertThat(timestamp).isEqualTo(Long.toString(TestContext.FIXED_NOW.getEpochSecond()));
    String body = recorded.getBody().utf8();
    assertThat(recorded.getHeaders().get("X-Authmail-Signature"))
        .isEqualTo("sha256=" + hmacHex(SECRET, timestamp + "." + body));
    assertThat(parse(body)).isEqualTo(Map.of(
        "to", "hanako@example.jp",
        "type", "SignIn",
        "ip", "203.0.113.9",
        "payload", Map.of("code", "123456", "locale", "ja", "uiLocales", "ja en",
            "application", Map.of("id", "app1", "name", "Acme"), "anyExtraKey", "allowed")));
    assertThat(JSON.readTree(body).fieldNames()).toIterable().containsExactly("to", "type", "payload", "ip");
    assertThat(result.acceptedAt()).isEqualTo(TestContext.FIXED_NOW);
  }

  @Test
  void aLogtoConfigSendsNoIpWhenUnknownAndNoSignatureHeaders() throws Exception {
    connector = create(Map.of("endpoint", peer.url("/email")), TestContext.create());

    connector.send(new EmailRequest(EmailAddress.parse("a@example.com"), UsageType.Register,
        Payload.builder().code("654321").build(), "msg-2"));

    RecordedRequest recorded = peer.take();
    assertThat(parse(recorded.getBody().utf8())).isEqualTo(Map.of(
        "to", "a@example.com", "type", "Register", "payload", Map.of("code", "654321")));
    assertThat(recorded.getHeaders().names())
        .doesNotContain("Authorization", "X-Authmail-Signature", "X-Authmail-Timestamp");
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
      "400, REJECTED", "404, REJECTED", "422, REJECTED",
      "401, AUTHENTICATION_FAILED", "403, AUTHENTICATION_FAILED",
      "408, UNAVAILABLE", "500, UNAVAILABLE", "503, UNAVAILABLE"})
  void eachStatusHasItsErrorClass(int status, ErrorCode expected) {
    connector = create(Map.of("endpoint", peer.url("/email"), "authorization", "Bearer hidden-value"), TestContext.create());
    peer.answer(EndpointPeer.status(status));

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.retryable()).isEqualTo(expected == ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).startsWith("the HTTP email endpoint answered HTTP " + status + ": {\"error\":\"status " + status + "\"}")
        .doesNotContain("hidden-value");
  }

  @ParameterizedTest(name = "Retry-After: {0}")
  @ValueSource(strings = {"120", "Thu, 01 Jan 2026 00:02:00 GMT"})
  void http429IsRateLimitedWithRetryAfterInSecondsOrAsADate(String retryAfter) {
    connector = create(Map.of("endpoint", peer.url("/email")), TestContext.create());
    peer.answer(new MockResponse.Builder().code(429).setHeader("Retry-After", retryAfter).build());

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsATimeout() {
    connector = create(Map.of("endpoint", peer.url("/email"), "timeout", Map.of("read", 300)), TestContext.create());
    peer.answer(EndpointPeer.forFault(dev.authmail.connector.tck.Fault.TIMEOUT));

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
    connector = create(Map.of("endpoint", "http://127.0.0.1:" + closedPort + "/email"), TestContext.create());

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.maybeDelivered()).isFalse();
  }

  // ------------------------------------------------------------ the address guard

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "http://mail.example.com/email    | must use https:// (plain http:// is refused)",
      "https://127.0.0.1/email          | the address 127.0.0.1 is a loopback address and refused",
      "https://10.1.2.3/email           | the address 10.1.2.3 is a private address and refused",
      "https://169.254.169.254/latest   | the address 169.254.169.254 is the cloud metadata address and refused"})
  void theStrictPolicyRefusesInternalEndpointsWhenCreated(String endpoint, String message) {
    ConnectorException e = catchThrowableOfType(ConnectorException.class,
        () -> create(Map.of("endpoint", endpoint), strict()));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).startsWith("endpoint: ").contains(message)
        .contains("network.allowPrivateAddresses: true");
  }

  @Test
  void theStrictPolicyRefusesAHostNameResolvingToLoopbackBeforeConnecting() {
    connector = create(Map.of("endpoint", "https://localhost:" + peer.port() + "/email"), strict());

    ConnectorException send = sendExpectingFailure();
    ConnectorException verify = catchThrowableOfType(ConnectorException.class, connector::verify);

    assertThat(send.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(send.getMessage()).startsWith("the host name localhost resolves to the internal address")
        .contains("network.allowPrivateAddresses: true");
    assertThat(verify.getMessage()).isEqualTo(send.getMessage());
    assertThat(peer.requests()).isZero();
  }

  @Test
  void allowingPrivateAddressesLetsPlainHttpReachLoopbackByNameAndByAddress() throws Exception {
    ConnectorContext allowing = TestContext.builder().network(NetworkPolicy.allowingPrivateAddresses()).build();
    for (String endpoint : List.of(peer.url("/email"), "http://localhost:" + peer.port() + "/email")) {
      try (EmailConnector c = create(Map.of("endpoint", endpoint), allowing)) {
        c.verify();
        c.send(signIn());
      }
    }

    assertThat(peer.accepted()).isEqualTo(2);
  }

  // ------------------------------------------------------------ helpers

  private static Map<String, Object> parse(String json) throws IOException {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  private EmailConnector create(Map<String, Object> raw, ConnectorContext context) {
    return factory.create(factory.configSpec().bind(new LinkedHashMap<>(raw)), context);
  }

  private ConnectorException sendExpectingFailure() {
    return catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn()));
  }

  private static EmailRequest signIn() {
    return new EmailRequest(EmailAddress.parse("user@example.com"), UsageType.SignIn,
        Payload.builder().code("111222").build(), "msg-1");
  }

  private static ConnectorContext strict() {
    return TestContext.builder().network(NetworkPolicy.strict()).build();
  }

  private static String hmacHex(String key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
