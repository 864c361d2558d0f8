package dev.authmail.runtime.templates;

import static dev.authmail.runtime.stored.ConnectorRoutesTest.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.node.ManagementServer;
import dev.authmail.runtime.node.ManagementServer.Answer;
import dev.authmail.runtime.node.ManagementTest;
import dev.authmail.runtime.outbox.AcceptResult;
import dev.authmail.runtime.outbox.MessageStatus;
import dev.authmail.runtime.outbox.MessageView;
import dev.authmail.runtime.outbox.NewMessage;
import dev.authmail.runtime.testing.SmtpTestConfig;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Logto's email-template routes through the real server, and stored templates reaching SMTP sends.
 */
class TemplateRoutesTest extends ManagementTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static Map<String, Object> template(
      String tag, String type, String subject, String content) {
    return Map.of(
        "languageTag",
        tag,
        "templateType",
        type,
        "details",
        Map.of("subject", subject, "content", content));
  }

  private Answer put(Object... templates) {
    return api.admin("PUT", "/api/email-templates", Map.of("templates", List.of(templates)));
  }

  @Test
  void bulkUpsertListGetPatchAndDelete() {
    Answer created =
        put(
            template("en", "SignIn", "Sign in: {{code}}", "<p>{{code}}</p>"),
            template("fr-ca", "SignIn", "Connexion : {{code}}", "<p>{{code}}</p>"),
            template("fr-CA", "Generic", "Code : {{code}}", "<p>{{code}}</p>"));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    assertThat(created.json().size()).isEqualTo(3);
    assertThat(created.json().get(1).get("languageTag").asText()).isEqualTo("fr-CA");
    String signInFr = created.json().get(1).get("id").asText();

    // upserting the same (tag, type) replaces the details and keeps the id
    Answer replaced =
        put(template("FR-CA", "SignIn", "Connectez-vous : {{code}}", "<p>{{code}}</p>"));
    assertThat(replaced.json().get(0).get("id").asText()).isEqualTo(signInFr);
    assertThat(api.admin("GET", "/api/email-templates", null).json().size()).isEqualTo(3);

    Answer french = api.admin("GET", "/api/email-templates?languageTag=fr-CA", null);
    assertThat(french.json().size()).isEqualTo(2);
    Answer signIns = api.admin("GET", "/api/email-templates?templateType=SignIn", null);
    assertThat(signIns.json().size()).isEqualTo(2);

    Answer one = api.admin("GET", "/api/email-templates/" + signInFr, null);
    assertThat(one.json().get("details").get("subject").asText())
        .isEqualTo("Connectez-vous : {{code}}");
    assertThat(one.json().get("tenantId").asText()).isEqualTo("default");

    Answer patched =
        api.admin(
            "PATCH",
            "/api/email-templates/" + signInFr + "/details",
            Map.of("contentType", "text/plain", "content", "Code {{code}}"));
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().get("details").get("subject").asText())
        .isEqualTo("Connectez-vous : {{code}}");
    assertThat(patched.json().get("details").get("contentType").asText()).isEqualTo("text/plain");

    assertThat(api.admin("DELETE", "/api/email-templates/" + signInFr, null).status())
        .isEqualTo(204);
    assertThat(api.admin("GET", "/api/email-templates/" + signInFr, null).status()).isEqualTo(404);

    Answer noFilter = api.admin("DELETE", "/api/email-templates", null);
    assertThat(noFilter.status()).isEqualTo(422);
    assertThat(api.admin("GET", "/api/email-templates", null).json().size()).isEqualTo(2);

    Answer deleted = api.admin("DELETE", "/api/email-templates?languageTag=fr-CA", null);
    assertThat(deleted.json().get("rowCount").asInt()).isEqualTo(1);
    assertThat(api.admin("GET", "/api/email-templates", null).json().size()).isEqualTo(1);
    // another tenant's templates are its own
    assertThat(api.admin("GET", "/api/email-templates?tenant=acme", null).json().size()).isZero();
  }

  @Test
  void everyInvalidFieldIsADetail() {
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("languageTag", "not a tag!");
    bad.put("templateType", "Login");
    bad.put("details", Map.of("content", 42, "html", "<p>"));

    Answer answer = put(bad, template("en", "SignIn", "ok", "ok"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("code").asText()).isEqualTo("guard.invalid_input");
    assertThat(paths(answer))
        .containsExactlyInAnyOrder(
            "templates[0].languageTag",
            "templates[0].templateType",
            "templates[0].details.html",
            "templates[0].details.subject",
            "templates[0].details.content");
    assertThat(api.admin("GET", "/api/email-templates", null).json().size()).isZero();
  }

  @Test
  void aPatchThatBreaksTheDetailsIsRefused() {
    String id = put(template("en", "SignIn", "s", "c")).json().get(0).get("id").asText();
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("subject", null);
    changes.put("contentType", "text/markdown");

    Answer answer = api.admin("PATCH", "/api/email-templates/" + id + "/details", changes);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(paths(answer)).containsExactlyInAnyOrder("details.subject", "details.contentType");
  }

  @Test
  void aStoredTemplateIsPickedUpByAnSmtpSendInTheUsersLanguage() throws Exception {
    Map<String, Object> config = SmtpTestConfig.loopback(GREENMAIL.getSmtp().getPort());
    Answer connector =
        api.admin("POST", "/api/connectors", Map.of("factoryId", "smtp", "config", config));
    assertThat(connector.status()).as(connector.toString()).isEqualTo(201);
    put(
        template(
            "fr",
            "SignIn",
            "Votre code : {{code}}",
            "<p>Bonjour {{user.name}}, code <b>{{code}}</b></p>"));

    AcceptResult result =
        api.outbox.accept(
            NewMessage.of(
                "default",
                EmailAddress.parse("eloise@example.com"),
                UsageType.SignIn,
                Payload.builder()
                    .code("246810")
                    .locale("fr-CA")
                    .user(Map.of("name", "Éloïse"))
                    .build()));
    MessageView view =
        api.outbox
            .await("default", ((AcceptResult.Accepted) result).messageId(), Duration.ofSeconds(15))
            .orElseThrow();

    assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
    MimeMessage message = GREENMAIL.getReceivedMessages()[0];
    assertThat(message.getSubject()).isEqualTo("Votre code : 246810");
    assertThat(GreenMailUtil.getBody(message)).contains("246810");

    // the connector test renders through the same stored templates
    put(template("de", "Generic", "Testcode {{code}}", "<p>{{code}}</p>"));
    Answer test =
        api.admin(
            "POST",
            "/api/connectors/smtp/test",
            Map.of("email", "tess@example.com", "config", config, "locale", "de"));
    assertThat(test.status()).as(test.toString()).isEqualTo(200);
    assertThat(GREENMAIL.getReceivedMessages()[1].getSubject()).isEqualTo("Testcode 000000");
  }

  @Test
  void aConnectorOfTheConfigurationFilePicksUpATemplateStoredThroughTheApi() throws Exception {
    Map<String, Object> config = SmtpTestConfig.loopback(GREENMAIL.getSmtp().getPort());
    String yaml =
        "tenants: {default: {email: [mail]}}\nconnectors:\n  mail: {factory: smtp, config: "
            + new ObjectMapper().writeValueAsString(config)
            + "}\n";
    try (ManagementServer fromFile =
        new ManagementServer(dir.resolve("file"), ManagementServer.REGISTRY, yaml, 0)) {
      Answer stored =
          fromFile.admin(
              "PUT",
              "/api/email-templates",
              Map.of(
                  "templates",
                  List.of(
                      template("fr", "SignIn", "Code du fichier : {{code}}", "<p>{{code}}</p>"))));
      assertThat(stored.status()).as(stored.toString()).isEqualTo(200);

      AcceptResult result =
          fromFile.outbox.accept(
              NewMessage.of(
                  "default",
                  EmailAddress.parse("zoe@example.com"),
                  UsageType.SignIn,
                  Payload.builder().code("135246").locale("fr").build()));
      MessageView view =
          fromFile
              .outbox
              .await(
                  "default", ((AcceptResult.Accepted) result).messageId(), Duration.ofSeconds(15))
              .orElseThrow();

      assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
      assertThat(view.connector()).isEqualTo("mail");
      assertThat(GREENMAIL.getReceivedMessages()[0].getSubject())
          .isEqualTo("Code du fichier : 135246");
    }
  }
}
