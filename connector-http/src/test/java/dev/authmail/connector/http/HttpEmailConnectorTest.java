package dev.authmail.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.okhttp.testing.EndpointConnectorTest;
import dev.authmail.connector.tck.TestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Against a real HTTP peer (MockWebServer): what reaches the endpoint in Logto's shape; what each
 * answer becomes and the network policy are checked by {@link EndpointConnectorTest}.
 */
class HttpEmailConnectorTest extends EndpointConnectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "0123456789abcdef0123456789abcdef-signing";

  @Override
  protected ConnectorFactory factory() {
    return new HttpEmailConnectorFactory();
  }

  @Override
  protected MockResponse success() {
    return new MockResponse.Builder()
        .code(202)
        .body("{\"message\":\"Email sent successfully\"}")
        .build();
  }

  @Override
  protected Map<String, Object> requiredConfig() {
    return Map.of("authorization", "Bearer hidden-value");
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of("hidden-value");
  }

  @Override
  protected String provider() {
    return HttpEmailConnector.PROVIDER;
  }

  @Test
  void aLocalizedSignInCodeIsPostedInLogtosShapeWithEveryHeader() throws Exception {
    connector =
        create(
            Map.of(
                "endpoint",
                peer.url("/hooks/email?tenant=acme"),
                "authorization",
                "Bearer logto-style-token",
                "headers",
                Map.of("X-Api-Key", "k-123", "X-Tenant", "acme"),
                "signingSecret",
                SECRET),
            TestContext.create());
    EmailRequest request =
        new EmailRequest(
            EmailAddress.parse("hanako@example.jp"),
            UsageType.SignIn,
            Payload.builder()
                .code("123456")
                .locale("ja")
                .uiLocales("ja en")
                .application(Map.of("id", "app1", "name", "Acme"))
                .put("anyExtraKey", "allowed")
                .build(),
            "msg-0001",
            "203.0.113.9");

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
    assertThat(parse(body))
        .isEqualTo(
            Map.of(
                "to", "hanako@example.jp",
                "type", "SignIn",
                "ip", "203.0.113.9",
                "payload",
                    Map.of(
                        "code",
                        "123456",
                        "locale",
                        "ja",
                        "uiLocales",
                        "ja en",
                        "application",
                        Map.of("id", "app1", "name", "Acme"),
                        "anyExtraKey",
                        "allowed")));
    assertThat(JSON.readTree(body).fieldNames())
        .toIterable()
        .containsExactly("to", "type", "payload", "ip");
    assertThat(result.acceptedAt()).isEqualTo(TestContext.FIXED_NOW);
  }

  @Test
  void aLogtoConfigSendsNoIpWhenUnknownAndNoSignatureHeaders() throws Exception {
    connector = create(Map.of("endpoint", peer.url("/email")), TestContext.create());

    connector.send(
        new EmailRequest(
            EmailAddress.parse("a@example.com"),
            UsageType.Register,
            Payload.builder().code("654321").build(),
            "msg-2"));

    RecordedRequest recorded = peer.take();
    assertThat(parse(recorded.getBody().utf8()))
        .isEqualTo(
            Map.of("to", "a@example.com", "type", "Register", "payload", Map.of("code", "654321")));
    assertThat(recorded.getHeaders().names())
        .doesNotContain("Authorization", "X-Authmail-Signature", "X-Authmail-Timestamp");
  }

  // ------------------------------------------------------------ helpers

  private static Map<String, Object> parse(String json) throws IOException {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  private static String hmacHex(String key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
