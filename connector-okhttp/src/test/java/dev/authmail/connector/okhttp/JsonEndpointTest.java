package dev.authmail.connector.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.tck.TestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonEndpointTest {
  private final MockWebServer server = new MockWebServer();
  private final ConnectorContext allowing =
      TestContext.builder().network(NetworkPolicy.allowingPrivateAddresses()).build();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  @Test
  void postsTheJsonWithTheHeadersInOrderAndReturnsThe2xxAnswer() throws Exception {
    server.enqueue(new MockResponse.Builder().code(202).body("{\"queued\":true}").build());
    JsonEndpoint endpoint =
        JsonEndpoint.create(
            allowing, url("/hooks?token=t0ken"), HttpTimeouts.DEFAULTS, "the test endpoint");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-First", "1");
    headers.put("X-Second", "2");

    HttpReply reply = endpoint.post("{\"to\":\"a@example.com\"}", headers);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/hooks");
    assertThat(request.getUrl().queryParameter("token")).isEqualTo("t0ken");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.getHeaders().names()).containsSubsequence("X-First", "X-Second");
    assertThat(request.getBody().utf8()).isEqualTo("{\"to\":\"a@example.com\"}");
    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.body()).isEqualTo("{\"queued\":true}");
    assertThat(endpoint.toString()).contains("/hooks").doesNotContain("t0ken");
  }

  @Test
  void anErrorAnswerIsClassifiedNamingTheProvider() {
    server.enqueue(new MockResponse.Builder().code(401).body("bad key").build());
    JsonEndpoint endpoint =
        JsonEndpoint.create(allowing, url("/hooks"), HttpTimeouts.DEFAULTS, "the test endpoint");

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> endpoint.post("{}", Map.of()));

    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    assertThat(e.getMessage()).startsWith("the test endpoint answered HTTP 401");
  }

  @Test
  void checkResolvesAppliesTheNetworkPolicyWithoutSending() {
    URI loopbackByName = URI.create("https://localhost:" + server.getPort() + "/hooks");
    JsonEndpoint strict =
        JsonEndpoint.create(
            TestContext.builder().network(NetworkPolicy.strict()).build(),
            loopbackByName,
            HttpTimeouts.DEFAULTS,
            "the test endpoint");
    JsonEndpoint allowed =
        JsonEndpoint.create(allowing, loopbackByName, HttpTimeouts.DEFAULTS, "the test endpoint");

    ConnectorException e = catchThrowableOfType(ConnectorException.class, strict::checkResolves);

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThatCode(allowed::checkResolves).doesNotThrowAnyException();
    assertThat(server.getRequestCount()).isZero();
  }
}
