package dev.authmail.connector.postmark;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.authmail.connector.toolkit.Json;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What reaches Postmark, against its Email API reference and Logto's connector test. */
class PostmarkRequestTest {
  private static final String TOKEN = "server-token-request-test";
  @RegisterExtension final PostmarkPeer peer = new PostmarkPeer(TOKEN);

  /** Logto's mock.ts config (aliases for the four required types), on the peer. */
  private Map<String, Object> logtoConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("serverToken", TOKEN);
    config.put("fromEmail", "noreply@logto.test.io");
    config.put(
        "templates",
        List.of(
            Map.of("usageType", "SignIn", "templateAlias", "logto-sign-in"),
            Map.of("usageType", "Register", "templateAlias", "logto-register"),
            Map.of("usageType", "ForgotPassword", "templateAlias", "logto-forgot-password"),
            Map.of("usageType", "Generic", "templateAlias", "logto-generic")));
    config.put("endpoint", peer.endpoint());
    return config;
  }

  private EmailConnector connector(Map<String, Object> raw, TestContext context) {
    ConnectorFactory factory = new PostmarkConnectorFactory();
    return factory.create(factory.configSpec().bind(raw), context);
  }

  private static EmailRequest signIn(Payload payload) {
    return new EmailRequest(
        EmailAddress.parse("to@email.com"), UsageType.SignIn, payload, "msg-0001");
  }

  @Test
  void aTemplateAliasIsSentWithTemplateAndThePayloadAsTemplateModel() throws Exception {
    SendResult result;
    try (EmailConnector connector = connector(logtoConfig(), TestContext.create())) {
      result = connector.send(signIn(Payload.builder().code("1234").build()));
    }

    assertThat(result.providerMessageId()).isEqualTo(PostmarkPeer.MESSAGE_ID);
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/email/withTemplate");
    assertThat(recorded.getHeaders().get("X-Postmark-Server-Token")).isEqualTo(TOKEN);
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(recorded.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(Json.read(recorded.getBody().utf8()))
        .isEqualTo(
            Json.read(
                """
                {"From": "noreply@logto.test.io", "To": "to@email.com",
                 "TemplateAlias": "logto-sign-in", "TemplateModel": {"code": "1234"},
                 "Tag": "SignIn", "Metadata": {"authmail_message_id": "msg-0001"},
                 "MessageStream": "outbound"}
                """));
  }

  @Test
  void aTypeWithoutAnEntryUsesGenericsAliasAndTheConfiguredStream() throws Exception {
    Map<String, Object> config = logtoConfig();
    config.put("messageStream", "auth-codes");
    try (EmailConnector connector = connector(config, TestContext.create())) {
      connector.send(
          new EmailRequest(
              EmailAddress.parse("to@email.com"),
              UsageType.MfaVerification,
              Payload.builder().code("9").build(),
              "m-2"));
    }
    Object body = Json.read(peer.take().getBody().utf8());
    assertThat(Json.textAt(body, "TemplateAlias")).isEqualTo("logto-generic");
    assertThat(Json.textAt(body, "MessageStream")).isEqualTo("auth-codes");
    assertThat(Json.textAt(body, "Tag")).isEqualTo("MfaVerification");
  }

  @Test
  void authmailsOwnTemplateIsRenderedAndSentToEmail() throws Exception {
    Map<String, Object> config = logtoConfig();
    config.put(
        "templates",
        List.of(
            Map.of(
                "usageType",
                "SignIn",
                "contentType",
                "text/html",
                "subject",
                "Sign in: {{code}}",
                "content",
                "<p>Code <b>{{code}}</b></p>",
                "replyTo",
                "help@example.com",
                "sendFrom",
                "Acme"),
            Map.of("usageType", "Register", "templateAlias", "logto-register"),
            Map.of("usageType", "ForgotPassword", "templateAlias", "logto-forgot-password"),
            Map.of("usageType", "Generic", "templateAlias", "logto-generic")));

    try (EmailConnector connector = connector(config, TestContext.create())) {
      connector.send(signIn(Payload.builder().code("55 <i>").build()));
    }

    RecordedRequest recorded = peer.take();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/email");
    Object body = Json.read(recorded.getBody().utf8());
    assertThat(Json.textAt(body, "From")).isEqualTo("\"Acme\" <noreply@logto.test.io>");
    assertThat(Json.textAt(body, "To")).isEqualTo("to@email.com");
    assertThat(Json.textAt(body, "ReplyTo")).isEqualTo("help@example.com");
    assertThat(Json.textAt(body, "Subject")).isEqualTo("Sign in: 55 <i>");
    assertThat(Json.textAt(body, "HtmlBody")).isEqualTo("<p>Code <b>55 &lt;i&gt;</b></p>");
    assertThat(Json.textAt(body, "TextBody")).isEqualTo("Code 55 <i>");
    assertThat(Json.textAt(body, "Tag")).isEqualTo("SignIn");
    assertThat(Json.textAt(body, "Metadata", "authmail_message_id")).isEqualTo("msg-0001");
    assertThat(Json.textAt(body, "MessageStream")).isEqualTo("outbound");
    assertThat(Json.at(body, "TemplateAlias")).isNull();
  }

  @Test
  void aStoredI18nTemplateWinsOverTheAlias() throws Exception {
    TestContext context =
        TestContext.builder()
            .template(
                "ja", EmailTemplate.html(UsageType.SignIn, "サインインコード {{code}}", "<p>{{code}}</p>"))
            .build();
    try (EmailConnector connector = connector(logtoConfig(), context)) {
      connector.send(signIn(Payload.builder().code("777").locale("ja").build()));
    }
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/email");
    assertThat(Json.textAt(Json.read(recorded.getBody().utf8()), "Subject"))
        .isEqualTo("サインインコード 777");
  }

  @Test
  void inlineImagesGoAsAttachmentsWithContentIds() throws Exception {
    byte[] logo =
        Base64.getDecoder()
            .decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAA"
                    + "AAYAAjCB0C8AAAAASUVORK5CYII=");
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse("user@bücher.example"))
            .subject("Your code")
            .html("<img src=\"cid:logo-9f@authmail\"><p>777</p>")
            .inlineImage("logo-9f@authmail", "image/png", logo)
            .header("X-Tenant", "t1")
            .build();

    try (EmailConnector connector = connector(logtoConfig(), TestContext.create())) {
      ((EmailTransport) connector).deliver(email);
    }

    Object body = Json.read(peer.take().getBody().utf8());
    assertThat(Json.textAt(body, "To")).isEqualTo("user@xn--bcher-kva.example");
    assertThat(Json.textAt(body, "From")).isEqualTo("noreply@logto.test.io");
    assertThat(Json.at(body, "Headers"))
        .isEqualTo(Json.read("[{\"Name\": \"X-Tenant\", \"Value\": \"t1\"}]"));
    Object attachment = Json.at(body, "Attachments", 0);
    assertThat(Json.textAt(attachment, "ContentID")).isEqualTo("cid:logo-9f@authmail");
    assertThat(Json.textAt(attachment, "ContentType")).isEqualTo("image/png");
    assertThat(Json.textAt(attachment, "Name")).isEqualTo("logo-9f.png");
    assertThat(Base64.getDecoder().decode(Json.textAt(attachment, "Content"))).isEqualTo(logo);
  }

  @Test
  void verifyReadsTheServerWithTheToken() {
    try (EmailConnector connector = connector(logtoConfig(), TestContext.create())) {
      connector.verify();
    }
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("GET");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/server");
    assertThat(recorded.getHeaders().get("X-Postmark-Server-Token")).isEqualTo(TOKEN);
  }
}
