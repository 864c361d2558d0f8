package dev.authmail.connector.ses;

import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.PeerContractTest;
import dev.authmail.connector.tck.TckTemplates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TCK with MockWebServer playing SES; faults are enqueued SES error answers. */
class SesConnectorContractTest extends PeerContractTest {
  static final String SECRET = "tck-ses-secret-wJalrXUtnFEMI-K7MDENG";

  @RegisterExtension final SesPeer peer = new SesPeer();

  @Override
  protected ContractPeer peer() {
    return peer;
  }

  @Override
  protected String factoryId() {
    return "aws-ses-mail";
  }

  @Override
  protected Map<String, Object> validConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("accessKeyId", SesPeer.ACCESS_KEY_ID);
    config.put("accessKeySecret", SECRET);
    config.put("region", "eu-west-1");
    config.put("emailAddress", "noreply@example.com");
    config.put("templates", TckTemplates.logtoTemplates());
    config.put("endpoint", peer.endpoint());
    config.put("timeout", Map.of("connect", 1000, "read", 1000, "call", 2000));
    return config;
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(SECRET);
  }

  @Override
  protected Map<String, Map<String, Object>> semanticallyInvalidConfigs() {
    Map<String, Object> badFrom = validConfig();
    badFrom.put("emailAddress", "not an address");
    Map<String, Object> badRegion = validConfig();
    badRegion.put("region", "Europe West");
    Map<String, Object> halfKeys = validConfig();
    halfKeys.remove("accessKeySecret");
    return Map.of("emailAddress", badFrom, "region", badRegion, "accessKeySecret", halfKeys);
  }
}
