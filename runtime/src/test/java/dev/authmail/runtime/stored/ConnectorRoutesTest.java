package dev.authmail.runtime.stored;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.authmail.runtime.node.ManagementServer;
import dev.authmail.runtime.node.ManagementServer.Answer;
import dev.authmail.runtime.node.ManagementTest;
import dev.authmail.runtime.outbox.MessageStatus;
import dev.authmail.runtime.outbox.MessageView;
import dev.authmail.runtime.testing.SmtpTestConfig;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stored connectors and the connector test through the real server, into GreenMail. */
public class ConnectorRoutesTest extends ManagementTest {
  private static final String PASSWORD = "s3cret-pass-4711";

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("app", PASSWORD));

  private Map<String, Object> smtpConfig(String password) {
    Map<String, Object> config = SmtpTestConfig.loopback(GREENMAIL.getSmtp().getPort());
    config.put("auth", new LinkedHashMap<>(Map.of("user", "app", "pass", password)));
    return config;
  }

  private Answer create(Map<String, Object> config) {
    return api.admin("POST", "/api/connectors", Map.of("factoryId", "smtp", "config", config));
  }

  @Test
  void factoriesAreListedInLogtosShapeWithTheirSpec() {
    Answer list = api.call("GET", "/api/connector-factories", ManagementServer.DEFAULT_KEY, null);
    Answer smtp =
        api.call("GET", "/api/connector-factories/smtp", ManagementServer.DEFAULT_KEY, null);

    assertThat(list.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    list.json().forEach(f -> ids.add(f.get("id").asText()));
    assertThat(ids)
        .contains(
            "logto-email",
            "simple-mail-transfer-protocol",
            "http-email",
            "sendgrid-email-service",
            "aws-ses-mail",
            "webhook-email");
    assertThat(smtp.status()).isEqualTo(200);
    JsonNode f = smtp.json();
    assertThat(f.get("id").asText()).isEqualTo("simple-mail-transfer-protocol");
    assertThat(f.get("type").asText()).isEqualTo("Email");
    assertThat(f.get("name").get("en").asText()).isNotBlank();
    assertThat(f.get("aliases").toString()).contains("smtp");
    assertThat(f.get("formItems").size()).isPositive();
    JsonNode auth = find(f.get("configSpec"), "auth");
    assertThat(find(auth.get("fields"), "pass").get("secret").asBoolean()).isTrue();
    assertThat(find(f.get("configSpec"), "host").get("required").asBoolean()).isTrue();
    assertThat(
            api.call("GET", "/api/connector-factories/nope", ManagementServer.DEFAULT_KEY, null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void theSpecMarksTheKeysThatSayWhereSecretsGoAndLeavesLogtosFormItemsAsTheyAre() {
    // when a console asks for the SMTP factory
    JsonNode smtp =
        api.call("GET", "/api/connector-factories/smtp", ManagementServer.DEFAULT_KEY, null).json();

    // then host (and the TLS trust keys) are destinations, the sender's name and the password are
    // not
    JsonNode spec = smtp.get("configSpec");
    assertThat(find(spec, "host").get("destination").asBoolean()).isTrue();
    assertThat(find(spec, "port").get("destination").asBoolean()).isTrue();
    assertThat(find(spec, "caCertificate").get("destination").asBoolean()).isTrue();
    assertThat(find(spec, "fromName").get("destination").isBoolean()).isTrue();
    assertThat(find(spec, "fromName").get("destination").asBoolean()).isFalse();
    assertThat(find(find(spec, "auth").get("fields"), "pass").get("destination").asBoolean())
        .isFalse();
    // the form items keep Logto's keys only
    smtp.get("formItems")
        .forEach(item -> assertThat(item.has("destination")).as(item.toString()).isFalse());
    // and the list answers the same flags
    Answer list = api.call("GET", "/api/connector-factories", ManagementServer.DEFAULT_KEY, null);
    JsonNode http = null;
    for (JsonNode f : list.json()) {
      if (f.get("id").asText().equals("http-email")) {
        http = f;
      }
    }
    assertThat(http).isNotNull();
    assertThat(find(http.get("configSpec"), "endpoint").get("destination").asBoolean()).isTrue();
    assertThat(find(http.get("configSpec"), "authorization").get("destination").asBoolean())
        .isFalse();
    // and the OpenAPI description names the flag
    JsonNode schemas =
        api.call("GET", "/openapi.json", null, null).json().get("components").get("schemas");
    assertThat(schemas.get("ConfigKey").get("properties").get("destination").get("type").asText())
        .isEqualTo("boolean");
    assertThat(
            schemas
                .get("ConnectorFactory")
                .get("properties")
                .get("configSpec")
                .get("items")
                .get("$ref")
                .asText())
        .isEqualTo("#/components/schemas/ConfigKey");
  }

  @Test
  void everyConfigProblemIsADetailNamingItsField() {
    Map<String, Object> config = smtpConfig(PASSWORD);
    config.remove("host");
    config.put("port", "abc");
    config.put("prot", 25);

    Answer answer = create(config);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("code").asText()).isEqualTo("connector.invalid_config");
    assertThat(paths(answer)).contains("config.host", "config.port", "config.prot");
    assertThat(api.admin("GET", "/api/connectors", null).json().size()).isZero();
  }

  @Test
  void createTimeProblemsNameTheirFieldToo() {
    Map<String, Object> config = smtpConfig(PASSWORD);
    config.put("fromEmail", "not an address");

    Answer answer = create(config);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(paths(answer)).contains("config.fromEmail");
  }

  @Test
  void secretsAreEncryptedAtRestMaskedOnReadAndKeptWhenTheMaskComesBack() throws Exception {
    Answer created = create(smtpConfig(PASSWORD));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.header("Location")).isEqualTo("/api/connectors/" + id);
    assertThat(created.json().get("config").get("auth").get("pass").asText()).isEqualTo("******");
    assertThat(created.json().get("position").asInt()).isZero();

    String row = storedConfig(id);
    assertThat(row)
        .doesNotContain(PASSWORD)
        .contains("\"pass\":\"enc:v1:")
        .contains("\"user\":\"app\"");

    Answer read = api.admin("GET", "/api/connectors/" + id, null);
    assertThat(read.raw().body()).doesNotContain(PASSWORD);
    Map<String, Object> edited = smtpConfig("******");
    edited.put("fromEmail", "hello@example.com");
    Answer patched = api.admin("PATCH", "/api/connectors/" + id, Map.of("config", edited));
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().get("config").get("fromEmail").asText())
        .isEqualTo("hello@example.com");

    // the kept secret still authenticates: a send through the outbox reaches GreenMail
    MessageView view = sendThroughOutbox("default", "ina@example.com");
    assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(view.connector()).isEqualTo(id);
    MimeMessage message = GREENMAIL.getReceivedMessages()[0];
    assertThat(message.getFrom()[0].toString()).contains("hello@example.com");
  }

  @Test
  @SuppressWarnings("unchecked")
  void templateHeadersWithLineBreaksOrABadReplyToAreRefusedAtSaveWithTheirPaths() {
    Map<String, Object> config = smtpConfig(PASSWORD);
    List<Map<String, Object>> templates = new ArrayList<>();
    for (Object t : (List<?>) config.get("templates")) {
      templates.add(new LinkedHashMap<>((Map<String, Object>) t));
    }
    templates.get(0).put("subject", "Your code\r\nBcc: victim@example.com");
    templates.get(1).put("sendFrom", "Acme\nX-Injected: 1");
    templates.get(2).put("replyTo", "not an address");
    templates.get(3).put("replyTo", "{{ user.primaryEmail }}");
    config.put("templates", templates);

    Answer created = create(config);

    assertThat(created.status()).as("%s", created).isEqualTo(400);
    assertThat(paths(created))
        .containsExactly(
            "config.templates[0].subject",
            "config.templates[1].sendFrom",
            "config.templates[2].replyTo");
    assertThat(api.admin("GET", "/api/connectors", null).json()).isEmpty();
  }

  @Test
  void aMaskWithNoStoredSecretIsRefused() {
    Answer answer = create(smtpConfig("******"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(paths(answer)).containsExactly("config.auth.pass");
  }

  @Test
  void crudAndChainOrder() {
    String first = create(smtpConfig(PASSWORD)).json().get("id").asText();
    String second = create(smtpConfig(PASSWORD)).json().get("id").asText();
    Answer third =
        api.admin(
            "POST",
            "/api/connectors",
            Map.of(
                "factoryId",
                "simple-mail-transfer-protocol",
                "config",
                smtpConfig(PASSWORD),
                "position",
                0,
                "enabled",
                false));
    String thirdId = third.json().get("id").asText();

    assertThat(ids(api.admin("GET", "/api/connectors", null)))
        .containsExactly(thirdId, first, second);
    assertThat(third.json().get("enabled").asBoolean()).isFalse();

    Answer reordered =
        api.admin("PUT", "/api/connectors/order", Map.of("ids", List.of(second, first, thirdId)));
    assertThat(ids(reordered)).containsExactly(second, first, thirdId);
    Answer moved =
        api.admin("PATCH", "/api/connectors/" + thirdId, Map.of("position", 0, "enabled", true));
    assertThat(moved.json().get("position").asInt()).isZero();
    assertThat(api.module.connectors().chain("default"))
        .extracting(c -> c.name())
        .containsExactly(thirdId, second, first);

    Answer badOrder = api.admin("PUT", "/api/connectors/order", Map.of("ids", List.of(first)));
    assertThat(badOrder.status()).isEqualTo(400);
    assertThat(badOrder.json().get("message").asText()).contains("missing");

    assertThat(api.admin("DELETE", "/api/connectors/" + first, null).status()).isEqualTo(204);
    assertThat(ids(api.admin("GET", "/api/connectors", null))).containsExactly(thirdId, second);
    assertThat(api.admin("GET", "/api/connectors/" + first, null).status()).isEqualTo(404);
    assertThat(api.admin("DELETE", "/api/connectors/" + first, null).status()).isEqualTo(404);
    // another tenant sees none of them
    assertThat(
            api.call("GET", "/api/connectors?tenant=acme", ManagementServer.ADMIN, null)
                .json()
                .size())
        .isZero();
  }

  /** Logto's POST /api/connectors names the factory connectorId. */
  @Test
  void logtosConnectorIdNamesTheFactory() {
    Answer logto =
        api.admin(
            "POST",
            "/api/connectors",
            Map.of("connectorId", "simple-mail-transfer-protocol", "config", smtpConfig(PASSWORD)));
    Answer both =
        api.admin(
            "POST",
            "/api/connectors",
            Map.of(
                "connectorId",
                "sendgrid-email-service",
                "factoryId",
                "smtp",
                "config",
                smtpConfig(PASSWORD)));

    assertThat(logto.status()).as(logto.raw().body()).isEqualTo(201);
    assertThat(logto.json().get("factoryId").asText()).isEqualTo("simple-mail-transfer-protocol");
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().get("details").findValuesAsText("path")).containsExactly("connectorId");
  }

  @Test
  void managingConnectorsNeedsTheAdminKey() {
    Answer answer = api.call("GET", "/api/connectors", ManagementServer.DEFAULT_KEY, null);

    assertThat(answer.status()).isEqualTo(403);
  }

  @Test
  void testSendDeliversTheGenericCodeBeforeAnythingIsSaved() throws Exception {
    Answer answer =
        api.admin(
            "POST",
            "/api/connectors/smtp/test",
            Map.of("email", "tess@example.com", "config", smtpConfig(PASSWORD)));

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.json().get("ok").asBoolean()).isTrue();
    MimeMessage[] received = GREENMAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("Generic verification code: 000000");
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("tess@example.com");
    assertThat(api.admin("GET", "/api/connectors", null).json().size()).isZero();
  }

  @Test
  void testSendReportsAnAuthenticationFailureWithItsCode() {
    Answer answer =
        api.admin(
            "POST",
            "/api/connectors/simple-mail-transfer-protocol/test",
            Map.of("email", "tess@example.com", "config", smtpConfig("wrong-password")));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("ok").asBoolean()).isFalse();
    assertThat(answer.json().get("errorCode").asText()).isEqualTo("AUTHENTICATION_FAILED");
    assertThat(answer.json().get("code").asText()).isEqualTo("connector.invalid_config");
    assertThat(answer.raw().body()).doesNotContain("wrong-password");
    assertThat(GREENMAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void testSendWithAStoredConnectorsMaskedSecret() {
    String id = create(smtpConfig(PASSWORD)).json().get("id").asText();

    Answer answer =
        api.admin(
            "POST",
            "/api/connectors/smtp/test",
            Map.of("email", "tess@example.com", "config", smtpConfig("******"), "connectorId", id));

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(GreenMailUtil.getBody(GREENMAIL.getReceivedMessages()[0])).contains("000000");
  }

  @Test
  void testSendRefusesAnInvalidAddressAndConfig() {
    Answer badEmail =
        api.admin(
            "POST",
            "/api/connectors/smtp/test",
            Map.of("email", "nope", "config", smtpConfig(PASSWORD)));
    Map<String, Object> config = smtpConfig(PASSWORD);
    config.put("port", 70000);
    Answer badConfig =
        api.admin(
            "POST",
            "/api/connectors/smtp/test",
            Map.of("email", "a@example.com", "config", config));

    assertThat(badEmail.status()).isEqualTo(400);
    assertThat(badEmail.json().get("code").asText()).isEqualTo("guard.invalid_input");
    assertThat(paths(badEmail)).containsExactly("email");
    assertThat(badConfig.status()).isEqualTo(400);
    assertThat(paths(badConfig)).containsExactly("config.port");
  }

  public static List<String> paths(Answer answer) {
    List<String> paths = new ArrayList<>();
    JsonNode details = answer.json().get("details");
    if (details != null) {
      details.forEach(d -> paths.add(d.get("path").asText()));
    }
    return paths;
  }

  private static List<String> ids(Answer answer) {
    List<String> ids = new ArrayList<>();
    answer.json().forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }

  private static JsonNode find(JsonNode spec, String key) {
    for (JsonNode k : spec) {
      if (k.get("key").asText().equals(key)) {
        return k;
      }
    }
    throw new AssertionError("no key " + key + " in " + spec);
  }
}
