package dev.authmail.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management routes in the node {@code authmail serve} runs, with its stored API keys. */
class ServeManagementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void aHostedMailSentWithATenantKeyIsReadInTheInboxWithTheAdminKey() throws Exception {
    AuthmailConfig config =
        new ConfigLoader(ManagementServer.REGISTRY, Map.of()).defaults().orThrow();
    try (ServiceNode node =
        ServiceNode.builder(config, ManagementServer.REGISTRY)
            .dataDir(dir)
            .env(Map.of("AUTHMAIL_ADMIN_KEY", "admin-key-for-test-0123456789"))
            .start()) {
      String admin = "admin-key-for-test-0123456789";
      String tenantKey = node.keys().createTenantKey("default", "test").key();

      HttpResponse<String> sent =
          call(
              node,
              "POST",
              "/api/services/mails",
              tenantKey,
              "{\"data\": {\"to\": \"sam@example.com\", \"type\": \"Register\", \"payload\":"
                  + " {\"code\": \"192837\"}}}");
      assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);

      JsonNode inbox = null;
      for (int i = 0; i < 100 && (inbox == null || inbox.isEmpty()); i++) {
        inbox =
            JSON.readTree(call(node, "GET", "/api/inbox?to=sam@example.com", admin, null).body());
        if (inbox.isEmpty()) {
          Thread.sleep(100);
        }
      }
      assertThat(inbox).hasSize(1);
      String html =
          JSON.readTree(
                  call(node, "GET", "/api/inbox/" + inbox.get(0).get("id").asText(), admin, null)
                      .body())
              .get("html")
              .asText();
      assertThat(html).contains("192837");

      JsonNode openApi = JSON.readTree(call(node, "GET", "/openapi.json", null, null).body());
      List<String> paths = new ArrayList<>();
      openApi.get("paths").fieldNames().forEachRemaining(paths::add);
      assertThat(paths)
          .contains(
              "/api/connector-factories",
              "/api/connectors",
              "/api/connectors/{id}",
              "/api/connectors/order",
              "/api/connectors/{factoryId}/test",
              "/api/email-templates",
              "/api/email-templates/{id}",
              "/api/email-templates/{id}/details",
              "/api/services/mails",
              "/api/services/mails/usage",
              "/api/inbox",
              "/api/inbox/{id}");
    }
  }

  private HttpResponse<String> call(
      ServiceNode node, String method, String path, String key, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
