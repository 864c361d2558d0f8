package dev.authmail.connector.smtp;

import static dev.authmail.connector.smtp.ScriptedSmtpServer.dialog;
import static dev.authmail.connector.smtp.ScriptedSmtpServer.replies;
import static dev.authmail.connector.smtp.SmtpTesting.config;
import static dev.authmail.connector.smtp.SmtpTesting.connector;
import static dev.authmail.connector.smtp.SmtpTesting.japaneseTemplates;
import static dev.authmail.connector.smtp.SmtpTesting.request;
import static dev.authmail.connector.smtp.SmtpTesting.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.tck.TckTemplates;
import dev.authmail.connector.tck.TestContext;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What reaches GreenMail: structure, encoding, headers, template choice, injection attempts. */
class SmtpMessageTest {
  private static final String TO = "alice@example.com";

  private GreenMail greenMail;
  private SmtpConnector connector;

  @BeforeEach
  void start() {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
  }

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.close();
    }
    greenMail.stop();
  }

  private Map<String, Object> greenMailConfig() {
    return config(greenMail.getSmtp().getPort());
  }

  private MimeMessage onlyReceived() {
    assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage[] messages = greenMail.getReceivedMessages();
    assertThat(messages).hasSize(1);
    return messages[0];
  }

  @Test
  void japaneseSignInEmailArrivesIntactWithBothParts() throws Exception {
    Map<String, Object> config = greenMailConfig();
    config.put("templates", japaneseTemplates());
    config.put("fromName", "認証サービス");
    connector = connector(config);

    connector.send(signIn(TO, "246810"));

    MimeMessage message = onlyReceived();
    assertThat(message.getSubject()).isEqualTo("ログイン認証コード: 246810");
    assertThat(message.getHeader("Subject")[0]).startsWith("=?UTF-8?");
    InternetAddress from = (InternetAddress) message.getFrom()[0];
    assertThat(from.getAddress()).isEqualTo("noreply@example.com");
    assertThat(from.getPersonal()).isEqualTo("認証サービス");
    assertThat(message.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly(TO);
    assertThat(message.getContentType()).startsWith("multipart/alternative");
    Multipart parts = (Multipart) message.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    Part text = parts.getBodyPart(0);
    Part html = parts.getBodyPart(1);
    assertThat(text.getContentType())
        .startsWith("text/plain")
        .containsIgnoringCase("charset=UTF-8");
    assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
    assertThat((String) text.getContent())
        .contains("あなたの認証コードは 246810 です")
        .doesNotContain("<strong>");
    assertThat((String) html.getContent()).contains("<strong>246810</strong>");
  }

  @Test
  void textTemplateIsOnePlainPart() throws Exception {
    Map<String, Object> config = greenMailConfig();
    List<Map<String, Object>> templates = TckTemplates.logtoTemplates();
    templates.get(1).put("contentType", "text/plain");
    templates.get(1).put("content", "Your code is {{code}} <not html>");
    config.put("templates", templates);
    connector = connector(config);

    connector.send(signIn(TO, "5555"));

    MimeMessage message = onlyReceived();
    assertThat(message.getContentType()).startsWith("text/plain");
    assertThat(((String) message.getContent()).strip()).isEqualTo("Your code is 5555 <not html>");
  }

  @Test
  void headersCarryIdsDateReplyToAndCustomHeaders() throws Exception {
    Map<String, Object> config = greenMailConfig();
    config.put("replyTo", "support@example.com");
    config.put(
        "customHeaders",
        Map.of("X-Campaign", "sign-in", "X-Tag", List.of("auth", "otp"), "X-Note", "déjà vu"));
    connector = connector(config);

    var result = connector.send(signIn(TO, "1"));

    MimeMessage message = onlyReceived();
    assertThat(message.getMessageID())
        .matches("<authmail\\.msg-\\d+@example\\.com>")
        .isEqualTo(result.providerMessageId());
    assertThat(message.getSentDate()).isEqualTo(Date.from(TestContext.FIXED_NOW));
    assertThat(message.getReplyTo())
        .extracting(Object::toString)
        .containsExactly("support@example.com");
    assertThat(message.getHeader("X-Campaign")).containsExactly("sign-in");
    assertThat(message.getHeader("X-Tag")).containsExactly("auth", "otp");
    assertThat(jakarta.mail.internet.MimeUtility.decodeText(message.getHeader("X-Note")[0]))
        .isEqualTo("déjà vu");
  }

  @Test
  void deliverUsesTheEmailsSenderAndKeepsItsHeaders() throws Exception {
    connector = connector(greenMailConfig());
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse(TO))
            .from(EmailAddress.parse("team@example.org"))
            .fromName("Team")
            .subject("Invitation")
            .html("<p>Join us: <a href=\"https://example.org/i/1\">accept</a></p>")
            .header("X-Authmail-Tenant", "acme")
            .messageId("out-77")
            .build();

    connector.deliver(email);

    MimeMessage message = onlyReceived();
    assertThat(message.getFrom()[0].toString()).isEqualTo("Team <team@example.org>");
    assertThat(message.getMessageID()).isEqualTo("<authmail.out-77@example.org>");
    assertThat(message.getHeader("X-Authmail-Tenant")).containsExactly("acme");
    Multipart parts = (Multipart) message.getContent();
    assertThat((String) parts.getBodyPart(0).getContent())
        .contains("Join us")
        .doesNotContain("<a ");
  }

  @Test
  void inlineImagesArriveAsRelatedPartsOfTheHtml() throws Exception {
    connector = connector(greenMailConfig());
    byte[] logo =
        java.util.Arrays.copyOf(
            java.util.Base64.getDecoder()
                .decode(
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAA"
                        + "AAYAAjCB0C8AAAAASUVORK5CYII="),
            200 * 1024);
    logo[70_000] = 42; // not all zeros after the header, so the bytes are really compared
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse(TO))
            .subject("Your code")
            .html(
                "<p><img src=\"cid:logo-1a2b@authmail\" alt=\"Acme\"></p><p>Your code is"
                    + " 123456</p>")
            .inlineImage("logo-1a2b@authmail", "image/png", logo)
            .build();

    connector.deliver(email);

    MimeMessage message = onlyReceived();
    assertThat(message.getContentType()).startsWith("multipart/alternative");
    Multipart alternative = (Multipart) message.getContent();
    assertThat(alternative.getCount()).isEqualTo(2);
    assertThat((String) alternative.getBodyPart(0).getContent()).contains("Your code is 123456");
    Part relatedPart = alternative.getBodyPart(1);
    assertThat(relatedPart.getContentType()).startsWith("multipart/related");
    Multipart related = (Multipart) relatedPart.getContent();
    assertThat(related.getCount()).isEqualTo(2);
    assertThat(related.getBodyPart(0).getContentType()).startsWith("text/html");
    assertThat((String) related.getBodyPart(0).getContent())
        .contains("<img src=\"cid:logo-1a2b@authmail\"");
    Part image = related.getBodyPart(1);
    assertThat(image.getContentType()).startsWith("image/png");
    assertThat(image.getHeader("Content-ID")).containsExactly("<logo-1a2b@authmail>");
    assertThat(image.getDisposition()).isEqualTo(Part.INLINE);
    assertThat(image.getFileName()).isEqualTo("logo-1a2b.png");
    assertThat(image.getInputStream().readAllBytes()).isEqualTo(logo);
  }

  @Test
  void storedTemplateInTheRequestedLanguageWins() throws Exception {
    TestContext context =
        TestContext.builder()
            .template(
                "fr",
                EmailTemplate.html(
                    UsageType.SignIn, "Votre code : {{code}}", "<p>Code : {{code}}</p>"))
            .build();
    connector = connector(greenMailConfig(), context);

    connector.send(
        request(TO, UsageType.SignIn, Payload.builder().code("3141").locale("fr-CA").build()));

    assertThat(onlyReceived().getSubject()).isEqualTo("Votre code : 3141");
  }

  @Test
  void usageTypeWithoutTemplateFallsBackToGeneric() throws Exception {
    connector = connector(greenMailConfig());

    connector.send(request(TO, UsageType.MfaVerification, Payload.builder().code("2718").build()));

    assertThat(onlyReceived().getSubject()).isEqualTo("Generic verification code: 2718");
  }

  @Test
  void withoutAnyTemplateTheSendFailsWithTemplateNotFound() {
    Map<String, Object> config = greenMailConfig();
    config.remove("templates");
    connector = connector(config);

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "1")));

    assertThat(e.code()).isEqualTo(ErrorCode.TEMPLATE_NOT_FOUND);
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void lineBreaksInPayloadValuesCannotInjectHeaders() throws Exception {
    connector = connector(greenMailConfig());

    connector.send(signIn(TO, "12\r\nBcc: victim@example.net\r\nX-Injected: yes"));

    MimeMessage message = onlyReceived();
    assertThat(message.getHeader("X-Injected")).isNull();
    assertThat(message.getRecipients(Message.RecipientType.BCC)).isNull();
    assertThat(message.getSubject()).startsWith("SignIn verification code: 12 Bcc");
    assertThat(greenMail.getReceivedMessages()).hasSize(1); // nothing went to the victim
  }

  @Test
  void headerInjectionAndReservedHeadersAreRefusedBeforeSending() {
    assertThatThrownBy(
            () ->
                RenderedEmail.builder()
                    .to(EmailAddress.parse(TO))
                    .subject("s")
                    .text("t")
                    .header("X-Campaign", "a\r\nBcc: victim@example.net")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line break");
    assertThatThrownBy(
            () ->
                RenderedEmail.builder()
                    .to(EmailAddress.parse(TO))
                    .subject("s")
                    .text("t")
                    .header("Message-ID", "<forged@example.net>")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be overridden");
    assertThatThrownBy(
            () ->
                RenderedEmail.builder()
                    .to(EmailAddress.parse(TO))
                    .subject("a\nBcc: x@example.net")
                    .text("t")
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void envelopeSenderIsEnvelopeFrom() throws IOException {
    try (ScriptedSmtpServer server = ScriptedSmtpServer.start(dialog(replies()))) {
      Map<String, Object> config = config(server.port());
      config.put("envelopeFrom", "bounces@example.com");
      connector = connector(config);

      connector.send(signIn(TO, "1"));

      assertThat(server.commands())
          .contains("MAIL FROM:<bounces@example.com>", "RCPT TO:<alice@example.com>");
    }
  }

  @Test
  void ehloNameIsTheConfiguredName() throws IOException {
    try (ScriptedSmtpServer server = ScriptedSmtpServer.start(dialog(replies()))) {
      Map<String, Object> config = config(server.port());
      config.put("name", "mailer.example.com");
      connector = connector(config);

      connector.verify();

      assertThat(server.commands()).contains("EHLO mailer.example.com");
    }
  }
}
