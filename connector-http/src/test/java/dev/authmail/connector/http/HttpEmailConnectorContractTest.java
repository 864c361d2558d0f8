package dev.authmail.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.okhttp.testing.EndpointPeer;
import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.PeerContractTest;
import dev.authmail.connector.tck.ReceivedEmail;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpEmailConnectorContractTest extends PeerContractTest {
  private static final String AUTHORIZATION = "Bearer tck-authorization-7f3a9c";
  private static final String SIGNING_SECRET = "tck-signing-secret-0123456789abcdefghij";
  private static final String HEADER_SECRET = "tck-api-key-55c1e0";

  @RegisterExtension
  final EndpointPeer peer =
      new EndpointPeer(
          new MockResponse.Builder()
              .code(202)
              .body("{\"message\":\"Email sent successfully\"}")
              .build(),
          HttpEmailConnectorContractTest::decode);

  /**
   * Logto's HTTP email contract: {@code {to, type, payload}}; the credentials are the configured
   * {@code Authorization} and {@code X-Api-Key} headers.
   */
  static ReceivedEmail decode(RecordedRequest request) {
    String body = request.getBody().utf8();
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("the request body is not JSON", e);
    }
    return ReceivedEmail.builder()
        .credentialsValid(
            AUTHORIZATION.equals(request.getHeaders().get("Authorization"))
                && HEADER_SECRET.equals(request.getHeaders().get("X-Api-Key")))
        .to(json.path("to").asText(null))
        .content(body)
        .build();
  }

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
