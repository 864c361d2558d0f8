package dev.authmail.connector.webhook;

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
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.TestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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

/** Against a real HTTP receiver (MockWebServer): what reaches it, and what each answer becomes. */
class WebhookConnectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CURRENT = WebhookSignerTest.OTHER_SECRET;
  private static final String PREVIOUS = WebhookSignerTest.SPEC_SECRET;

  private final WebhookConnectorFactory factory = new WebhookConnectorFactory();
  private EndpointPeer peer;
  private EmailConnector connector;

  @BeforeEach
  void start() throws IOException {
    peer = new EndpointPeer(new MockResponse.Builder().code(204).build());
  }

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.close();
    }
    peer.close();
  }

  @Test
  void aLocalizedSignInCodeArrivesAsASignedStandardWebhooksEvent() throws Exception {
    connector = create(Map.of("endpoint", peer.url("/hooks/email"), "secrets", List.of(CURRENT)),
        TestContext.builder().tenant("acme").build());
    EmailRequest request = new EmailRequest(EmailAddress.parse("hanako@example.jp"), UsageType.SignIn,
        Payload.builder().code("123456").locale("ja").uiLocales("ja en")
            .user(Map.of("id", "u1", "name", "花子")).build(),
        "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "203.0.113.9");

    SendResult result = connector.send(request);

    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/hooks/email");
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(recorded.getHeaders().get("webhook-id")).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
    assertThat(recorded.getHeaders().get("webhook-timestamp")).isEqualTo(Long.toString(TestContext.FIXED_NOW.getEpochSecond()));
    String body = recorded.getBody().utf8();
    assertThat(recorded.getHeaders().get("webhook-signature"))
        .isEqualTo(expectedSignature(CURRENT, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", TestContext.FIXED_NOW.getEpochSecond(), body));
    assertThat(parse(body)).isEqualTo(Map.of(
        "type", "email.send",
        "timestamp", "2026-01-01T00:00:00Z",
        "data", Map.of(
            "messageId", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
            "tenant", "acme",
            "usageType", "SignIn",
            "to", "hanako@example.jp",
            "locale", "ja",
            "ip", "203.0.113.9",
            "payload", Map.of("code", "123456", "locale", "ja", "uiLocales", "ja en", "user", Map.of("id", "u1", "name", "花子")))));
    assertThat(result.acceptedAt()).isEqualTo(TestContext.FIXED_NOW);
  }

  @Test
  void duringRotationEachSecretSignsAndEachSignatureVerifies() throws Exception {
    connector = create(Map.of("endpoint", peer.url("/hooks"), "secrets", List.of(CURRENT, PREVIOUS)), TestContext.create());

    connector.send(signIn("msg_rotation"));

    RecordedRequest recorded = peer.take();
    String body = recorded.getBody().utf8();
    long timestamp = Long.parseLong(recorded.getHeaders().get("webhook-timestamp"));
    assertThat(recorded.getHeaders().get("webhook-signature").split(" ")).containsExactly(
        expectedSignature(CURRENT, "msg_rotation", timestamp, body),
        expectedSignature(PREVIOUS, "msg_rotation", timestamp, body));
  }

  @Test
  void theLocaleFallsBackToTheFirstUiLocaleThenTheDefaultLanguage() throws Exception {
    connector = create(Map.of("endpoint", peer.url("/hooks"), "secrets", List.of(CURRENT)),
        TestContext.builder().defaultLanguage("de").build());

    connector.send(new EmailRequest(EmailAddress.parse("a@example.com"), UsageType.Register,
        Payload.builder().code("1").uiLocales(" fr-CA fr en").build(), "msg_a"));
    connector.send(new EmailRequest(EmailAddress.parse("a@example.com"), UsageType.Register,
        Payload.builder().code("2").build(), "msg_b"));

    assertThat(JSON.readTree(peer.take().getBody().utf8()).at("/data/locale").asText()).isEqualTo("fr-CA");
    assertThat(JSON.readTree(peer.take().getBody().utf8()).at("/data/locale").asText()).isEqualTo("de");
  }

  @Test
  void aMessageIdWithADotIsRefusedBeforeSending() {
    connector = create(Map.of("endpoint", peer.url("/hooks"), "secrets", List.of(CURRENT)), TestContext.create());

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn("msg.1")));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(peer.requests()).isZero();
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
      "400, REJECTED", "404, REJECTED", "422, REJECTED",
      "401, AUTHENTICATION_FAILED", "403, AUTHENTICATION_FAILED",
      "408, UNAVAILABLE", "500, UNAVAILABLE", "503, UNAVAILABLE"})
  void eachStatusHasItsErrorClass(int status, ErrorCode expected) {
    connector = create(Map.of("endpoint", peer.url("/hooks"), "secrets", List.of(CURRENT)), TestContext.create());
    peer.answer(EndpointPeer.status(status));

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.retryable()).isEqualTo(expected == ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).startsWith("the webhook endpoint answered HTTP " + status).doesNotContain(CURRENT);
  }

  @ParameterizedTest(name = "Retry-After: {0}")
  @ValueSource(strings = {"120", "Thu, 01 Jan 2026 00:02:00 GMT"})
  void http429IsRateLimitedWithRetryAfterInSecondsOrAsADate(String retryAfter) {
    connector = create(Map.of("endpoint", peer.url("/hooks"), "secrets", List.of(CURRENT)), TestContext.create());
    peer.answer(new MockResponse.Builder().code(429).setHeader("Retry-After", retryAfter).build());

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsATimeout() {
    connector = create(Map.of("endpoint", peer.url("/hooks"), "secrets", List.of(CURRENT), "timeout", Map.of("read", 300)),
        TestContext.create());
    peer.answer(EndpointPeer.forFault(Fault.TIMEOUT));

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(e.maybeDelivered()).isTrue();
  }

  @Test
  void aRefusedConnectionIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    connector = create(Map.of("endpoint", "http://127.0.0.1:" + closedPort + "/hooks", "secrets", List.of(CURRENT)),
        TestContext.create());

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.maybeDelivered()).isFalse();
  }

  // ------------------------------------------------------------ the address guard

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "http://hooks.example.com/email   | must use https:// (plain http:// is refused)",
      "https://127.0.0.1/email          | the address 127.0.0.1 is a loopback address and refused",
      "https://10.20.30.40/email        | the address 10.20.30.40 is a private address and refused",
      "https://169.254.169.254/latest   | the address 169.254.169.254 is the cloud metadata address and refused"})
  void theStrictPolicyRefusesInternalEndpointsWhenCreated(String endpoint, String message) {
    ConnectorException e = catchThrowableOfType(ConnectorException.class,
        () -> create(Map.of("endpoint", endpoint, "secrets", List.of(CURRENT)), strict()));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).startsWith("endpoint: ").contains(message).contains("network.allowPrivateAddresses: true");
  }

  @Test
  void theStrictPolicyRefusesAHostNameResolvingToLoopbackBeforeConnecting() {
    connector = create(Map.of("endpoint", "https://localhost:" + peer.port() + "/hooks", "secrets", List.of(CURRENT)), strict());

    ConnectorException e = sendExpectingFailure();

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).startsWith("the host name localhost resolves to the internal address");
    assertThat(catchThrowableOfType(ConnectorException.class, connector::verify).getMessage()).isEqualTo(e.getMessage());
    assertThat(peer.requests()).isZero();
  }

  @Test
  void allowingPrivateAddressesLetsPlainHttpReachLoopback() throws Exception {
    ConnectorContext allowing = TestContext.builder().network(NetworkPolicy.allowingPrivateAddresses()).build();
    for (String endpoint : List.of(peer.url("/hooks"), "http://localhost:" + peer.port() + "/hooks")) {
      try (EmailConnector c = create(Map.of("endpoint", endpoint, "secrets", List.of(CURRENT)), allowing)) {
        c.verify();
        c.send(signIn("msg_ok"));
      }
    }

    assertThat(peer.accepted()).isEqualTo(2);
  }

  // ------------------------------------------------------------ helpers

  private static Map<String, Object> parse(String json) throws IOException {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  /** Standard Webhooks verification, written from the spec independently of WebhookSigner. */
  private static String expectedSignature(String secret, String id, long timestamp, String body) throws Exception {
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(signature);
  }

  private EmailConnector create(Map<String, Object> raw, ConnectorContext context) {
    return factory.create(factory.configSpec().bind(new LinkedHashMap<>(raw)), context);
  }

  private ConnectorException sendExpectingFailure() {
    return catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn("msg_1")));
  }

  private static EmailRequest signIn(String messageId) {
    return new EmailRequest(EmailAddress.parse("user@example.com"), UsageType.SignIn,
        Payload.builder().code("111222").build(), messageId);
  }

  private static ConnectorContext strict() {
    return TestContext.builder().network(NetworkPolicy.strict()).build();
  }
}
