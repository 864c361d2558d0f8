package dev.authmail.runtime.api;

import static dev.authmail.runtime.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.testing.ScriptedSmtpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API end to end: a real node (SQLite in a temp dir, workers, Javalin) sending through the
 * SMTP connector into GreenMail, a scripted SMTP peer (451, 550) and a dead port, driven with
 * java.net.http.
 */
class MessageApiTest {
  private static GreenMail greenMail;
  private static ScriptedSmtpServer flakyPeer;
  private static ScriptedSmtpServer stuckPeer;
  private static Path dir;
  private static ServiceNode node;
  private static ApiClient admin;
  private static ApiClient client; // tenant "default"

  @BeforeAll
  static void start() throws Exception {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    flakyPeer = new ScriptedSmtpServer();
    stuckPeer = new ScriptedSmtpServer();
    stuckPeer.alwaysReplyToData("451 4.3.0 try again later");
    dir = Files.createTempDirectory("authmail-api-test");
    Map<String, Object> connectors = new LinkedHashMap<>();
    connectors.put("mail", TestNodes.smtp(greenMail.getSmtp().getPort()));
    connectors.put("dead", TestNodes.smtp(TestNodes.deadPort()));
    connectors.put("scripted", TestNodes.smtp(flakyPeer.port()));
    connectors.put("stuck", TestNodes.smtp(stuckPeer.port()));
    Map<String, List<String>> chains = new LinkedHashMap<>();
    chains.put("default", List.of("mail"));
    chains.put("failover", List.of("dead", "mail"));
    chains.put("breaker", List.of("dead", "mail"));
    chains.put("flaky", List.of("scripted"));
    chains.put("stuck", List.of("stuck"));
    node = TestNodes.start(TestNodes.config(connectors, chains), dir, TestNodes.fastOutbox());
    admin = new ApiClient(node.url(), TestNodes.ADMIN_KEY);
    client = new ApiClient(node.url(), TestNodes.tenantKey(node, "default"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    flakyPeer.close();
    stuckPeer.close();
    greenMail.stop();
  }

  private static Map<String, Object> message(String to, String type, String code) {
    return Map.of("to", to, "type", type, "payload", Map.of("code", code, "locale", "en"));
  }

  private static List<MimeMessage> receivedBy(String address) throws Exception {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address))) {
        out.add(m);
      }
    }
    return out;
  }

  @Test
  void acceptedMessageIsDeliveredIntoGreenMail() throws Exception {
    HttpResponse<String> response =
        client.post("/api/messages", message("olivia@example.com", "SignIn", "424242"));

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode body = json(response);
    String id = body.get("id").asText();
    assertThat(body.get("status").asText()).isEqualTo("QUEUED");
    assertThat(response.headers().firstValue("Location")).hasValue("/api/messages/" + id);
    JsonNode view = client.awaitStatus(id, "DELIVERED");
    assertThat(view.get("attempts")).hasSize(1);
    assertThat(view.get("attempts").get(0).get("connector").asText()).isEqualTo("mail");
    assertThat(view.toString()).doesNotContain("424242").doesNotContain("olivia@example.com");
    List<MimeMessage> received = receivedBy("olivia@example.com");
    assertThat(received).hasSize(1);
    assertThat(GreenMailUtil.getBody(received.get(0))).contains("424242");
  }

  @Test
  void waitReturnsTheFirstOutcome() throws Exception {
    HttpResponse<String> response =
        client.post("/api/messages?wait=10s", message("walter@example.com", "Register", "111222"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode view = json(response);
    assertThat(view.get("status").asText()).isEqualTo("DELIVERED");
    assertThat(view.get("attempts").get(0).get("outcome").asText()).isEqualTo("DELIVERED");
    assertThat(
            client
                .post("/api/messages?wait=31s", message("walter@example.com", "Register", "1"))
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void idempotencyKeyReplaysTheSameMessageAndRefusesAnotherBody() throws Exception {
    Map<String, Object> body = message("ida@example.com", "SignIn", "555111");
    HttpResponse<String> first = client.post("/api/messages", body, "Idempotency-Key", "k-ida-1");
    String id = json(first).get("id").asText();
    client.awaitStatus(id, "DELIVERED");

    HttpResponse<String> replay = client.post("/api/messages", body, "Idempotency-Key", "k-ida-1");
    HttpResponse<String> conflict =
        client.post(
            "/api/messages",
            message("ida@example.com", "SignIn", "999999"),
            "Idempotency-Key",
            "k-ida-1");

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(json(replay).get("id").asText()).isEqualTo(id);
    assertThat(conflict.statusCode()).isEqualTo(422);
    assertThat(json(conflict).get("code").asText()).isEqualTo("request.idempotency_key_reused");
    assertThat(receivedBy("ida@example.com")).hasSize(1);
  }

  @Test
  void eleventhMessageToOneRecipientIsRateLimitedTheSameWayForAnyAddress() throws Exception {
    ApiClient other = client.withKey(TestNodes.tenantKey(node, "limits"));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      statuses.add(
          other
              .post("/api/messages", message("rita@example.com", "ForgotPassword", "10000" + i))
              .statusCode());
    }
    HttpResponse<String> eleventh =
        other.post("/api/messages", message("rita@example.com", "ForgotPassword", "7"));
    for (int i = 0; i < 10; i++) {
      other.post(
          "/api/messages", message("nobody-" + "x" + "@example.org", "ForgotPassword", "2" + i));
    }
    HttpResponse<String> unknown =
        other.post("/api/messages", message("nobody-x@example.org", "ForgotPassword", "8"));

    assertThat(statuses).containsOnly(202);
    assertThat(eleventh.statusCode()).isEqualTo(429);
    assertThat(eleventh.headers().firstValue("Retry-After")).isPresent();
    assertThat(Long.parseLong(eleventh.headers().firstValue("Retry-After").get())).isPositive();
    assertThat(json(eleventh).get("code").asText()).isEqualTo("request.message_rate_limited");
    assertThat(unknown.statusCode()).isEqualTo(429);
    assertThat(json(unknown).get("code")).isEqualTo(json(eleventh).get("code"));
    assertThat(json(unknown).size()).isEqualTo(json(eleventh).size());
    assertThat(json(unknown).get("message").asText()).startsWith("Too many messages");
  }

  @Test
  void smtp451IsRetriedUntilDelivered() throws Exception {
    ApiClient flaky = client.withKey(TestNodes.tenantKey(node, "flaky"));
    flakyPeer.replyToNextData("451 4.3.0 try again later");

    String id =
        json(flaky.post("/api/messages", message("rhea@example.com", "SignIn", "451451")))
            .get("id")
            .asText();
    JsonNode view = flaky.awaitStatus(id, "DELIVERED");

    assertThat(outcomes(view)).containsExactly("RETRYABLE_FAILURE", "DELIVERED");
    assertThat(view.get("attempts").get(0).get("errorCode").asText()).isEqualTo("RATE_LIMITED");
  }

  @Test
  void smtp550StopsAfterOneAttempt() throws Exception {
    ApiClient flaky = client.withKey(TestNodes.tenantKey(node, "flaky"));

    String id =
        json(flaky.post("/api/messages", message("bounce-me@example.com", "SignIn", "550550")))
            .get("id")
            .asText();
    JsonNode view = flaky.awaitStatus(id, "FAILED");

    assertThat(outcomes(view)).containsExactly("PERMANENT_FAILURE");
    assertThat(view.get("lastErrorCode").asText()).isEqualTo("REJECTED");
  }

  @Test
  void deadPrimaryFailsOverToTheWorkingFallback() throws Exception {
    ApiClient tenant = client.withKey(TestNodes.tenantKey(node, "failover"));

    String id =
        json(tenant.post("/api/messages", message("fiona@example.com", "SignIn", "303030")))
            .get("id")
            .asText();
    JsonNode view = tenant.awaitStatus(id, "DELIVERED");

    JsonNode attempts = view.get("attempts");
    assertThat(attempts.get(0).get("connector").asText()).isEqualTo("dead");
    assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("RETRYABLE_FAILURE");
    assertThat(attempts.get(attempts.size() - 1).get("connector").asText()).isEqualTo("mail");
    assertThat(view.get("connector").asText()).isEqualTo("mail");
    assertThat(receivedBy("fiona@example.com")).hasSize(1);
  }

  @Test
  void openCircuitSkipsTheDeadPrimaryAndHealthShowsIt() throws Exception {
    ApiClient tenant = client.withKey(TestNodes.tenantKey(node, "breaker"));
    // three failures on "dead" (threshold 3) open its circuit
    for (int i = 0; i < 2; i++) {
      String id =
          json(tenant.post("/api/messages", message("bria" + i + "@example.com", "SignIn", "1")))
              .get("id")
              .asText();
      tenant.awaitStatus(id, "DELIVERED");
    }

    String id =
        json(tenant.post("/api/messages", message("bria9@example.com", "SignIn", "2")))
            .get("id")
            .asText();
    JsonNode view = tenant.awaitStatus(id, "DELIVERED");
    JsonNode health = json(tenant.get("/health"));

    assertThat(view.get("attempts")).hasSize(1);
    assertThat(view.get("attempts").get(0).get("connector").asText()).isEqualTo("mail");
    assertThat(health.get("status").asText()).isEqualTo("degraded");
    assertThat(health.at("/tenants/breaker/connectors/0/name").asText()).isEqualTo("dead");
    assertThat(health.at("/tenants/breaker/connectors/0/circuit").asText()).isEqualTo("OPEN");
    assertThat(health.at("/tenants/breaker/connectors/1/circuit").asText()).isEqualTo("CLOSED");
    assertThat(health.get("tenants").has("default"))
        .isFalse(); // a tenant key sees its own tenant only
  }

  @Test
  void messageWhoseTtlRunsOutIsExpiredNotSent() throws Exception {
    ApiClient tenant = client.withKey(TestNodes.tenantKey(node, "stuck"));

    String id =
        json(tenant.post("/api/messages?ttl=1s", message("tess@example.com", "SignIn", "1")))
            .get("id")
            .asText();
    JsonNode view = tenant.awaitStatus(id, "EXPIRED");

    assertThat(view.get("attempts").size()).isPositive();
    assertThat(outcomes(view)).containsOnly("RETRYABLE_FAILURE");
    assertThat(stuckPeer.acceptedCount()).isZero();
  }

  @Test
  void keysAreCheckedAndATenantKeyCannotActForAnotherTenant() throws Exception {
    ApiClient anonymous = client.withKey(null);
    ApiClient acme = client.withKey(TestNodes.tenantKey(node, "acme"));
    String defaultId =
        json(client.post("/api/messages", message("ann@example.com", "SignIn", "1")))
            .get("id")
            .asText();

    HttpResponse<String> noKey =
        anonymous.post("/api/messages", message("ann@example.com", "SignIn", "1"));
    HttpResponse<String> badKey = client.withKey("amk_not-a-key").get("/api/messages");
    HttpResponse<String> otherTenant = acme.get("/api/messages", "Authmail-Tenant", "default");
    HttpResponse<String> otherTenantsMessage = acme.get("/api/messages/" + defaultId);
    HttpResponse<String> adminForDefault =
        admin.get("/api/messages/" + defaultId, "Authmail-Tenant", "default");
    HttpResponse<String> tenantOnAdminRoute = acme.get("/api/keys");

    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(json(noKey).get("code").asText()).isEqualTo("auth.authorization_header_missing");
    assertThat(badKey.statusCode()).isEqualTo(401);
    assertThat(otherTenant.statusCode()).isEqualTo(403);
    assertThat(otherTenantsMessage.statusCode()).isEqualTo(404);
    assertThat(adminForDefault.statusCode()).isEqualTo(200);
    assertThat(tenantOnAdminRoute.statusCode()).isEqualTo(403);
  }

  @Test
  void revokedKeyStopsWorkingAndListsNeverShowKeys() throws Exception {
    HttpResponse<String> created = admin.post("/api/keys", Map.of("tenant", "temp"));
    String key = json(created).get("key").asText();
    String keyId = json(created).get("id").asText();
    ApiClient temp = client.withKey(key);
    assertThat(temp.get("/api/messages").statusCode()).isEqualTo(200);

    HttpResponse<String> list = admin.get("/api/keys?tenant=temp");
    HttpResponse<String> revoked = admin.delete("/api/keys/" + keyId);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(key).startsWith("amk_");
    assertThat(list.body()).contains(keyId).doesNotContain(key);
    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(temp.get("/api/messages").statusCode()).isEqualTo(401);
    assertThat(admin.delete("/api/keys/key_nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void invalidMessagesAreRefusedBeforeAnythingIsStored() throws Exception {
    HttpResponse<String> malformed =
        client.post("/api/messages", "{\"to\": \"a@example.com\",\n \"type\": SignIn}");
    HttpResponse<String> fields =
        client.post(
            "/api/messages",
            Map.of(
                "to",
                "not an address",
                "type",
                "Hello",
                "payload",
                Map.of("code", "1", "link", "javascript:alert(1)")));
    HttpResponse<String> big =
        client.post(
            "/api/messages",
            Map.of(
                "to",
                "a@example.com",
                "type",
                "SignIn",
                "payload",
                Map.of("code", "1", "blob", "x".repeat(40_000))));
    HttpResponse<String> listed = client.get("/api/messages?limit=500");

    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).get("code").asText()).isEqualTo("request.invalid_input");
    assertThat(json(malformed).get("message").asText()).contains("line 2, column");
    assertThat(fields.statusCode()).isEqualTo(400);
    JsonNode body = json(fields);
    assertThat(body.get("code").asText()).isEqualTo("guard.invalid_input");
    assertThat(body.get("details").findValuesAsText("path"))
        .containsExactly("to", "type", "payload.link");
    assertThat(body.get("details").get(1).get("message").asText())
        .contains("SignIn", "ForgotPassword");
    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(json(big).get("details").get(0).get("message").asText()).contains("32768");
    assertThat(listed.body()).doesNotContain("not an address");
  }

  @Test
  void listFiltersByStatusAndType() throws Exception {
    String id =
        json(client.post("/api/messages", message("lena@example.com", "MfaVerification", "4")))
            .get("id")
            .asText();
    client.awaitStatus(id, "DELIVERED");

    JsonNode delivered =
        json(client.get("/api/messages?status=DELIVERED&type=MfaVerification&limit=5"));
    JsonNode failed = json(client.get("/api/messages?status=FAILED&type=MfaVerification"));

    assertThat(delivered.findValuesAsText("id")).contains(id);
    assertThat(failed.findValuesAsText("id")).doesNotContain(id);
    assertThat(client.get("/api/messages?status=LOST").statusCode()).isEqualTo(400);
  }

  @Test
  void metricsCountSendsAndLatency() throws Exception {
    String id =
        json(client.post("/api/messages", message("mia@example.com", "BindMfa", "6")))
            .get("id")
            .asText();
    client.awaitStatus(id, "DELIVERED");

    HttpResponse<String> metrics = client.withKey(null).get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("authmail_sends_total{connector=\"mail\",type=\"BindMfa\"}")
        .contains("authmail_delivery_latency_seconds_bucket{connector=\"mail\",type=\"BindMfa\"")
        .contains("authmail_queue_depth");
  }

  @Test
  void metricsCountAcceptsReplaysConflictsRateLimitsAndRefusalsByTypeWithoutAddresses()
      throws Exception {
    String type = "UserPermissionValidation";
    List<Integer> statuses = new ArrayList<>();
    statuses.add(
        client
            .post(
                "/api/messages", message("uma@example.com", type, "1"), "Idempotency-Key", "k-uma")
            .statusCode());
    for (int i = 2; i <= 10; i++) {
      statuses.add(
          client.post("/api/messages", message("uma@example.com", type, "" + i)).statusCode());
    }
    int replay =
        client
            .post(
                "/api/messages", message("uma@example.com", type, "1"), "Idempotency-Key", "k-uma")
            .statusCode();
    int conflict =
        client
            .post(
                "/api/messages", message("uma@example.com", type, "2"), "Idempotency-Key", "k-uma")
            .statusCode();
    int limited = client.post("/api/messages", message("uma@example.com", type, "11")).statusCode();
    int invalid = client.post("/api/messages", message("not an address", type, "1")).statusCode();
    int malformed = client.post("/api/messages", "{\"to\": ").statusCode();

    String metrics = client.withKey(null).get("/metrics").body();

    assertThat(statuses).containsOnly(202);
    assertThat(List.of(replay, conflict, limited, invalid, malformed))
        .containsExactly(200, 422, 429, 400, 400);
    assertThat(metrics)
        .contains("authmail_accepts_total{type=\"" + type + "\"} 10.0")
        .contains("authmail_accept_replays_total{type=\"" + type + "\"} 1.0")
        .contains("authmail_idempotency_conflicts_total{type=\"" + type + "\"} 1.0")
        .contains("authmail_rate_limited_total{scope=\"recipient\",type=\"" + type + "\"} 1.0")
        .contains("authmail_validation_refusals_total{type=\"" + type + "\"} 1.0")
        .containsPattern("authmail_validation_refusals_total\\{type=\"unknown\"\\} [1-9]")
        .doesNotContain("uma@example.com")
        .doesNotContain("tenant=");
  }

  @Test
  void healthWithoutAKeySaysOnlyTheStatus() throws Exception {
    HttpResponse<String> health = client.withKey(null).get("/health");
    JsonNode adminView = json(admin.get("/health"));

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).has("tenants")).isFalse();
    assertThat(json(health).get("storage").asText()).isEqualTo("up");
    assertThat(adminView.get("tenants").has("default")).isTrue();
    assertThat(adminView.get("tenants").has("failover")).isTrue();
  }

  @Test
  void openApiDescribesEveryRoute() throws Exception {
    JsonNode doc = json(client.withKey(null).get("/openapi.json"));
    Set<String> described = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(m -> described.add(m.toUpperCase() + " " + path.getKey()));
    }

    assertThat(described).containsExactlyInAnyOrderElementsOf(node.server().javalinRoutes());
    assertThat(described)
        .contains(
            "POST /api/messages",
            "GET /api/messages/{id}",
            "GET /api/messages",
            "POST /api/keys",
            "GET /api/keys",
            "DELETE /api/keys/{id}",
            "GET /health",
            "GET /metrics",
            "GET /openapi.json");
    doc.get("paths")
        .forEach(path -> path.forEach(op -> assertThat(op.get("summary").asText()).isNotBlank()));
  }

  private static List<String> outcomes(JsonNode view) {
    return view.get("attempts").findValuesAsText("outcome");
  }
}
