package dev.authmail.connector.http;

import dev.authmail.connector.okhttp.testing.EndpointPeer;
import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.PeerContractTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpEmailConnectorContractTest extends PeerContractTest {
  private static final String AUTHORIZATION = "Bearer tck-authorization-7f3a9c";
  private static final String SIGNING_SECRET = "tck-signing-secret-0123456789abcdefghij";
  private static final String HEADER_SECRET = "tck-api-key-55c1e0";

  @RegisterExtension
  final EndpointPeer peer = new EndpointPeer(new MockResponse.Builder().code(202).body("{\"message\":\"Email sent successfully\"}").build());

  @Override
  protected ContractPeer peer() {
    return peer;
  }

  @Override
  protected String factoryId() {
    return HttpEmailConnectorFactory.ID;
  }

  @Override
  protected Map<String, Object> validConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("endpoint", peer.url("/email"));
    config.put("authorization", AUTHORIZATION);
    config.put("headers", Map.of("X-Api-Key", HEADER_SECRET));
    config.put("signingSecret", SIGNING_SECRET);
    config.put("timeout", Map.of("connect", 1000, "read", 1000, "call", 2000));
    return config;
  }

  @Override
  protected Set<String> secretValues() {
    return Set.of(AUTHORIZATION, SIGNING_SECRET, HEADER_SECRET);
  }

  @Override
  protected boolean supportsTransport() {
    return false; // the endpoint takes Logto's {to, type, payload}, not rendered content
  }

  @Override
  protected Map<String, Map<String, Object>> semanticallyInvalidConfigs() {
    Map<String, Object> ftp = validConfig();
    ftp.put("endpoint", "ftp://127.0.0.1/email");
    Map<String, Object> injected = validConfig();
    injected.put("headers", Map.of("X-Note", "a\r\nX-Evil: 1"));
    Map<String, Object> shortSecret = validConfig();
    shortSecret.put("signingSecret", "too-short");
    return Map.of("endpoint", ftp, "headers.X-Note", injected, "signingSecret", shortSecret);
  }
}
