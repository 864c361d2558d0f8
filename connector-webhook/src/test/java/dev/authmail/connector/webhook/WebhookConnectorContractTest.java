package dev.authmail.connector.webhook;

import dev.authmail.connector.okhttp.testing.EndpointPeer;
import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.PeerContractTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookConnectorContractTest extends PeerContractTest {
  private static final String CURRENT = "whsec_OXyGQFIqSMu1XutYXDL3GdHdjptswypvCMBxEdTnKHM=";
  private static final String PREVIOUS = "whsec_Nh1EhJqGv9ASQL3AmU1HrZ5+PGX6FN102Rxlc2F17MM=";

  @RegisterExtension
  final EndpointPeer peer = new EndpointPeer(new MockResponse.Builder().code(204).build());

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
