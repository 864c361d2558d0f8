package dev.authmail.connector.logtoemail;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.tck.CapturingTransport;
import dev.authmail.connector.tck.ConnectorContractTest;
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.ReceivedEmail;
import dev.authmail.connector.tck.TestContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The shared contract, in local mode: the platform transport is the TCK's capturing transport, and
 * a fault is the transport's failure, which the built-in service must pass on unchanged.
 */
class LocalModeContractTest extends ConnectorContractTest {
  private final CapturingTransport transport = new CapturingTransport();

  @Override
  protected String factoryId() {
    return "logto-email";
  }

  @Override
  protected Map<String, Object> validConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("senderName", "Acme");
    config.put("companyInformation", "Acme Inc.\n1 Main Street");
    config.put("appLogo", "https://cdn.example.com/logo.png");
    return config;
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(); // branding has no secrets
  }

  @Override
  protected Map<String, Map<String, Object>> semanticallyInvalidConfigs() {
    return Map.of(
        "senderName", Map.of("senderName", "https://acme.example.com"),
        "companyInformation", Map.of("companyInformation", "Acme\nwww.acme.test"),
        "appLogo", Map.of("appLogo", "http://cdn.example.com/logo.png"),
        "fromEmail", Map.of("fromEmail", "ceo@acme.test"));
  }

  @Override
  protected ConnectorContext context() {
    return TestContext.builder()
        .platformTransport(transport)
        .platformSender("no-reply@platform.test")
        .build();
  }

  @Override
  protected void arrangeFault(Fault fault) {
    transport.failWith(
        new ConnectorException(fault.expectedCode(), "platform transport fault " + fault));
  }

  @Override
  protected void arrangeSuccess() {
    transport.succeed();
  }

  @Override
  protected int acceptedCount() {
    return transport.count();
  }

  @Override
  protected int connectionCount() {
    return transport.attempts();
  }

  /** The platform transport is the operator's and takes no credentials from this connector. */
  @Override
  protected ReceivedEmail lastReceived() {
    return ReceivedEmail.of(transport.last(), true);
  }

  @Override
  protected boolean supportsTransport() {
    return false; // it renders and sends through the platform transport; it is not one
  }

  @Override
  protected boolean supportsVerify() {
    return true; // verify() does nothing and so succeeds
  }
}
