package dev.authmail.connector.ses;

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
import dev.authmail.connector.tck.TckTemplates;
import dev.authmail.connector.tck.TestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What reaches SES: method, path, SigV4 headers and the JSON body, parsed. */
class SesRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension final SesPeer peer = new SesPeer();

  private Map<String, Object> config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("accessKeyId", "AKIDEXAMPLE");
    config.put("accessKeySecret", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    config.put("region", "eu-west-1");
    config.put("emailAddress", "noreply@example.com");
    config.put("fromName", "Acme サポート");
    config.put("replyTo", "support@example.com");
    config.put("configurationSetName", "auth-emails");
    config.put("feedbackForwardingEmailAddress", "bounces@example.com");
    config.put(
        "emailAddressIdentityArn", "arn:aws:ses:eu-west-1:123456789012:identity/example.com");
    config.put("templates", TckTemplates.logtoTemplates());
    config.put("endpoint", peer.endpoint());
    return config;
  }

  private EmailConnector connector(Map<String, Object> raw, TestContext context) {
    ConnectorFactory factory = new SesConnectorFactory();
    return factory.create(factory.configSpec().bind(raw), context);
  }

  @Test
  void localizedSignInCodeReachesSesAsSigV4SignedJson() throws Exception {
    // given a stored Japanese SignIn template and a request in ja
    TestContext context =
        TestContext.builder()
            .template(
                "ja",
                EmailTemplate.html(
                    UsageType.SignIn,
                    "サインインコード: {{code}}",
                    "<p>あなたのコードは <strong>{{code}}</strong> です。</p>"))
            .build();
    EmailRequest request =
        new EmailRequest(
            EmailAddress.parse("hanako@example.jp"),
            UsageType.SignIn,
            Payload.builder().code("123456").locale("ja").build(),
            "msg/01J9:ZK");

    // when
    SendResult result;
    try (EmailConnector connector = connector(config(), context)) {
      result = connector.send(request);
    }

    // then the connector returns SES's message id
    assertThat(result.providerMessageId()).isEqualTo(SesPeer.MESSAGE_ID);
    assertThat(result.acceptedAt()).isEqualTo(TestContext.FIXED_NOW);
    // and SES saw one signed REST-JSON request
    RecordedRequest recorded = peer.take();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v2/email/outbound-emails");
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(recorded.getHeaders().get("Authorization"))
        .matches(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/ses/aws4_request,"
                + " SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*,"
                + " Signature=[0-9a-f]{64}");
    assertThat(recorded.getHeaders().get("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
    assertThat(recorded.getHeaders().get("Authorization")).doesNotContain("wJalrXUtnFEMI");

    JsonNode body = JSON.readTree(recorded.getBody().utf8());
    assertThat(decodeMailbox(body.path("FromEmailAddress").asText()))
        .isEqualTo("Acme サポート <noreply@example.com>");
    assertThat(body.path("FromEmailAddress").asText())
        .isEqualTo(SesMessages.mailbox("Acme サポート", EmailAddress.parse("noreply@example.com")));
    assertThat(body.path("FromEmailAddressIdentityArn").asText())
        .isEqualTo("arn:aws:ses:eu-west-1:123456789012:identity/example.com");
    assertThat(texts(body.path("Destination").path("ToAddresses")))
        .containsExactly("hanako@example.jp");
    assertThat(texts(body.path("ReplyToAddresses"))).containsExactly("support@example.com");
    assertThat(body.path("FeedbackForwardingEmailAddress").asText())
        .isEqualTo("bounces@example.com");
    assertThat(body.path("ConfigurationSetName").asText()).isEqualTo("auth-emails");
    JsonNode simple = body.path("Content").path("Simple");
    assertThat(simple.path("Subject").path("Data").asText()).isEqualTo("サインインコード: 123456");
    assertThat(simple.path("Subject").path("Charset").asText()).isEqualTo("UTF-8");
    assertThat(simple.path("Body").path("Html").path("Data").asText())
        .isEqualTo("<p>あなたのコードは <strong>123456</strong> です。</p>");
    assertThat(simple.path("Body").path("Html").path("Charset").asText()).isEqualTo("UTF-8");
    assertThat(simple.path("Body").path("Text").path("Data").asText())
        .isEqualTo("あなたのコードは 123456 です。");
    assertThat(simple.path("Body").path("Text").path("Charset").asText()).isEqualTo("UTF-8");
    assertThat(pairs(simple.path("Headers")))
        .containsEntry("X-Authmail-Message-Id", "msg/01J9:ZK")
        .hasSize(1);
    assertThat(pairs(body.path("EmailTags")))
        .containsEntry("authmail_message_id", "msg_01J9_ZK")
        .containsEntry("authmail_usage_type", "SignIn");
  }

  @Test
  void deliverSendsARenderedEmailAsItIsWithItsOwnSender() throws Exception {
    // given
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse("user@bücher.example"))
            .from(EmailAddress.parse("no-reply@mail.example.com"))
            .fromName("Verification")
            .subject("Your code")
            .html("<p>Code: <b>777</b></p>")
            .messageId("platform/1:a")
            .header("X-Tenant", "t1")
            .build();

    // when
    try (EmailConnector connector = connector(config(), TestContext.create())) {
      ((EmailTransport) connector).deliver(email);
    }

    // then
    JsonNode body = JSON.readTree(peer.take().getBody().utf8());
    assertThat(body.path("FromEmailAddress").asText())
        .isEqualTo("\"Verification\" <no-reply@mail.example.com>");
    assertThat(texts(body.path("Destination").path("ToAddresses")))
        .containsExactly("user@xn--bcher-kva.example");
    JsonNode simple = body.path("Content").path("Simple");
    assertThat(simple.path("Body").path("Html").path("Data").asText())
        .isEqualTo("<p>Code: <b>777</b></p>");
    assertThat(simple.path("Body").path("Text").path("Data").asText()).isEqualTo("Code: 777");
    assertThat(pairs(simple.path("Headers")))
        .containsEntry("X-Authmail-Message-Id", "platform/1:a")
        .containsEntry("X-Tenant", "t1");
    assertThat(pairs(body.path("EmailTags")))
        .containsEntry("authmail_message_id", "platform_1_a")
        .doesNotContainKey("authmail_usage_type");
  }

  @Test
  void inlineImagesAreSentAsInlineAttachmentsOfSimpleContent() throws Exception {
    // given an email whose HTML shows a PNG logo by content id
    byte[] logo =
        java.util.Arrays.copyOf(
            Base64.getDecoder()
                .decode(
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAA"
                        + "AAYAAjCB0C8AAAAASUVORK5CYII="),
            5000);
    logo[4000] = 7;
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse("user@example.com"))
            .subject("Your code")
            .html("<img src=\"cid:logo-9f@authmail\"><p>777</p>")
            .inlineImage("logo-9f@authmail", "image/png", logo)
            .build();

    // when
    try (EmailConnector connector = connector(config(), TestContext.create())) {
      ((EmailTransport) connector).deliver(email);
    }

    // then
    JsonNode simple = JSON.readTree(peer.take().getBody().utf8()).path("Content").path("Simple");
    assertThat(simple.path("Body").path("Html").path("Data").asText())
        .contains("<img src=\"cid:logo-9f@authmail\">");
    JsonNode attachments = simple.path("Attachments");
    assertThat(attachments).hasSize(1);
    JsonNode attachment = attachments.get(0);
    assertThat(Base64.getDecoder().decode(attachment.path("RawContent").asText())).isEqualTo(logo);
    assertThat(attachment.path("ContentType").asText()).isEqualTo("image/png");
    assertThat(attachment.path("FileName").asText()).isEqualTo("logo-9f.png");
    assertThat(attachment.path("ContentDisposition").asText()).isEqualTo("INLINE");
    assertThat(attachment.path("ContentId").asText()).isEqualTo("logo-9f@authmail");
    assertThat(attachment.path("ContentTransferEncoding").asText()).isEqualTo("BASE64");
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

    assertThat(
            JSON.readTree(peer.take().getBody().utf8())
                .path("Content")
                .path("Simple")
                .has("Attachments"))
        .isFalse();
  }

  @Test
  void textTemplateSendsTextOnlyAndQuotesAnAsciiName() throws Exception {
    Map<String, Object> config = config();
    config.put("fromName", "Acme \"Auth\"");
    List<Map<String, Object>> templates = TckTemplates.logtoTemplates();
    templates.get(1).put("contentType", "text/plain");
    templates.get(1).put("content", "Code: {{code}} <not html>");
    config.put("templates", templates);
    try (EmailConnector connector = connector(config, TestContext.create())) {
      connector.send(
          new EmailRequest(
              EmailAddress.parse("a@example.com"),
              UsageType.SignIn,
              Payload.builder().code("42").build(),
              "m1"));
    }
    JsonNode body = JSON.readTree(peer.take().getBody().utf8());
    assertThat(body.path("FromEmailAddress").asText())
        .isEqualTo("\"Acme \\\"Auth\\\"\" <noreply@example.com>");
    JsonNode simple = body.path("Content").path("Simple");
    assertThat(simple.path("Body").has("Html")).isFalse();
    assertThat(simple.path("Body").path("Text").path("Data").asText())
        .isEqualTo("Code: 42 <not html>");
  }

  @Test
  void longNonAsciiNamesAreSplitIntoEncodedWordsOfAtMost75Characters() {
    String name = "株式会社アクメ・オーセンティケーション・サービス認証チーム 🔐 サポート";
    String mailbox = SesMessages.mailbox(name, EmailAddress.parse("noreply@example.com"));
    for (String word : mailbox.substring(0, mailbox.indexOf(" <")).split(" ")) {
      assertThat(word.length()).isLessThanOrEqualTo(75);
    }
    assertThat(decodeMailbox(mailbox)).isEqualTo(name + " <noreply@example.com>");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Map<String, String> pairs(JsonNode array) {
    Map<String, String> out = new LinkedHashMap<>();
    array.forEach(n -> out.put(n.path("Name").asText(), n.path("Value").asText()));
    return out;
  }

  /**
   * Decodes RFC 2047 B-encoded words the way a mail reader does (whitespace between words dropped).
   */
  static String decodeMailbox(String header) {
    Matcher m = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]+)\\?=").matcher(header);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      String between = header.substring(last, m.start());
      if (!(last > 0 && between.isBlank())) {
        out.append(between);
      }
      out.append(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
      last = m.end();
    }
    return out.append(header.substring(last)).toString();
  }
}
