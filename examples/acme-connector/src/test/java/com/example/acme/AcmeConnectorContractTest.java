// tag::contract[]
package com.example.acme;

import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.PeerContractTest;
import dev.authmail.connector.tck.TckTemplates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TCK against Acme's API on loopback: every check of the contract, Acme's own faults included.
 */
class AcmeConnectorContractTest extends PeerContractTest {
  @RegisterExtension final AcmePeer peer = new AcmePeer();

  @Override
  protected ContractPeer peer() {
    return peer;
  }

  @Override
  protected String factoryId() {
    return AcmeConnectorFactory.ID;
  }

  /**
   * Every key the spec declares, short timeouts, the peer's loopback URL (TestContext allows it).
   */
  @Override
  protected Map<String, Object> validConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiKey", AcmePeer.API_KEY);
    config.put("fromEmail", "noreply@example.com");
    config.put("templates", TckTemplates.logtoTemplates());
    config.put("endpoint", peer.endpoint());
    config.put("timeout", Map.of("connect", 1000, "read", 1000, "write", 1000, "call", 2000));
    return config;
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(AcmePeer.API_KEY);
  }

  @Override
  protected Map<String, Map<String, Object>> semanticallyInvalidConfigs() {
    Map<String, Object> badFrom = validConfig();
    badFrom.put("fromEmail", "noreply at example.com");
    Map<String, Object> badEndpoint = validConfig();
    badEndpoint.put("endpoint", "ftp://api.acme-mail.example");
    return Map.of("fromEmail", badFrom, "endpoint", badEndpoint);
  }
}
// end::contract[]
