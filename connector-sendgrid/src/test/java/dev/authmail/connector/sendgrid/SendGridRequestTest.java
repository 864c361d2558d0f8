package dev.authmail.connector.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.tck.TestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What reaches SendGrid: method, path, headers and the JSON body, parsed. */
class SendGridRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_KEY = "SG.request-test.key";
  @RegisterExtension final SendGridPeer peer = new SendGridPeer();

  /** A config as Logto's SendGrid connector stores it, plus authmail's replyTo and endpoint. */
  private Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiKey", API_KEY);
    config.put("fromEmail", "noreply@example.com");
    config.put("fromName", "Acme 認証");
    config.put("replyTo", "support@example.com");
    config.put(
        "templates",
        List.of(
            Map.of(
                "usageType",
                "SignIn",
                "type",
                "text/html",
                "subject",
                "Sign in: {{code}}",
                "content",
                "<p>{{code}}</p>"),
            Map.of(
                "usageType",
                "Register",
                "type",
                "text/plain",
                "subject",
                "Register",
                "content",
                "Code {{code}}"),
            Map.of(
                "usageType",
                "ForgotPassword",
                "type",
                "text/plain",
                "subject",
                "Reset",
                "content",
                "Code {{code}}"),
            Map.of(
                "usageType",
                "Generic",
                "type",
                "text/plain",
                "subject",
                "Code",
                "content",
                "Code {{code}}")));
    config.put("endpoint", peer.endpoint());
    return config;
  }

  private EmailConnector connector(Map<String, Object> raw, TestContext context) {
    ConnectorFactory factory = new SendGridConnectorFactory();
    return factory.create(factory.configSpec().bind(raw), context);
  }

  private static EmailRequest signIn(String locale) {
    return new EmailRequest(
        EmailAddress.parse("hanako@example.jp"),
        UsageType.SignIn,
        Payload.builder().code("123456").locale(locale).put("extra", Map.of("n", 1)).build(),
        "msg-0001");
  }

  @Test
  void localizedSignInCodeIsPostedAsV3MailSend() throws Exception {
    // given a stored Japanese SignIn template
    TestContext context =
        TestContext.builder()
            .template(
                "ja",
                EmailTemplate.html(
                    UsageType.SignIn,
                    "サインインコード: {{code}}",
                    "<p>あなたのコードは <strong>{{code}}</strong> です。</p>"))
            .build();

    // when
    SendResult result;
    try (EmailConnector connector = connector(config(), context)) {
      result = connector.send(signIn("ja"));
    }

    // then the X-Message-Id header is the provider's id
    assertThat(result.providerMessageId()).isEqualTo(SendGridPeer.MESSAGE_ID);
    assertThat(result.acceptedAt()).isEqualTo(TestContext.FIXED_NOW);
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v3/mail/send");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/json");

    JsonNode body = JSON.readTree(recorded.getBody().utf8());
    assertThat(body.path("personalizations")).hasSize(1);
    assertThat(body.path("personalizations").get(0).path("to").get(0).path("email").asText())
        .isEqualTo("hanako@example.jp");
    assertThat(body.path("from").path("email").asText()).isEqualTo("noreply@example.com");
    assertThat(body.path("from").path("name").asText()).isEqualTo("Acme 認証");
    assertThat(body.path("reply_to").path("email").asText()).isEqualTo("support@example.com");
    assertThat(body.path("subject").asText()).isEqualTo("サインインコード: 123456");
    JsonNode content = body.path("content");
    assertThat(content).hasSize(2);
    assertThat(content.get(0).path("type").asText()).isEqualTo("text/plain");
    assertThat(content.get(0).path("value").asText()).isEqualTo("あなたのコードは 123456 です。");
    assertThat(content.get(1).path("type").asText()).isEqualTo("text/html");
    assertThat(content.get(1).path("value").asText())
        .isEqualTo("<p>あなたのコードは <strong>123456</strong> です。</p>");
    assertThat(body.path("custom_args").path("authmail_message_id").asText()).isEqualTo("msg-0001");
    assertThat(body.has("template_id")).isFalse();
    assertThat(body.has("mail_settings")).isFalse();
  }

  @Test
  void configTemplateOfTypeTextPlainSendsTextOnly() throws Exception {
    try (EmailConnector connector = connector(config(), TestContext.create())) {
      connector.send(
          new EmailRequest(
              EmailAddress.parse("a@example.com"),
              UsageType.Register,
              Payload.builder().code("9 <b>").build(),
              "m-2"));
    }
    JsonNode body = JSON.readTree(peer.take().getBody().utf8());
    assertThat(body.path("subject").asText()).isEqualTo("Register");
    assertThat(body.path("content")).hasSize(1);
    assertThat(body.path("content").get(0).path("type").asText()).isEqualTo("text/plain");
    assertThat(body.path("content").get(0).path("value").asText()).isEqualTo("Code 9 <b>");
  }

  @Test
  void dynamicTemplateForTheTypeSendsThePayloadAsTemplateData() throws Exception {
    // given a dynamic template for SignIn and sandbox mode
    Map<String, Object> config = config();
    config.put(
        "dynamicTemplates",
        Map.of("SignIn", "d-0123456789abcdef0123456789abcdef", "Generic", "d-generic"));
    config.put("sandboxMode", true);

    // when
    try (EmailConnector connector = connector(config, TestContext.create())) {
      connector.send(signIn("ja"));
    }

    // then
    JsonNode body = JSON.readTree(peer.take().getBody().utf8());
    assertThat(body.path("template_id").asText()).isEqualTo("d-0123456789abcdef0123456789abcdef");
    JsonNode data = body.path("personalizations").get(0).path("dynamic_template_data");
    assertThat(data.path("code").asText()).isEqualTo("123456");
    assertThat(data.path("locale").asText()).isEqualTo("ja");
    assertThat(data.path("extra").path("n").asInt()).isEqualTo(1);
    assertThat(body.has("subject")).isFalse();
    assertThat(body.has("content")).isFalse();
    assertThat(body.path("from").path("name").asText()).isEqualTo("Acme 認証");
    assertThat(body.path("reply_to").path("email").asText()).isEqualTo("support@example.com");
    assertThat(body.path("custom_args").path("authmail_message_id").asText()).isEqualTo("msg-0001");
    assertThat(body.path("mail_settings").path("sandbox_mode").path("enable").asBoolean()).isTrue();
  }

  @Test
  void dynamicGenericTemplateCoversTypesWithoutTheirOwn() throws Exception {
    Map<String, Object> config = config();
    config.put("dynamicTemplates", Map.of("Generic", "d-generic01"));
    try (EmailConnector connector = connector(config, TestContext.create())) {
      connector.send(
          new EmailRequest(
              EmailAddress.parse("a@example.com"),
              UsageType.MfaVerification,
              Payload.builder().code("1").build(),
              "m-3"));
    }
    JsonNode body = JSON.readTree(peer.take().getBody().utf8());
    assertThat(body.path("template_id").asText()).isEqualTo("d-generic01");
  }

  @Test
  void deliverSendsARenderedEmailAsItIs() throws Exception {
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse("user@bücher.example"))
            .from(EmailAddress.parse("no-reply@mail.example.com"))
            .fromName("Verification")
            .replyTo(EmailAddress.parse("help@example.com"))
            .subject("Your code")
            .html("<p>Code: <b>777</b></p>")
            .messageId("platform-1")
            .header("X-Tenant", "t1")
            .build();
    try (EmailConnector connector = connector(config(), TestContext.create())) {
      ((EmailTransport) connector).deliver(email);
    }
    JsonNode body = JSON.readTree(peer.take().getBody().utf8());
    assertThat(body.path("personalizations").get(0).path("to").get(0).path("email").asText())
        .isEqualTo("user@xn--bcher-kva.example");
    assertThat(body.path("from").path("email").asText()).isEqualTo("no-reply@mail.example.com");
    assertThat(body.path("from").path("name").asText()).isEqualTo("Verification");
    assertThat(body.path("reply_to").path("email").asText()).isEqualTo("help@example.com");
    assertThat(body.path("content").get(0).path("value").asText()).isEqualTo("Code: 777");
    assertThat(body.path("content").get(1).path("value").asText())
        .isEqualTo("<p>Code: <b>777</b></p>");
    assertThat(body.path("headers").path("X-Tenant").asText()).isEqualTo("t1");
    assertThat(body.path("custom_args").path("authmail_message_id").asText())
        .isEqualTo("platform-1");
  }

  @Test
  void inlineImagesArePostedAsInlineAttachments() throws Exception {
    byte[] logo =
        java.util.Arrays.copyOf(
            java.util.Base64.getDecoder()
                .decode(
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAA"
                        + "AAYAAjCB0C8AAAAASUVORK5CYII="),
            5000);
    byte[] photo = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3};
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse("user@example.com"))
            .subject("Your code")
            .html("<img src=\"cid:logo-9f@authmail\"><img src=\"cid:photo\"><p>777</p>")
            .inlineImage("logo-9f@authmail", "image/png", logo)
            .inlineImage("photo", "image/jpeg", photo)
            .build();

    try (EmailConnector connector = connector(config(), TestContext.create())) {
      ((EmailTransport) connector).deliver(email);
    }

    JsonNode body = JSON.readTree(peer.take().getBody().utf8());
    assertThat(body.path("content").get(1).path("value").asText())
        .contains("<img src=\"cid:logo-9f@authmail\">");
    JsonNode attachments = body.path("attachments");
    assertThat(attachments).hasSize(2);
    assertThat(JSON.convertValue(attachments.get(0), Map.class))
        .containsExactly(
            Map.entry("content", java.util.Base64.getEncoder().encodeToString(logo)),
            Map.entry("type", "image/png"),
            Map.entry("filename", "logo-9f.png"),
            Map.entry("disposition", "inline"),
            Map.entry("content_id", "logo-9f@authmail"));
    assertThat(java.util.Base64.getDecoder().decode(attachments.get(1).path("content").asText()))
        .isEqualTo(photo);
    assertThat(attachments.get(1).path("type").asText()).isEqualTo("image/jpeg");
    assertThat(attachments.get(1).path("content_id").asText()).isEqualTo("photo");
  }

  @Test
  void anEmailWithoutInlineImagesHasNoAttachments() throws Exception {
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse("user@example.com"))
            .subject("Your code")
            .html("<p>777</p>")
            .build();

    try (EmailConnector connector = connector(config(), TestContext.create())) {
      ((EmailTransport) connector).deliver(email);
    }

    assertThat(JSON.readTree(peer.take().getBody().utf8()).has("attachments")).isFalse();
  }
}
