package dev.authmail.connector.sendgrid;

import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.PeerContractTest;
import dev.authmail.connector.tck.TckTemplates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TCK with MockWebServer playing SendGrid; faults are enqueued SendGrid error answers. */
class SendGridConnectorContractTest extends PeerContractTest {
  static final String API_KEY = "SG.tck-sendgrid-key.0123456789abcdef";

  @RegisterExtension final SendGridPeer peer = new SendGridPeer();

  @Override
  protected ContractPeer peer() {
    return peer;
  }

  @Override
  protected String factoryId() {
    return "sendgrid-email-service";
  }

  @Override
  protected Map<String, Object> validConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiKey", API_KEY);
    config.put("fromEmail", "noreply@example.com");
    config.put("fromName", "Acme");
    List<Map<String, Object>> templates = TckTemplates.logtoTemplates();
    templates.forEach(t -> t.put("type", t.remove("contentType"))); // SendGrid's spelling in Logto
    config.put("templates", templates);
    config.put("endpoint", peer.endpoint());
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
    badFrom.put("fromEmail", "noreply at example.com");
    Map<String, Object> badDynamic = validConfig();
    badDynamic.put("dynamicTemplates", Map.of("SignIn", "not-a-template"));
    Map<String, Object> badEndpoint = validConfig();
    badEndpoint.put("endpoint", "ftp://api.sendgrid.com");
    return Map.of(
        "fromEmail", badFrom, "dynamicTemplates.SignIn", badDynamic, "endpoint", badEndpoint);
  }
}
