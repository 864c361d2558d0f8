package dev.authmail.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.Scope;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the attack run's access matrix, for every operation that {@code /openapi.json} of the
 * node {@code authmail serve} runs lists (every module, the console included): no key, a wrong key,
 * another tenant's key, and a tenant key on an admin route. Keys are real stored keys.
 */
class ApiAccessMatrixTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "admin-key-for-the-matrix-0123456789";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  record Call(int status, JsonNode json, String body) {}

  @Test
  void everyOperationRefusesNoKeyAWrongKeyAnotherTenantsKeyAndATenantKeyOnAdminRoutes()
      throws Exception {
    AuthmailConfig config =
        new ConfigLoader(ManagementServer.REGISTRY, Map.of()).defaults().orThrow();
    try (ServiceNode node =
        ServiceNode.builder(config, ManagementServer.REGISTRY)
            .dataDir(dir)
            .env(Map.of("AUTHMAIL_ADMIN_KEY", ADMIN))
            .start()) {
      String defaultKey = node.keys().createTenantKey("default", "matrix").key();
      String acmeKey = node.keys().createTenantKey("acme", "matrix").key();
      String revoked = node.keys().createTenantKey("default", "revoked").key();
      node.keys()
          .revoke(
              node.keys().list("default").stream()
                  .filter(k -> k.label().equals("revoked"))
                  .findFirst()
                  .orElseThrow()
                  .id());
      Map<String, Scope> scopes = new HashMap<>();
      for (ApiRouter.Route route : node.server().routes()) {
        scopes.put(route.method().name() + " " + route.path(), route.scope());
      }

      JsonNode paths = call(node, "GET", "/openapi.json", null, null, null).json().get("paths");
      List<String> checked = new ArrayList<>();
      int admin = 0;
      int tenant = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> path = it.next();
        for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
          String method = methods.next().toUpperCase(Locale.ROOT);
          String operation = method + " " + path.getKey();
          Scope scope = scopes.get(operation);
          assertThat(scope).as("the scope of %s", operation).isNotNull();
          if (scope == Scope.PUBLIC) {
            continue;
          }
          String concrete =
              path.getKey()
                  .replaceAll("\\{factoryId}", "smtp")
                  .replaceAll("\\{[^}]+}", "none-such");
          String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";

          Call none = call(node, method, concrete, null, body, null);
          Call wrong = call(node, method, concrete, "amk_" + "x".repeat(43), body, null);
          Call notBearer = call(node, method, concrete, null, body, "Basic " + defaultKey);
          Call revokedKey = call(node, method, concrete, revoked, body, null);
          assertThat(none.status())
              .as("%s without a key: %s", operation, none.body())
              .isEqualTo(401);
          assertThat(none.json().get("code").asText())
              .isEqualTo("auth.authorization_header_missing");
          assertThat(wrong.status())
              .as("%s with a wrong key: %s", operation, wrong.body())
              .isEqualTo(401);
          assertThat(wrong.json().get("code").asText()).isEqualTo("auth.unauthorized");
          assertThat(notBearer.status())
              .as("%s with Basic: %s", operation, notBearer.body())
              .isEqualTo(401);
          assertThat(revokedKey.status()).as("%s with a revoked key", operation).isEqualTo(401);
          if (scope == Scope.ADMIN) {
            admin++;
            Call tenantOnAdmin = call(node, method, concrete, defaultKey, body, null);
            assertThat(tenantOnAdmin.status())
                .as("%s with a tenant key: %s", operation, tenantOnAdmin.body())
                .isEqualTo(403);
            assertThat(tenantOnAdmin.json().get("code").asText()).isEqualTo("auth.forbidden");
          } else {
            tenant++;
            Call otherTenant =
                call(
                    node,
                    method,
                    concrete + (concrete.contains("?") ? "&" : "?") + "tenant=default",
                    acmeKey,
                    body,
                    null);
            assertThat(otherTenant.status())
                .as("%s with another tenant's key: %s", operation, otherTenant.body())
                .isEqualTo(403);
            assertThat(otherTenant.json().get("code").asText()).isEqualTo("auth.forbidden");
          }
          checked.add(operation);
        }
      }

      // another tenant's resources are not found, not merely refused
      Call sent =
          call(
              node,
              "POST",
              "/api/messages",
              defaultKey,
              "{\"to\":\"tess@example.com\",\"type\":\"SignIn\",\"payload\":{\"code\":\"123456\"}}",
              null);
      String id = sent.json().get("id").asText();
      assertThat(call(node, "GET", "/api/messages/" + id, acmeKey, null, null).status())
          .isEqualTo(404);
      assertThat(call(node, "GET", "/api/messages", acmeKey, null, null).json()).isEmpty();
      assertThat(call(node, "GET", "/api/messages/" + id, defaultKey, null, null).status())
          .isEqualTo(200);

      assertThat(checked)
          .contains(
              "POST /api/messages",
              "GET /api/messages/{id}",
              "POST /api/keys",
              "POST /api/connectors",
              "PUT /api/email-templates",
              "POST /api/services/mails",
              "GET /api/inbox");
      assertThat(admin).isGreaterThan(10);
      assertThat(tenant).isGreaterThan(3);
    }
  }

  private Call call(
      ServiceNode node, String method, String path, String key, String body, String authorization)
      throws Exception {
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
    } else if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
    return new Call(response.statusCode(), json, response.body());
  }
}
