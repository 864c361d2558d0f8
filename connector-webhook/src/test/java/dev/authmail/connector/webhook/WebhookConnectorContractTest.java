package dev.authmail.connector.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.okhttp.Hmac;
import dev.authmail.connector.okhttp.testing.EndpointPeer;
import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.PeerContractTest;
import dev.authmail.connector.tck.ReceivedEmail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookConnectorContractTest extends PeerContractTest {
  private static final String CURRENT = "whsec_OXyGQFIqSMu1XutYXDL3GdHdjptswypvCMBxEdTnKHM=";
  private static final String PREVIOUS = "whsec_Nh1EhJqGv9ASQL3AmU1HrZ5+PGX6FN102Rxlc2F17MM=";

  @RegisterExtension
  final EndpointPeer peer =
      new EndpointPeer(
          new MockResponse.Builder().code(204).build(), WebhookConnectorContractTest::decode);

  /**
   * A Standard Webhooks event: {@code data.to} is the recipient; the credentials are a {@code
   * webhook-signature} that verifies with the current secret over {@code id.timestamp.body}.
   */
  static ReceivedEmail decode(RecordedRequest request) {
    String body = request.getBody().utf8();
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("the event body is not JSON", e);
    }
    String signed =
        request.getHeaders().get("webhook-id")
            + "."
            + request.getHeaders().get("webhook-timestamp")
            + "."
            + body;
    String expected =
        "v1,"
            + Base64.getEncoder()
                .encodeToString(
                    Hmac.sha256(
                        Base64.getDecoder().decode(CURRENT.substring("whsec_".length())),
                        signed.getBytes(StandardCharsets.UTF_8)));
    String signatures = request.getHeaders().get("webhook-signature");
    return ReceivedEmail.builder()
        .credentialsValid(signatures != null && List.of(signatures.split(" ")).contains(expected))
        .to(json.path("data").path("to").asText(null))
        .content(body)
        .build();
  }

  @Override
  protected ContractPeer peer() {
    return peer;
  }

  @Override
  protected String factoryId() {
    return WebhookConnectorFactory.ID;
  }

  @Override
  protected Map<String, Object> validConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("endpoint", peer.url("/webhooks/authmail"));
    config.put("secrets", List.of(CURRENT, PREVIOUS));
    config.put("timeout", Map.of("connect", 1000, "read", 1000, "call", 2000));
    return config;
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(CURRENT, PREVIOUS);
  }

  @Override
  protected boolean supportsTransport() {
    return false; // the receiver gets the event, not rendered content
  }

  @Override
  protected Map<String, Map<String, Object>> semanticallyInvalidConfigs() {
    Map<String, Object> http = validConfig();
    http.put("endpoint", "ftp://127.0.0.1/webhooks");
    Map<String, Object> noPrefix = validConfig();
    noPrefix.put("secrets", List.of(CURRENT, "OXyGQFIqSMu1XutYXDL3GdHdjptswypvCMBxEdTnKHM="));
    Map<String, Object> none = validConfig();
    none.put("secrets", List.of());
    return Map.of("endpoint", http, "secrets[1]", noPrefix, "secrets", none);
  }
}
