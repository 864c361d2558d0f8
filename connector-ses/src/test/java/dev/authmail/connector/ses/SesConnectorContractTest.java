package dev.authmail.connector.ses;

import dev.authmail.connector.tck.ConnectorContractTest;
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.TckTemplates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TCK with MockWebServer playing SES; faults are enqueued SES error answers. */
class SesConnectorContractTest extends ConnectorContractTest {
  static final String SECRET = "tck-ses-secret-wJalrXUtnFEMI-K7MDENG";

  @RegisterExtension
  final SesPeer peer = new SesPeer();

  @Override
  protected String factoryId() {
    return "aws-ses-mail";
  }

  @Override
  protected Map<String, Object> validConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("accessKeyId", "AKIDTCKEXAMPLE");
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

  @Override
  protected void arrangeFault(Fault fault) {
    switch (fault) {
      case REJECTED -> peer.enqueueError(400, "MessageRejected", "Email address is not verified.");
      case AUTHENTICATION_FAILED -> peer.enqueueError(403, "UnrecognizedClientException",
          "The security token included in the request is invalid.");
      case RATE_LIMITED -> peer.enqueueError(429, "TooManyRequestsException", "Too many requests.");
      case UNAVAILABLE -> peer.enqueueError(500, "InternalServiceErrorException", "Internal error.");
      case TIMEOUT -> peer.enqueueSlow(4);
    }
  }

  @Override
  protected void arrangeSuccess() {
    peer.clear();
  }

  @Override
  protected int acceptedCount() {
    return peer.accepted();
  }

  @Override
  protected int connectionCount() {
    return peer.requests();
  }
}
