package dev.authmail.connector.mailgun;

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
import dev.authmail.connector.mailgun.MailgunPeer.Form;
import dev.authmail.connector.tck.TestContext;
import dev.authmail.connector.toolkit.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What reaches Mailgun, against its Messages API reference and Logto's connector tests: {@code POST
 * /v3/{domain}/messages}, basic auth {@code api:<key>}, form fields.
 */
class MailgunRequestTest {
  private static final String API_KEY = "key-request-test-3f9a";
  @RegisterExtension final MailgunPeer peer = new MailgunPeer(API_KEY);

  /** As Logto's Mailgun connector test configures it (baseConfig + deliveries), on the peer. */
  private Map<String, Object> config(Map<String, Object> deliveries) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("endpoint", peer.endpoint());
    config.put("domain", MailgunPeer.DOMAIN);
    config.put("apiKey", API_KEY);
    config.put("from", "Acme 認証 <noreply@mg.example.com>");
    config.put("deliveries", deliveries);
    return config;
  }

  private EmailConnector connector(Map<String, Object> raw, TestContext context) {
    ConnectorFactory factory = new MailgunConnectorFactory();
    return factory.create(factory.configSpec().bind(raw), context);
  }

  private static EmailRequest request(UsageType type, Payload payload) {
    return new EmailRequest(EmailAddress.parse("bar@example.com"), type, payload, "msg-0001");
  }

  @Test
  void rawDeliveryIsPostedAsAFormWithBasicAuth() {
    Map<String, Object> deliveries =
        Map.of(
            "Generic",
            Map.of(
                "subject",
                "Verification code is {{code}}",
                "html",
                "<p>Your verification code is {{code}}</p>",
                "replyTo",
                "baz@example.com"));

    SendResult result;
    try (EmailConnector connector = connector(config(deliveries), TestContext.create())) {
      result = connector.send(request(UsageType.Generic, Payload.builder().code("123456").build()));
    }

    assertThat(result.providerMessageId()).isEqualTo(MailgunPeer.MESSAGE_ID);
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v3/mg.example.com/messages");
    assertThat(recorded.getHeaders().get("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(("api:" + API_KEY).getBytes(StandardCharsets.UTF_8)));
    assertThat(recorded.getHeaders().get("Content-Type"))
        .startsWith("application/x-www-form-urlencoded");
    Form form = MailgunPeer.form(recorded);
    assertThat(form.get("from")).isEqualTo("\"Acme 認証\" <noreply@mg.example.com>");
    assertThat(form.get("to")).isEqualTo("bar@example.com");
    assertThat(form.get("subject")).isEqualTo("Verification code is 123456");
    assertThat(form.get("html")).isEqualTo("<p>Your verification code is 123456</p>");
    assertThat(form.get("text")).isEqualTo("Your verification code is 123456");
    assertThat(form.get("h:Reply-To")).isEqualTo("baz@example.com");
    assertThat(form.get("o:tag")).isEqualTo("Generic");
    assertThat(form.get("v:authmail-message-id")).isEqualTo("msg-0001");
    assertThat(form.get("template")).isNull();
  }

  @Test
  void aGivenTextPartIsRenderedAndPlaceholdersAreEscapedInHtmlOnly() {
    Map<String, Object> deliveries =
        Map.of(
            "SignIn",
            Map.of("subject", "Code", "html", "<p>{{code}}</p>", "text", "Code: {{code}}"));
    try (EmailConnector connector = connector(config(deliveries), TestContext.create())) {
      connector.send(request(UsageType.SignIn, Payload.builder().code("1 <b>").build()));
    }
    Form form = MailgunPeer.form(peer.take());
    assertThat(form.get("html")).isEqualTo("<p>1 &lt;b&gt;</p>");
    assertThat(form.get("text")).isEqualTo("Code: 1 <b>");
  }

  @Test
  void storedMailgunTemplateSendsItsNameAndVariablesWithThePayload() throws Exception {
    // Logto's "should send email with template": variables {foo: bar} + payload {code}
    Map<String, Object> deliveries =
        Map.of(
            "Generic",
            Map.of(
                "template",
                "template",
                "variables",
                Map.of("foo", "bar"),
                "subject",
                "Verification code is {{code}}"));

    try (EmailConnector connector = connector(config(deliveries), TestContext.create())) {
      // no ForgotPassword delivery: Generic's is used
      connector.send(request(UsageType.ForgotPassword, Payload.builder().code("123456").build()));
    }

    Form form = MailgunPeer.form(peer.take());
    assertThat(form.get("template")).isEqualTo("template");
    assertThat(form.get("subject")).isEqualTo("Verification code is 123456");
    assertThat(Json.read(form.get("h:X-Mailgun-Variables")))
        .isEqualTo(Json.read("{\"foo\": \"bar\", \"code\": \"123456\"}"));
    assertThat(form.get("html")).isNull();
    assertThat(form.get("text")).isNull();
    assertThat(form.get("o:tag")).isEqualTo("ForgotPassword");
  }

  @Test
  void aStoredI18nTemplateWinsOverTheDeliveries() {
    TestContext context =
        TestContext.builder()
            .template(
                "ja",
                EmailTemplate.html(
                    UsageType.SignIn, "サインインコード {{code}}", "<p>コード <b>{{code}}</b></p>"))
            .build();
    Map<String, Object> deliveries =
        Map.of("Generic", Map.of("subject", "Code", "html", "<p>{{code}}</p>"));
    try (EmailConnector connector = connector(config(deliveries), context)) {
      connector.send(request(UsageType.SignIn, Payload.builder().code("777").locale("ja").build()));
    }
    Form form = MailgunPeer.form(peer.take());
    assertThat(form.get("subject")).isEqualTo("サインインコード 777");
    assertThat(form.get("html")).isEqualTo("<p>コード <b>777</b></p>");
  }

  @Test
  void inlineImagesGoAsMultipartInlinePartsNamedByContentId() {
    byte[] logo =
        Base64.getDecoder()
            .decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAA"
                    + "AAYAAjCB0C8AAAAASUVORK5CYII=");
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse("user@example.com"))
            .from(EmailAddress.parse("no-reply@mg.example.com"))
            .fromName("Verification")
            .subject("Your code")
            .html("<img src=\"cid:logo-9f@authmail\"><p>777</p>")
            .inlineImage("logo-9f@authmail", "image/png", logo)
            .header("X-Tenant", "t1")
            .build();

    try (EmailConnector connector = connector(config(Map.of()), TestContext.create())) {
      ((EmailTransport) connector).deliver(email);
    }

    RecordedRequest recorded = peer.take();
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("multipart/form-data");
    Form form = MailgunPeer.form(recorded);
    assertThat(form.get("from")).isEqualTo("\"Verification\" <no-reply@mg.example.com>");
    assertThat(form.get("h:X-Tenant")).isEqualTo("t1");
    assertThat(form.get("html")).contains("cid:logo-9f@authmail");
    assertThat(form.files).hasSize(1);
    assertThat(form.files.get(0).field()).isEqualTo("inline");
    assertThat(form.files.get(0).fileName()).isEqualTo("logo-9f@authmail");
    assertThat(form.files.get(0).contentType()).isEqualTo("image/png");
    assertThat(form.files.get(0).bytes()).isEqualTo(logo);
  }

  @Test
  void theEuEndpointIsUsedAsConfigured() {
    // an EU account: the same route under the configured base URL
    try (EmailConnector connector =
        connector(config(Map.of("Generic", Map.of("html", "{{code}}"))), TestContext.create())) {
      connector.send(request(UsageType.SignIn, Payload.builder().code("1").build()));
    }
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v3/mg.example.com/messages");
    assertThat(MailgunPeer.form(recorded).get("subject")).isEmpty();
  }

  @Test
  void verifyReadsTheDomainWithTheKey() {
    try (EmailConnector connector = connector(config(Map.of()), TestContext.create())) {
      connector.verify();
    }
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("GET");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v4/domains/mg.example.com");
    assertThat(recorded.getHeaders().get("Authorization")).startsWith("Basic ");
  }

  @Test
  void noDeliveryForTheTypeNorGenericIsTemplateNotFound() {
    try (EmailConnector connector =
        connector(config(Map.of("SignIn", Map.of("html", "x"))), TestContext.create())) {
      var e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              dev.authmail.connector.api.ConnectorException.class,
              () ->
                  connector.send(request(UsageType.Register, Payload.builder().code("1").build())));
      assertThat(e.code()).isEqualTo(dev.authmail.connector.api.ErrorCode.TEMPLATE_NOT_FOUND);
      assertThat(e.getMessage()).contains("Register").contains("deliveries");
    }
    assertThat(peer.connectionCount()).isZero();
  }
}
