package dev.authmail.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.okhttp.testing.EndpointConnectorTest;
import dev.authmail.connector.tck.TestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Against a real HTTP receiver (MockWebServer): what reaches it; what each answer becomes and the
 * network policy are checked by {@link EndpointConnectorTest}.
 */
class WebhookConnectorTest extends EndpointConnectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CURRENT = WebhookSignerTest.OTHER_SECRET;
  private static final String PREVIOUS = WebhookSignerTest.SPEC_SECRET;

  @Override
  protected ConnectorFactory factory() {
    return new WebhookConnectorFactory();
  }

  @Override
  protected MockResponse success() {
    return new MockResponse.Builder().code(204).build();
  }

  @Override
  protected Map<String, Object> requiredConfig() {
    return Map.of("secrets", List.of(CURRENT));
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(CURRENT);
  }

  @Override
  protected String provider() {
    return WebhookConnector.PROVIDER;
  }

  @Test
  void aLocalizedSignInCodeArrivesAsASignedStandardWebhooksEvent() throws Exception {
    connector =
        create(
            Map.of("endpoint", peer.url("/hooks/email"), "secrets", List.of(CURRENT)),
            TestContext.builder().tenant("acme").build());
    EmailRequest request =
        new EmailRequest(
            EmailAddress.parse("hanako@example.jp"),
            UsageType.SignIn,
            Payload.builder()
                .code("123456")
                .locale("ja")
                .uiLocales("ja en")
                .user(Map.of("id", "u1", "name", "花子"))
                .build(),
            "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
            "203.0.113.9");

    SendResult result = connector.send(request);

    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/hooks/email");
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(recorded.getHeaders().get("webhook-id"))
        .isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
    assertThat(recorded.getHeaders().get("webhook-timestamp"))
        .isEqualTo(Long.toString(TestContext.FIXED_NOW.getEpochSecond()));
    String body = recorded.getBody().utf8();
    assertThat(recorded.getHeaders().get("webhook-signature"))
        .isEqualTo(
            expectedSignature(
                CURRENT,
                "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
                TestContext.FIXED_NOW.getEpochSecond(),
                body));
    assertThat(parse(body))
        .isEqualTo(
            Map.of(
                "type", "email.send",
                "timestamp", "2026-01-01T00:00:00Z",
                "data",
                    Map.of(
                        "messageId", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
                        "tenant", "acme",
                        "usageType", "SignIn",
                        "to", "hanako@example.jp",
                        "locale", "ja",
                        "ip", "203.0.113.9",
                        "payload",
                            Map.of(
                                "code",
                                "123456",
                                "locale",
                                "ja",
                                "uiLocales",
                                "ja en",
                                "user",
                                Map.of("id", "u1", "name", "花子")))));
    assertThat(result.acceptedAt()).isEqualTo(TestContext.FIXED_NOW);
  }

  @Test
  void duringRotationEachSecretSignsAndEachSignatureVerifies() throws Exception {
    connector =
        create(
            Map.of("endpoint", peer.url("/hooks"), "secrets", List.of(CURRENT, PREVIOUS)),
            TestContext.create());

    connector.send(signIn("msg_rotation"));

    RecordedRequest recorded = peer.take();
    String body = recorded.getBody().utf8();
    long timestamp = Long.parseLong(recorded.getHeaders().get("webhook-timestamp"));
    assertThat(recorded.getHeaders().get("webhook-signature").split(" "))
        .containsExactly(
            expectedSignature(CURRENT, "msg_rotation", timestamp, body),
            expectedSignature(PREVIOUS, "msg_rotation", timestamp, body));
  }

  @Test
  void theLocaleFallsBackToTheFirstUiLocaleThenTheDefaultLanguage() throws Exception {
    connector =
        create(
            Map.of("endpoint", peer.url("/hooks"), "secrets", List.of(CURRENT)),
            TestContext.builder().defaultLanguage("de").build());

    connector.send(
        new EmailRequest(
            EmailAddress.parse("a@example.com"),
            UsageType.Register,
            Payload.builder().code("1").uiLocales(" fr-CA fr en").build(),
            "msg_a"));
    connector.send(
        new EmailRequest(
            EmailAddress.parse("a@example.com"),
            UsageType.Register,
            Payload.builder().code("2").build(),
            "msg_b"));

    assertThat(JSON.readTree(peer.take().getBody().utf8()).at("/data/locale").asText())
        .isEqualTo("fr-CA");
    assertThat(JSON.readTree(peer.take().getBody().utf8()).at("/data/locale").asText())
        .isEqualTo("de");
  }

  @Test
  void aMessageIdWithADotIsRefusedBeforeSending() {
    connector =
        create(
            Map.of("endpoint", peer.url("/hooks"), "secrets", List.of(CURRENT)),
            TestContext.create());

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn("msg.1")));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(peer.connectionCount()).isZero();
  }

  // ------------------------------------------------------------ helpers

  private static Map<String, Object> parse(String json) throws IOException {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  /** Standard Webhooks verification, written from the spec independently of WebhookSigner. */
  private static String expectedSignature(String secret, String id, long timestamp, String body)
      throws Exception {
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] signature =
        mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(signature);
  }

  private static EmailRequest signIn(String messageId) {
    return new EmailRequest(
        EmailAddress.parse("user@example.com"),
        UsageType.SignIn,
        Payload.builder().code("111222").build(),
        messageId);
  }
}
