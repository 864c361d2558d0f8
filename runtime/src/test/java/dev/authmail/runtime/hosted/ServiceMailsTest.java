package dev.authmail.runtime.hosted;

import static dev.authmail.runtime.stored.ConnectorRoutesTest.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.runtime.node.ManagementServer;
import dev.authmail.runtime.node.ManagementServer.Answer;
import dev.authmail.runtime.node.ManagementTest;
import dev.authmail.runtime.outbox.MessageStatus;
import dev.authmail.runtime.outbox.MessageView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hosted contract end to end: HTTP → outbox → built-in service → capture inbox → inbox routes.
 */
class ServiceMailsTest extends ManagementTest {
  private Answer mail(String key, Object data) {
    return api.call("POST", "/api/services/mails", key, Map.of("data", data));
  }

  @Test
  void aBrandedMailReachesTheCaptureInboxAndIsCounted() {
    Answer accepted =
        mail(
            ManagementServer.DEFAULT_KEY,
            Map.of(
                "to",
                "mia@example.com",
                "type",
                "SignIn",
                "payload",
                Map.of(
                    "code",
                    "135790",
                    "locale",
                    "de",
                    "senderName",
                    "Acme",
                    "companyInformation",
                    "Acme GmbH\nHauptstraße 1\n12345 Berlin")));

    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().get("id").asText();
    MessageView view =
        api.outbox
            .await(HostedMails.serviceTenant("default"), id, Duration.ofSeconds(15))
            .orElseThrow();
    assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(view.connector()).isEqualTo("logto-email");

    Answer list = api.admin("GET", "/api/inbox?to=MIA@example.com", null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().size()).isEqualTo(1);
    JsonNode summary = list.json().get(0);
    assertThat(summary.get("fromName").asText()).isEqualTo("Acme");
    assertThat(summary.get("to").asText()).isEqualTo("mia@example.com");
    assertThat(summary.get("messageId").asText()).isEqualTo(id);
    assertThat(summary.has("html")).isFalse();

    Answer email = api.admin("GET", "/api/inbox/" + summary.get("id").asText(), null);
    assertThat(email.json().get("html").asText()).contains("135790").contains("Acme GmbH");
    assertThat(email.json().get("text").asText()).contains("135790");
    assertThat(email.json().get("subject").asText()).isNotBlank();
    assertThat(api.admin("GET", "/api/inbox?to=nobody@example.com", null).json().size()).isZero();
    assertThat(api.admin("GET", "/api/inbox/20260101000000000-abcdef", null).status())
        .isEqualTo(404);

    Answer usage =
        api.call(
            "GET",
            "/api/services/mails/usage?from=2020-01-01T00:00:00Z",
            ManagementServer.DEFAULT_KEY,
            null);
    assertThat(usage.json().get("count").asLong()).isEqualTo(1);
    Answer acmeUsage =
        api.call(
            "GET", "/api/services/mails/usage?from=2020-01-01", ManagementServer.ACME_KEY, null);
    assertThat(acmeUsage.json().get("count").asLong()).isZero();
    assertThat(
            api.call(
                    "GET",
                    "/api/services/mails/usage?from=yesterday",
                    ManagementServer.DEFAULT_KEY,
                    null)
                .status())
        .isEqualTo(400);
  }

  @Test
  void theTenantSeesItsHostedMailsAmongItsMessagesAndOtherTenantsDoNot() {
    Answer own =
        api.call(
            "POST",
            "/api/messages",
            ManagementServer.DEFAULT_KEY,
            Map.of("to", "olga@example.com", "type", "Register", "payload", Map.of("code", "1")));
    Answer hosted =
        mail(
            ManagementServer.DEFAULT_KEY,
            Map.of("to", "olga@example.com", "type", "SignIn", "payload", Map.of("code", "2")));
    String hostedId = hosted.json().get("id").asText();

    Answer list = api.call("GET", "/api/messages", ManagementServer.DEFAULT_KEY, null);
    Answer signIns =
        api.call("GET", "/api/messages?type=SignIn&limit=1", ManagementServer.DEFAULT_KEY, null);
    Answer one = api.call("GET", "/api/messages/" + hostedId, ManagementServer.DEFAULT_KEY, null);

    assertThat(list.json().findValuesAsText("id"))
        .containsExactly(hostedId, own.json().get("id").asText());
    assertThat(list.json().findValuesAsText("tenant")).containsExactly("default:mails", "default");
    assertThat(signIns.json().findValuesAsText("id")).containsExactly(hostedId);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("tenant").asText()).isEqualTo("default:mails");
    assertThat(
            api.call("GET", "/api/messages/" + hostedId, ManagementServer.ACME_KEY, null).status())
        .isEqualTo(404);
    assertThat(api.call("GET", "/api/messages", ManagementServer.ACME_KEY, null).json()).isEmpty();
  }

  @Test
  void brandingIsCheckedWithTheBuiltInServicesRules() {
    Answer answer =
        mail(
            ManagementServer.ACME_KEY,
            Map.of(
                "to",
                "a@example.com",
                "type",
                "SignIn",
                "payload",
                Map.of(
                    "code",
                    "1",
                    "senderName",
                    "Visit acme.com",
                    "appLogo",
                    "http://cdn.example.com/logo.png")));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("code").asText()).isEqualTo("connector.invalid_config");
    assertThat(paths(answer))
        .containsExactlyInAnyOrder("data.payload.senderName", "data.payload.appLogo");
    assertThat(api.admin("GET", "/api/inbox", null).json().size()).isZero();
  }

  /** Refused at the door, as POST /api/messages does: what the type needs, an http(s) link. */
  @Test
  void aCodeTheTypeNeedsAndASafeLinkAreCheckedBeforeAnythingIsStored() {
    Answer noCode =
        mail(
            ManagementServer.DEFAULT_KEY,
            Map.of(
                "to", "a@example.com", "type", "SignIn", "payload", Map.of("senderName", "Acme")));
    Answer scriptLink =
        mail(
            ManagementServer.DEFAULT_KEY,
            Map.of(
                "to",
                "a@example.com",
                "type",
                "OrganizationInvitation",
                "payload",
                Map.of("link", "javascript:alert(1)")));
    Answer multiLine =
        mail(
            ManagementServer.DEFAULT_KEY,
            Map.of(
                "to",
                "a@example.com",
                "type",
                "SignIn",
                "payload",
                Map.of(
                    "code",
                    "1",
                    "user",
                    Map.of(
                        "profile",
                        Map.of("address", Map.of("formatted", "1 Main St\nSpringfield"))))));

    assertThat(noCode.status()).isEqualTo(400);
    assertThat(paths(noCode)).containsExactly("data.payload.code");
    assertThat(scriptLink.status()).isEqualTo(400);
    assertThat(paths(scriptLink)).containsExactly("data.payload.link");
    assertThat(multiLine.status()).isEqualTo(202);
  }

  @Test
  void malformedRequestsNameEachField() {
    Answer answer =
        mail(
            ManagementServer.DEFAULT_KEY,
            Map.of("to", "not-an-address", "type", "Login", "payload", "x"));
    Answer noData =
        api.call(
            "POST",
            "/api/services/mails",
            ManagementServer.DEFAULT_KEY,
            Map.of("to", "a@example.com"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("code").asText()).isEqualTo("guard.invalid_input");
    assertThat(paths(answer)).containsExactlyInAnyOrder("data.to", "data.type", "data.payload");
    assertThat(noData.status()).isEqualTo(400);
    assertThat(paths(noData)).containsExactly("data");
  }

  @Test
  void theSameIdempotencyKeyAndBodyGiveTheSameMessage() throws Exception {
    String body =
        "{\"data\": {\"to\": \"ida@example.com\", \"type\": \"Register\", \"payload\": {\"code\":"
            + " \"777777\"}}}";
    HttpResponse<String> first = post(body, "key-1");
    HttpResponse<String> second = post(body, "key-1");
    HttpResponse<String> conflict = post(body.replace("777777", "888888"), "key-1");

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(conflict.statusCode()).isEqualTo(422);
  }

  @Test
  void theEleventhMailToOneRecipientWithinTenMinutesIsRateLimited() {
    Map<String, Object> data =
        Map.of("to", "rita@example.com", "type", "SignIn", "payload", Map.of("code", "1"));
    for (int i = 0; i < 10; i++) {
      assertThat(mail(ManagementServer.DEFAULT_KEY, data).status()).isEqualTo(202);
    }

    Answer eleventh = mail(ManagementServer.DEFAULT_KEY, data);

    assertThat(eleventh.status()).isEqualTo(429);
    assertThat(eleventh.json().get("code").asText()).isEqualTo("request.message_rate_limited");
    assertThat(Long.parseLong(eleventh.header("Retry-After"))).isPositive();
  }

  @Test
  void thePerRecipientLimitIsOneAcrossBothRoutesAndEveryUsageTypeOnTheNormalizedAddress() {
    String[] types = {"SignIn", "Register", "ForgotPassword", "Generic", "MfaVerification"};
    for (int i = 0; i < 5; i++) {
      Answer direct =
          api.call(
              "POST",
              "/api/messages",
              ManagementServer.DEFAULT_KEY,
              Map.of(
                  "to",
                  i % 2 == 0 ? "Both.Routes@EXAMPLE.com" : "both.routes@example.com",
                  "type",
                  types[i],
                  "payload",
                  Map.of("code", "1")));
      Answer hosted =
          mail(
              ManagementServer.DEFAULT_KEY,
              Map.of(
                  "to",
                  "BOTH.ROUTES@example.COM",
                  "type",
                  types[4 - i],
                  "payload",
                  Map.of("code", "2")));
      assertThat(direct.status()).as("%s", direct).isEqualTo(202);
      assertThat(hosted.status()).as("%s", hosted).isEqualTo(202);
    }

    Answer eleventhDirect =
        api.call(
            "POST",
            "/api/messages",
            ManagementServer.DEFAULT_KEY,
            Map.of(
                "to",
                "both.routes@example.com",
                "type",
                "BindMfa",
                "payload",
                Map.of("code", "3")));
    Answer eleventhHosted =
        mail(
            ManagementServer.DEFAULT_KEY,
            Map.of(
                "to",
                "both.routes@example.com",
                "type",
                "UserPermissionValidation",
                "payload",
                Map.of("code", "3")));

    assertThat(eleventhDirect.status()).as("%s", eleventhDirect).isEqualTo(429);
    assertThat(eleventhDirect.json().get("code").asText())
        .isEqualTo("request.message_rate_limited");
    assertThat(eleventhHosted.status()).as("%s", eleventhHosted).isEqualTo(429);
    // dots and +tags are other recipients (documented); another tenant has its own limit
    assertThat(
            mail(
                    ManagementServer.DEFAULT_KEY,
                    Map.of(
                        "to",
                        "both.routes+tag@example.com",
                        "type",
                        "SignIn",
                        "payload",
                        Map.of("code", "4")))
                .status())
        .isEqualTo(202);
    assertThat(
            mail(
                    ManagementServer.DEFAULT_KEY,
                    Map.of(
                        "to",
                        "bothroutes@example.com",
                        "type",
                        "SignIn",
                        "payload",
                        Map.of("code", "4")))
                .status())
        .isEqualTo(202);
    assertThat(
            mail(
                    ManagementServer.ACME_KEY,
                    Map.of(
                        "to",
                        "both.routes@example.com",
                        "type",
                        "SignIn",
                        "payload",
                        Map.of("code", "4")))
                .status())
        .isEqualTo(202);
  }

  @Test
  void overTheTenantsLimitTheAnswerIsUsageLimitExceeded() throws Exception {
    try (ManagementServer limited = new ManagementServer(dir.resolve("limited"), 2)) {
      for (int i = 0; i < 2; i++) {
        assertThat(
                limited
                    .call(
                        "POST",
                        "/api/services/mails",
                        ManagementServer.DEFAULT_KEY,
                        Map.of(
                            "data",
                            Map.of(
                                "to",
                                "u" + i + "@example.com",
                                "type",
                                "SignIn",
                                "payload",
                                Map.of("code", "1"))))
                    .status())
            .isEqualTo(202);
      }

      Answer third =
          limited.call(
              "POST",
              "/api/services/mails",
              ManagementServer.DEFAULT_KEY,
              Map.of(
                  "data",
                  Map.of(
                      "to", "u3@example.com", "type", "SignIn", "payload", Map.of("code", "1"))));

      assertThat(third.status()).isEqualTo(429);
      assertThat(third.json().get("code").asText()).isEqualTo("connector.usage_limit_exceeded");
      assertThat(third.header("Retry-After")).isNotNull();
      assertThat(limited.node.metrics().scrape())
          .contains("authmail_accepts_total{type=\"SignIn\"} 2.0")
          .contains("authmail_rate_limited_total{scope=\"tenant\",type=\"SignIn\"} 1.0");
    }
  }

  @Test
  void theInboxIsTheOperatorsAndTheServiceNeedsAKey() {
    assertThat(api.call("GET", "/api/inbox", ManagementServer.DEFAULT_KEY, null).status())
        .isEqualTo(403);
    assertThat(api.call("POST", "/api/services/mails", null, Map.of("data", Map.of())).status())
        .isEqualTo(401);
  }

  @Test
  void whenStorageIsDownTheServiceAnswersAsTheMessagesRouteDoes() {
    Answer before =
        mail(
            ManagementServer.DEFAULT_KEY,
            Map.of("to", "ada@example.com", "type", "SignIn", "payload", Map.of("code", "1")));
    assertThat(before.status()).isEqualTo(202);
    api.db.close(); // the database goes away under the running node

    Answer hosted =
        mail(
            ManagementServer.DEFAULT_KEY,
            Map.of("to", "ada@example.com", "type", "SignIn", "payload", Map.of("code", "2")));
    Answer direct =
        api.call(
            "POST",
            "/api/messages",
            ManagementServer.DEFAULT_KEY,
            Map.of("to", "ada@example.com", "type", "SignIn", "payload", Map.of("code", "3")));

    assertThat(direct.status()).as(direct.toString()).isEqualTo(503);
    assertThat(hosted.status()).as(hosted.toString()).isEqualTo(503);
    assertThat(hosted.json()).isEqualTo(direct.json());
    assertThat(hosted.json().get("code").asText()).isEqualTo("request.service_unavailable");
    assertThat(hosted.header("Retry-After")).isEqualTo(direct.header("Retry-After")).isEqualTo("1");
    assertThat(hosted.raw().body())
        .doesNotContainIgnoringCase("exception")
        .doesNotContainIgnoringCase("jdbc")
        .doesNotContainIgnoringCase("h2")
        .doesNotContainIgnoringCase("pool")
        .doesNotContain("thread", "authmail.");
  }

  @Test
  void whenStorageIsDownTheUsageIsUnavailableNotAnInternalError() {
    Answer before =
        api.call("GET", "/api/services/mails/usage", ManagementServer.DEFAULT_KEY, null);
    assertThat(before.status()).isEqualTo(200);
    api.db.close(); // the database goes away under the running node

    Answer usage =
        api.call(
            "GET", "/api/services/mails/usage?from=2020-01-01", ManagementServer.DEFAULT_KEY, null);

    assertThat(usage.status()).as(usage.toString()).isEqualTo(503);
    assertThat(usage.json().get("code").asText()).isEqualTo("request.service_unavailable");
    assertThat(usage.json().get("message").asText()).contains("usage").contains("Retry");
    assertThat(usage.header("Retry-After")).isEqualTo("1");
    assertThat(usage.raw().body())
        .doesNotContainIgnoringCase("exception")
        .doesNotContainIgnoringCase("jdbc")
        .doesNotContainIgnoringCase("h2")
        .doesNotContainIgnoringCase("pool")
        .doesNotContain("thread", "authmail.");
  }

  private HttpResponse<String> post(String body, String idempotencyKey) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api.url() + "/api/services/mails"))
            .header("Authorization", "Bearer " + ManagementServer.DEFAULT_KEY)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
