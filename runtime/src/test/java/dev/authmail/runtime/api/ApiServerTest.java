package dev.authmail.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {
  private static final String ADMIN = "admin-key";
  private static final String ACME = "acme-key";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ApiServer server;

  record Echo(String name, int count) {}

  @BeforeEach
  void start() {
    RouteGroup demo =
        router -> {
          router
              .get(
                  "/api/whoami",
                  Scope.TENANT,
                  ctx -> ctx.json(Map.of("tenant", ctx.tenant(), "admin", ctx.isAdmin())))
              .summary("Who am I")
              .response(200, "The tenant");
          router
              .post("/api/echo", Scope.TENANT, ctx -> ctx.json(201, ctx.bodyAs(Echo.class)))
              .summary("Echo")
              .request(Schemas.object("name", Schemas.string(), "count", Schemas.integer()))
              .response(201, "The body");
          router
              .get("/api/admin-only", Scope.ADMIN, ctx -> ctx.json(Map.of("ok", true)))
              .summary("Admin");
          router
              .get(
                  "/api/fails",
                  Scope.PUBLIC,
                  ctx -> {
                    throw new ConnectorException(
                        ErrorCode.TEMPLATE_NOT_FOUND, "No template for SignIn nor Generic.");
                  })
              .summary("Always fails");
        };
    server =
        ApiServer.builder()
            .authenticator(
                Authenticator.fixed(
                    Map.of(
                        ADMIN,
                        ApiPrincipal.admin("admin"),
                        ACME,
                        ApiPrincipal.tenant("acme", "k1"))))
            .maxRequestBytes(4096)
            .routes(demo)
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void tenantKeyActsForItsTenantAndAdminForAnyTenant() throws Exception {
    assertThat(get("/api/whoami", ACME, null).body()).contains("\"tenant\":\"acme\"");
    assertThat(get("/api/whoami", ADMIN, null).body()).contains("\"tenant\":\"default\"");
    assertThat(get("/api/whoami", ADMIN, "other").body()).contains("\"tenant\":\"other\"");
    HttpResponse<String> foreign = get("/api/whoami", ACME, "other");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(json(foreign).get("code").asText()).isEqualTo("auth.forbidden");
  }

  @Test
  void missingOrUnknownKeyIs401AndTenantKeyOnAdminRouteIs403() throws Exception {
    HttpResponse<String> none = get("/api/whoami", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).get("code").asText()).isEqualTo("auth.authorization_header_missing");
    assertThat(get("/api/whoami", "nope", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/admin-only", ACME, null).statusCode()).isEqualTo(403);
    assertThat(get("/api/admin-only", ADMIN, null).statusCode()).isEqualTo(200);
  }

  @Test
  void malformedJsonSaysWhereAndWhat() throws Exception {
    HttpResponse<String> response =
        post("/api/echo", ACME, "{\n  \"name\": \"a\",\n  \"count\": }");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = json(response);
    assertThat(body.get("code").asText()).isEqualTo("request.invalid_input");
    assertThat(body.get("message").asText()).startsWith("Malformed JSON at line 3, column 12");
  }

  @Test
  void wrongFieldTypeNamesTheField() throws Exception {
    HttpResponse<String> response =
        post("/api/echo", ACME, "{\"name\": \"a\", \"count\": \"many\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = json(response);
    assertThat(body.get("code").asText()).isEqualTo("guard.invalid_input");
    assertThat(body.get("details").get(0).get("path").asText()).isEqualTo("count");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    HttpResponse<String> response =
        post("/api/echo", ACME, "{\"name\": \"" + "x".repeat(5000) + "\", \"count\": 1}");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("code").asText()).isEqualTo("request.payload_too_large");
  }

  @Test
  void connectorErrorsUseLogtoCodesAndUnknownRoutesAnswerJson() throws Exception {
    HttpResponse<String> failed = get("/api/fails", null, null);
    assertThat(failed.statusCode()).isEqualTo(400);
    assertThat(json(failed).get("code").asText()).isEqualTo("connector.template_not_found");
    HttpResponse<String> missing = get("/api/nothing-here", ACME, null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("code").asText()).isEqualTo("router.not_found");
  }

  @Test
  void openApiDescribesEveryRouteJavalinServes() throws Exception {
    JsonNode doc = json(get("/openapi.json", null, null));
    Set<String> described = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(m -> described.add(m.toUpperCase() + " " + path.getKey()));
    }
    assertThat(described).containsExactlyInAnyOrderElementsOf(server.javalinRoutes());
    assertThat(described).contains("POST /api/echo", "GET /openapi.json");
  }

  private HttpResponse<String> get(String path, String key, String tenant) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).GET();
    return send(request, key, tenant);
  }

  private HttpResponse<String> post(String path, String key, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(request, key, null);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String key, String tenant)
      throws Exception {
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (tenant != null) {
      request.header("Authmail-Tenant", tenant);
    }
    return http.send(
        request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return ApiJson.mapper().readTree(response.body());
  }
}
