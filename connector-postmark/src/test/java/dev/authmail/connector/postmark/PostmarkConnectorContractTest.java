package dev.authmail.connector.postmark;

import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.PeerContractTest;
import dev.authmail.connector.tck.TckTemplates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TCK with MockWebServer playing Postmark: authmail's own templates ({@code POST /email}), so
 * the peer sees subject and both bodies; faults are Postmark's error answers.
 */
class PostmarkConnectorContractTest extends PeerContractTest {
  static final String TOKEN = "8b2f4d6e-tck-postmark-token-0000aaaa";

  @RegisterExtension final PostmarkPeer peer = new PostmarkPeer(TOKEN);

  @Override
  protected ContractPeer peer() {
    return peer;
  }

  @Override
  protected String factoryId() {
    return "postmark-mail";
  }

  @Override
  protected Map<String, Object> validConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("serverToken", TOKEN);
    config.put("fromEmail", "noreply@example.com");
    config.put("templates", TckTemplates.logtoTemplates());
    config.put("endpoint", peer.endpoint());
    config.put("timeout", Map.of("connect", 1000, "read", 1000, "write", 1000, "call", 2000));
    return config;
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(TOKEN);
  }

  @Override
  protected Map<String, Map<String, Object>> semanticallyInvalidConfigs() {
    Map<String, Object> badFrom = validConfig();
    badFrom.put("fromEmail", "noreply at example.com");
    Map<String, Object> missingTypes = validConfig();
    missingTypes.put(
        "templates", List.of(Map.of("usageType", "SignIn", "templateAlias", "logto-sign-in")));
    Map<String, Object> both = validConfig();
    both.put(
        "templates",
        List.of(
            Map.of("usageType", "SignIn", "templateAlias", "a", "subject", "s", "content", "c")));
    Map<String, Object> badStream = validConfig();
    badStream.put("messageStream", "Out Bound");
    return Map.of(
        "fromEmail",
        badFrom,
        "templates",
        missingTypes,
        "templates[0].templateAlias",
        both,
        "messageStream",
        badStream);
  }
}
