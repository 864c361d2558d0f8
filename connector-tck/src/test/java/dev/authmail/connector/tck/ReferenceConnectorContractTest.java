package dev.authmail.connector.tck;

import dev.authmail.connector.tck.reference.InMemoryPeer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The TCK run against the in-memory reference connector: every contract test must pass. */
class ReferenceConnectorContractTest extends PeerContractTest {
  static final String API_KEY = "ref-api-key-5d1f9c27";

  private InMemoryPeer peer;

  @BeforeEach
  void startPeer() {
    peer = InMemoryPeer.start(API_KEY);
  }

  @AfterEach
  void stopPeer() {
    peer.close();
  }

  static Map<String, Object> configFor(InMemoryPeer peer) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("peer", peer.name());
    config.put("apiKey", API_KEY);
    config.put("fromEmail", "noreply@example.com");
    config.put("timeoutMillis", 300);
    config.put("templates", TckTemplates.logtoTemplates());
    return config;
  }

  @Override
  protected String factoryId() {
    return "tck-reference";
  }

  @Override
  protected Map<String, Object> validConfig() {
    return configFor(peer);
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(API_KEY);
  }

  @Override
  protected ContractPeer peer() {
    return peer;
  }

  @Override
  protected Map<String, Map<String, Object>> semanticallyInvalidConfigs() {
    Map<String, Object> badFrom = validConfig();
    badFrom.put("fromEmail", "not an address");
    Map<String, Object> missingTemplate = validConfig();
    missingTemplate.put("templates", TckTemplates.logtoTemplates().subList(0, 3));
    // an unknown usageType is not invalid (Logto takes any string; the entry is never used)
    Map<String, Object> badContentType = validConfig();
    var templates = TckTemplates.logtoTemplates();
    Map<String, Object> markdown = TckTemplates.logtoTemplate("OrganizationInvitation");
    markdown.put("contentType", "text/markdown");
    templates.add(markdown);
    badContentType.put("templates", templates);
    return Map.of(
        "fromEmail", badFrom,
        "templates", missingTemplate,
        "templates[4].contentType", badContentType);
  }
}
