package dev.authmail.connector.mailgun;

import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.PeerContractTest;
import dev.authmail.connector.tck.TckTemplates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TCK with MockWebServer playing Mailgun; faults are Mailgun's error answers. */
class MailgunConnectorContractTest extends PeerContractTest {
  static final String API_KEY = "key-tck-mailgun-0123456789abcdef";

  @RegisterExtension final MailgunPeer peer = new MailgunPeer(API_KEY);

  @Override
  protected ContractPeer peer() {
    return peer;
  }

  @Override
  protected String factoryId() {
    return "mailgun-email";
  }

  /** Logto's keys; the deliveries made from the TCK's templates (HTML with {{code}}). */
  @Override
  protected Map<String, Object> validConfig() {
    Map<String, Object> deliveries = new LinkedHashMap<>();
    for (Map<String, Object> t : TckTemplates.logtoTemplates()) {
      deliveries.put(
          (String) t.get("usageType"),
          Map.of("subject", t.get("subject"), "html", t.get("content")));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("endpoint", peer.endpoint());
    config.put("domain", MailgunPeer.DOMAIN);
    config.put("apiKey", API_KEY);
    config.put("from", "Acme <noreply@mg.example.com>");
    config.put("deliveries", deliveries);
    config.put("timeout", Map.of("connect", 1000, "read", 1000, "write", 1000, "call", 2000));
    return config;
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(API_KEY);
  }

  @Override
  protected Map<String, Map<String, Object>> semanticallyInvalidConfigs() {
    Map<String, Object> badFrom = validConfig();
    badFrom.put("from", "Acme noreply at example.com");
    Map<String, Object> badDomain = validConfig();
    badDomain.put("domain", "https://mg.example.com/");
    Map<String, Object> badDelivery = validConfig();
    badDelivery.put("deliveries", Map.of("SignIn", Map.of("text", "only text {{code}}")));
    Map<String, Object> badEndpoint = validConfig();
    badEndpoint.put("endpoint", "ftp://api.mailgun.net");
    return Map.of(
        "from",
        badFrom,
        "domain",
        badDomain,
        "deliveries.SignIn",
        badDelivery,
        "endpoint",
        badEndpoint);
  }
}
