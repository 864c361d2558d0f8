package dev.authmail.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.authmail.runtime.node.ManagementServer.Answer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an attacker with a tenant key, or with malformed input, gets from the real server. */
class ApiHardeningTest extends ManagementTest {
  private static Map<String, Object> message(String to) {
    return Map.of("to", to, "type", "SignIn", "payload", Map.of("code", "123456"));
  }

  @Test
  void aTenantKeyReadsNoOtherTenantsMessageAndReachesNoManagementRoute() {
    Answer sent =
        api.call(
            "POST", "/api/messages", ManagementServer.DEFAULT_KEY, message("tess@example.com"));
    assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
    String id = sent.json().get("id").asText();

    assertThat(api.call("GET", "/api/messages/" + id, ManagementServer.ACME_KEY, null).status())
        .isEqualTo(404);
    assertThat(
            api.call(
                    "GET",
                    "/api/messages/" + id + "?tenant=default",
                    ManagementServer.ACME_KEY,
                    null)
                .status())
        .isEqualTo(403);
    for (String path :
        List.of("/api/keys", "/api/inbox", "/api/email-templates", "/api/connectors")) {
      assertThat(api.call("GET", path, ManagementServer.ACME_KEY, null).status())
          .as(path)
          .isEqualTo(403);
    }
  }

  @Test
  void deeplyNestedJsonIsA400NotA500() {
    String deep =
        "{\"to\":\"tess@example.com\",\"type\":\"SignIn\",\"payload\":{\"a\":"
            + "[".repeat(5000)
            + "]".repeat(5000)
            + "}}";

    Answer answer = api.call("POST", "/api/messages", ManagementServer.DEFAULT_KEY, deep);

    assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    assertThat(answer.json().get("code").asText()).isEqualTo("request.invalid_input");
  }

  @Test
  void bodiesThatAreNotJsonObjectsAre400s() {
    for (String body :
        List.of("[]", "\"x\"", "null", "{\"a\":1}{", "\u0000", "{\"position\": 1e999999}")) {
      Answer answer = api.call("POST", "/api/connectors", ManagementServer.ADMIN, body);
      assertThat(answer.status()).as(body + " -> " + answer).isEqualTo(400);
    }
  }

  @Test
  void anIdempotencyKeyOfOneTenantIsNotSeenByAnother() {
    Answer first =
        api.call(
            "POST",
            "/api/messages",
            ManagementServer.DEFAULT_KEY,
            message("tess@example.com"),
            "same-key");
    Answer other =
        api.call(
            "POST",
            "/api/messages",
            ManagementServer.ACME_KEY,
            message("otto@example.com"),
            "same-key");

    assertThat(first.status()).as(first.toString()).isEqualTo(202);
    assertThat(other.status()).as(other.toString()).isEqualTo(202);
    assertThat(other.json().get("id").asText()).isNotEqualTo(first.json().get("id").asText());
  }

  @Test
  void aTemplateWithALineBreakInAHeaderBoundFieldIsRefusedWhenSaved() {
    for (String field : List.of("subject", "replyTo", "sendFrom")) {
      Map<String, Object> details =
          new java.util.LinkedHashMap<>(
              Map.of("subject", "Code {{code}}", "content", "<p>{{code}}</p>"));
      details.put(field, "support@example.com\r\nBcc: eve@example.com");

      Answer answer =
          api.admin(
              "PUT",
              "/api/email-templates",
              Map.of(
                  "templates",
                  List.of(
                      Map.of("languageTag", "en", "templateType", "SignIn", "details", details))));

      assertThat(answer.status()).as(field + " -> " + answer).isEqualTo(400);
      assertThat(answer.json().get("details").get(0).get("path").asText())
          .isEqualTo("templates[0].details." + field);
    }
    assertThat(api.admin("GET", "/api/email-templates", null).json()).isEmpty();
  }

  @Test
  void aTestSendNeverAnswersAStoredSecretEvenWhenTheProviderEchoesIt() throws Exception {
    // a provider that quotes the Authorization header it got in its error body
    HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    provider.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("invalid credentials: " + exchange.getRequestHeaders().getFirst("Authorization"))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(400, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    provider.start();
    try {
      String endpoint = "http://127.0.0.1:" + provider.getAddress().getPort() + "/send";
      Answer created =
          api.admin(
              "POST",
              "/api/connectors",
              Map.of(
                  "factoryId",
                  "http-email",
                  "config",
                  Map.of("endpoint", endpoint, "authorization", "Bearer stored-s3cret-value")));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.json().get("id").asText();

      Answer tested =
          api.admin(
              "POST",
              "/api/connectors/http-email/test",
              Map.of(
                  "email",
                  "tess@example.com",
                  "connectorId",
                  id,
                  "config",
                  Map.of("endpoint", endpoint, "authorization", "******")));

      assertThat(tested.json().get("ok").asBoolean()).as(tested.toString()).isFalse();
      assertThat(tested.json().get("message").asText()).contains("invalid credentials");
      assertThat(tested.raw().body()).doesNotContain("stored-s3cret-value");

      // the same echo on a real send: the attempt a tenant key can read carries no secret either
      Answer sent =
          api.call(
              "POST",
              "/api/messages?wait=10s",
              ManagementServer.DEFAULT_KEY,
              message("tess@example.com"));
      assertThat(sent.raw().body())
          .as(sent.toString())
          .contains("invalid credentials")
          .doesNotContain("stored-s3cret-value");
      Answer read =
          api.call(
              "GET",
              "/api/messages/" + sent.json().get("id").asText(),
              ManagementServer.DEFAULT_KEY,
              null);
      assertThat(read.raw().body())
          .as(read.toString())
          .contains("invalid credentials")
          .doesNotContain("stored-s3cret-value");
    } finally {
      provider.stop(0);
    }
  }

  @Test
  void theHostedServiceChecksItsIdempotencyKeyAsTheMessagesRouteDoes() {
    Map<String, Object> mail =
        Map.of(
            "data",
            Map.of("to", "mia@example.com", "type", "SignIn", "payload", Map.of("code", "135790")));
    for (String key : List.of("k".repeat(4000), "key with spaces")) {
      Answer hosted =
          api.call("POST", "/api/services/mails", ManagementServer.DEFAULT_KEY, mail, key);
      Answer direct =
          api.call(
              "POST",
              "/api/messages",
              ManagementServer.DEFAULT_KEY,
              message("tess@example.com"),
              key);

      assertThat(direct.status()).as(direct.toString()).isEqualTo(400);
      assertThat(hosted.status()).as(hosted.toString()).isEqualTo(400);
      assertThat(hosted.json().get("code").asText()).isEqualTo("request.invalid_input");
    }
  }
}
