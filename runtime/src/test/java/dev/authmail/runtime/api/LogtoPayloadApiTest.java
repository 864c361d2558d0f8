package dev.authmail.runtime.api;

import static dev.authmail.runtime.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.testing.SmtpTestConfig;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logto's HTTP email connector body ({@code {to, type, payload, ip?}}, packages/connectors/
 * connector-http-email) with the payload Logto's core builds (passcode library: {@code code} and
 * the user/application/organization context of extra-information.ts, nulls included; invitations: a
 * {@code link} and the inviter), for all nine usage types, with a multi-line OIDC address, an array
 * and numbers: accepted (202) and delivered into GreenMail with the values rendered. The refusals
 * at the door are next to it: a line break only where a header gets it, missing code or link.
 */
class LogtoPayloadApiTest {
  private static GreenMail greenMail;
  private static Path dir;
  private static ServiceNode node;
  private static ApiClient client;

  @BeforeAll
  static void start() throws Exception {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    dir = Files.createTempDirectory("authmail-logto-payload");
    Map<String, Object> smtp = SmtpTestConfig.loopback(greenMail.getSmtp().getPort());
    List<Map<String, Object>> templates = new ArrayList<>();
    for (UsageType type : UsageType.values()) {
      templates.add(
          Map.of(
              "usageType",
              type.wireName(),
              "contentType",
              "text/html",
              "subject",
              type.wireName() + " for {{ user.name }} at {{application.name}}",
              "content",
              "<p>{{code}}{{link}}</p><p>{{ user.profile.address.formatted }}</p><p>tag"
                  + " {{application.customData.tags.1}} of {{application.customData.tags.length}},"
                  + " count {{application.customData.count}}, ratio"
                  + " {{application.customData.ratio}}, beta {{application.customData.beta}},"
                  + " avatar [{{user.avatar}}]</p>",
              "sendFrom",
              "{{organization.name}}"));
    }
    smtp.put("templates", templates);
    node =
        TestNodes.start(
            TestNodes.config(
                Map.of("mail", Map.of("factory", "smtp", "config", smtp)),
                Map.of("default", List.of("mail"))),
            dir,
            TestNodes.fastOutbox());
    client = new ApiClient(node.url(), TestNodes.tenantKey(node, "default"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    greenMail.stop();
  }

  /**
   * What Logto's core sends for a type: a code (or an invitation link), the context objects, the
   * locale.
   */
  private static Map<String, Object> body(String to, UsageType type) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", "u1x9");
    user.put("avatar", null);
    user.put("name", "Jane Doe");
    user.put("primaryEmail", to);
    user.put("primaryPhone", null);
    user.put("username", "jane");
    user.put(
        "profile",
        Map.of(
            "address",
            Map.of("formatted", "1 Main St\nSpringfield, IL 62701\nUSA", "country", "US")));
    Map<String, Object> payload = new LinkedHashMap<>();
    if (type == UsageType.OrganizationInvitation) {
      payload.put("link", "https://auth.example.com/invitation?token=abc");
      payload.put("inviter", Map.of("id", "u2", "name", "Bob"));
    } else {
      payload.put("code", "314159");
    }
    payload.put("locale", "en");
    payload.put("uiLocales", "en fr");
    payload.put("user", user);
    payload.put(
        "application",
        Map.of(
            "id",
            "app1",
            "name",
            "Acme Portal",
            "customData",
            Map.of(
                "tags",
                List.of("alpha", "beta", "gamma"),
                "count",
                1.0,
                "ratio",
                0.25,
                "beta",
                true)));
    payload.put("organization", Map.of("id", "org1", "name", "Acme & Co", "branding", Map.of()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("to", to);
    body.put("type", type.wireName());
    body.put("payload", payload);
    body.put("ip", "unknown");
    return body;
  }

  private static MimeMessage receivedBy(String address) throws Exception {
    for (int i = 0; i < 100; i++) {
      for (MimeMessage m : greenMail.getReceivedMessages()) {
        if (Arrays.stream(m.getRecipients(Message.RecipientType.TO))
            .anyMatch(a -> a.toString().equals(address))) {
          return m;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nothing arrived for " + address);
  }

  @Test
  void everyUsageTypeIsAcceptedAndArrivesWithItsValuesRendered() throws Exception {
    for (UsageType type : UsageType.values()) {
      String to = "jane-" + type.wireName().toLowerCase() + "@example.com";
      HttpResponse<String> response = client.post("/api/messages", body(to, type));

      assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(202);
      client.awaitStatus(json(response).get("id").asText(), "DELIVERED");
      MimeMessage received = receivedBy(to);
      assertThat(received.getSubject()).isEqualTo(type.wireName() + " for Jane Doe at Acme Portal");
      assertThat(((jakarta.mail.internet.InternetAddress) received.getFrom()[0]).getPersonal())
          .isEqualTo("Acme & Co");
      jakarta.mail.internet.MimeMultipart parts =
          (jakarta.mail.internet.MimeMultipart) received.getContent();
      String text = String.valueOf(parts.getBodyPart(0).getContent());
      String html = String.valueOf(parts.getBodyPart(1).getContent());
      assertThat(html)
          .contains(
              type == UsageType.OrganizationInvitation
                  ? "https://auth.example.com/invitation?token=abc"
                  : "314159");
      assertThat(html)
          .contains(
              "1 Main St<br>Springfield, IL 62701<br>USA",
              "tag beta of 3, count 1, ratio 0.25,",
              "beta true, avatar []");
      assertThat(text)
          .as("the text part shows the address as lines")
          .containsPattern("1 Main St\\r?\\nSpringfield, IL 62701\\r?\\nUSA");
    }
  }

  @Test
  void aLineBreakIsRefusedOnlyWhereTheTemplatePutsItIntoAHeader() throws Exception {
    Map<String, Object> body = body("line@example.com", UsageType.SignIn);
    @SuppressWarnings("unchecked")
    Map<String, Object> payload = (Map<String, Object>) body.get("payload");
    @SuppressWarnings("unchecked")
    Map<String, Object> user = new LinkedHashMap<>((Map<String, Object>) payload.get("user"));
    user.put("name", "Jane\r\nBcc: victim@example.com");
    payload.put("user", user);

    HttpResponse<String> response = client.post("/api/messages", body);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode details = json(response).get("details");
    assertThat(details.findValuesAsText("path")).containsExactly("payload.user.name");
    assertThat(details.get(0).get("message").asText()).contains("subject");
  }

  @Test
  void whatAUsageTypeNeedsIsRefusedAtTheDoorWithItsPath() throws Exception {
    HttpResponse<String> noCode =
        client.post(
            "/api/messages",
            Map.of("to", "a@example.com", "type", "SignIn", "payload", Map.of("locale", "en")));
    HttpResponse<String> noLink =
        client.post(
            "/api/messages",
            Map.of("to", "a@example.com", "type", "OrganizationInvitation", "payload", Map.of()));
    HttpResponse<String> scriptLink =
        client.post(
            "/api/messages",
            Map.of(
                "to",
                "a@example.com",
                "type",
                "OrganizationInvitation",
                "payload",
                Map.of("link", "javascript:alert(1)")));

    assertThat(noCode.statusCode()).isEqualTo(400);
    assertThat(json(noCode).get("details").findValuesAsText("path"))
        .containsExactly("payload.code");
    assertThat(noLink.statusCode()).isEqualTo(400);
    assertThat(json(noLink).get("details").findValuesAsText("path"))
        .containsExactly("payload.link");
    assertThat(scriptLink.statusCode()).isEqualTo(400);
    assertThat(json(scriptLink).get("details").findValuesAsText("path"))
        .containsExactly("payload.link");
  }

  /** docs/api.md's payload rows: a numeric code or locale, a key with CR/LF, any printable ip. */
  @Test
  void numericCodeAndLocaleKeysWithLineBreaksAndInformalIpsAreAccepted() throws Exception {
    HttpResponse<String> numeric =
        client.post(
            "/api/messages",
            Map.of(
                "to",
                "num@example.com",
                "type",
                "Generic",
                "payload",
                Map.of("code", 271828.0, "locale", 1)));
    HttpResponse<String> key =
        client.post(
            "/api/messages",
            Map.of(
                "to",
                "key@example.com",
                "type",
                "Generic",
                "payload",
                Map.of("code", "1", "odd\r\nkey", "v")));
    HttpResponse<String> zoneIp =
        client.post(
            "/api/messages",
            Map.of(
                "to",
                "ip@example.com",
                "type",
                "Generic",
                "payload",
                Map.of("code", "1"),
                "ip",
                "fe80::1%eth0"));
    HttpResponse<String> longIp =
        client.post(
            "/api/messages",
            Map.of(
                "to",
                "ip2@example.com",
                "type",
                "Generic",
                "payload",
                Map.of("code", "1"),
                "ip",
                "x".repeat(65)));
    HttpResponse<String> boolCode =
        client.post(
            "/api/messages",
            Map.of("to", "b@example.com", "type", "Generic", "payload", Map.of("code", true)));

    assertThat(numeric.statusCode()).as(numeric.body()).isEqualTo(202);
    client.awaitStatus(json(numeric).get("id").asText(), "DELIVERED");
    assertThat(GreenMailUtil.getWholeMessage(receivedBy("num@example.com")))
        .contains("271828")
        .doesNotContain("271828.0");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(202);
    assertThat(zoneIp.statusCode()).as(zoneIp.body()).isEqualTo(202);
    assertThat(longIp.statusCode()).isEqualTo(400);
    assertThat(json(longIp).get("details").findValuesAsText("path")).containsExactly("ip");
    assertThat(boolCode.statusCode()).isEqualTo(400);
    assertThat(json(boolCode).get("details").findValuesAsText("path"))
        .containsExactly("payload.code");
  }
}
