package dev.authmail.runtime.node;

import static dev.authmail.runtime.stored.ConnectorRoutesTest.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.authmail.runtime.node.ManagementServer.Answer;
import dev.authmail.runtime.outbox.MessageView;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, items 6 and 7: a masked value inside a secret object, and a provider that echoes the
 * credential in another spelling. The provider is a real HTTP server on 127.0.0.1 (the JDK's),
 * reached through the real {@code http-email} connector.
 */
class SecretLeakTest extends ManagementTest {
  private static final String TOKEN = "Tok3n-For-Leak-Test-9a8b7c";
  private static final String API_KEY = "x-api-key-value-4711-abcdef";

  private HttpServer provider;
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private volatile Supplier<String> errorBody = () -> "";

  @BeforeEach
  void startProvider() throws Exception {
    provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    provider.createContext(
        "/send",
        exchange -> {
          received.add(
              Map.of(
                  "authorization",
                  String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                  "x-api-key",
                  String.valueOf(exchange.getRequestHeaders().getFirst("X-Api-Key"))));
          exchange.getRequestBody().readAllBytes();
          byte[] body = errorBody.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(
              body.length == 0 ? 204 : 401, body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    provider.start();
  }

  @AfterEach
  void stopProvider() {
    provider.stop(0);
  }

  private String endpoint() {
    return "http://127.0.0.1:" + provider.getAddress().getPort() + "/send";
  }

  private String createHttpConnector() {
    Answer created =
        api.admin(
            "POST",
            "/api/connectors",
            Map.of(
                "factoryId",
                "http-email",
                "config",
                Map.of(
                    "endpoint",
                    endpoint(),
                    "authorization",
                    "Bearer " + TOKEN,
                    "headers",
                    Map.of("X-Api-Key", API_KEY))));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    return created.json().get("id").asText();
  }

  @Test
  void aMaskInsideASecretObjectKeepsTheStoredValueAndOneWithNothingBehindItIsRefusedWithItsPath() {
    String id = createHttpConnector();

    Answer patched =
        api.admin(
            "PATCH",
            "/api/connectors/" + id,
            Map.of(
                "config",
                Map.of(
                    "endpoint",
                    endpoint(),
                    "authorization",
                    "******",
                    "headers",
                    Map.of("X-Api-Key", "******"))));
    Answer unresolvable =
        api.admin(
            "PATCH",
            "/api/connectors/" + id,
            Map.of(
                "config",
                Map.of(
                    "endpoint",
                    endpoint(),
                    "authorization",
                    "******",
                    "headers",
                    Map.of("X-Api-Key", "******", "X-Other", "******"))));
    MessageView sent = sendThroughOutbox("default", "nina@example.com");

    assertThat(patched.status()).as("%s", patched).isEqualTo(200);
    assertThat(unresolvable.status()).as("%s", unresolvable).isEqualTo(400);
    assertThat(paths(unresolvable)).containsExactly("config.headers.X-Other");
    assertThat(sent.status().name()).isEqualTo("DELIVERED");
    assertThat(received)
        .last()
        .isEqualTo(Map.of("authorization", "Bearer " + TOKEN, "x-api-key", API_KEY));
  }

  @Test
  void aProviderEchoingTheTokenInAnotherSpellingLeaksItNowhere() throws Exception {
    String id = createHttpConnector();
    String b64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
    errorBody =
        () ->
            "invalid token "
                + TOKEN
                + "; lower "
                + TOKEN.toLowerCase(Locale.ROOT)
                + "; b64 "
                + b64
                + "; url "
                + URLEncoder.encode("Bearer " + TOKEN, StandardCharsets.UTF_8)
                + "; key "
                + API_KEY.toUpperCase(Locale.ROOT)
                + " "
                + "x".repeat(5000);

    Answer test =
        api.admin(
            "POST",
            "/api/connectors/http-email/test",
            Map.of(
                "email",
                "tess@example.com",
                "config",
                Map.of(
                    "endpoint",
                    endpoint(),
                    "authorization",
                    "Bearer " + TOKEN,
                    "headers",
                    Map.of("X-Api-Key", API_KEY))));
    MessageView failed = sendThroughOutbox("default", "ulla@example.com");
    Answer read =
        api.call("GET", "/api/messages/" + failed.id(), ManagementServer.DEFAULT_KEY, null);

    assertThat(test.raw().body())
        .contains("invalid token ******; lower ******; b64 ******; url ******; key ******");
    assertThat(read.raw().body()).contains("invalid token ******");
    String database = storedErrors(failed.id());
    for (String text : List.of(test.raw().body(), read.raw().body(), database)) {
      assertThat(text.toLowerCase(Locale.ROOT))
          .doesNotContain(TOKEN.toLowerCase(Locale.ROOT))
          .doesNotContain(b64.toLowerCase(Locale.ROOT))
          .doesNotContain(API_KEY.toLowerCase(Locale.ROOT))
          .doesNotContain(TOKEN.toLowerCase(Locale.ROOT).substring(0, 12));
      assertThat(text.length()).isLessThan(4000);
    }
    assertThat(id).isNotBlank();
  }

  private String storedErrors(String messageId) throws Exception {
    StringBuilder out = new StringBuilder();
    try (var c = api.db.dataSource().getConnection();
        var ps =
            c.prepareStatement("SELECT error_message FROM message_attempts WHERE message_id = ?")) {
      ps.setString(1, messageId);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.append(rs.getString(1)).append('\n');
        }
      }
    }
    return out.toString();
  }
}
