package dev.authmail.connector.logtoemail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.support.JakartaMailTransport;
import dev.authmail.connector.tck.TestContext;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Local mode, end to end: the built-in service renders, the platform transport delivers to
 * GreenMail.
 */
class LocalDeliveryTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.SMTP);

  private static final String PLATFORM_SENDER = "no-reply@mail.platform.test";

  @Test
  void brandedLocalizedEmailReachesTheMailServer() throws Exception {
    EmailConnector connector =
        connector(
            Map.of(
                "senderName", "Acme 株式会社",
                "companyInformation", "Acme Inc.\n1 Main Street\n12345 Springfield",
                "appLogo", "https://cdn.acme-assets.test/logo.png"));

    connector.send(
        new EmailRequest(
            EmailAddress.parse("alice@example.com"),
            UsageType.SignIn,
            Payload.builder().code("482913").locale("ja-JP").build(),
            "msg-1"));

    MimeMessage[] received = GREENMAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage message = received[0];
    InternetAddress from = (InternetAddress) message.getFrom()[0];
    assertThat(from.getAddress()).isEqualTo(PLATFORM_SENDER);
    assertThat(from.getPersonal()).isEqualTo("Acme 株式会社");
    assertThat(message.getSubject()).isEqualTo("サインイン用の認証コード");
    assertThat(message.getContentType()).startsWith("multipart/alternative");

    String text = part(message, "text/plain");
    String html = part(message, "text/html");
    assertThat(text)
        .contains("482913", "以下のコードを入力してサインインしてください。", "Acme Inc.", "12345 Springfield");
    assertThat(html)
        .contains(
            ">482913<",
            "<img src=\"https://cdn.acme-assets.test/logo.png\"",
            "alt=\"Acme 株式会社\"",
            "Acme Inc.<br>1 Main Street<br>12345 Springfield",
            "<html lang=\"ja\"");
    // The company block is the footer: after the content, at the end of the document.
    assertThat(html.indexOf("12345 Springfield")).isGreaterThan(html.indexOf("482913"));
  }

  @Test
  void withoutBrandingTheSenderIsVerificationAndNoLogoIsRendered() throws Exception {
    EmailConnector connector = connector(Map.of());

    connector.send(
        new EmailRequest(
            EmailAddress.parse("bob@example.com"),
            UsageType.ForgotPassword,
            Payload.builder().code("777111").uiLocales("nl fr-CA").build(),
            "msg-2"));

    MimeMessage message = GREENMAIL.getReceivedMessages()[0];
    assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Verification");
    assertThat(message.getSubject()).isEqualTo("Réinitialisation de votre mot de passe");
    assertThat(part(message, "text/html")).doesNotContain("<img").contains("777111");
    assertThat(part(message, "text/plain")).contains("777111");
  }

  private static EmailConnector connector(Map<String, Object> config) {
    ConnectorFactory factory = new LogtoEmailConnectorFactory(Optional.empty());
    TestContext context =
        TestContext.builder()
            .platformTransport(
                new JakartaMailTransport(
                    "127.0.0.1", GREENMAIL.getSmtp().getPort(), "fallback@platform.test"))
            .platformSender(PLATFORM_SENDER)
            .build();
    return factory.create(factory.configSpec().bind(config), context);
  }

  private static String part(Part part, String mimeType) throws Exception {
    if (part.isMimeType(mimeType)) {
      return (String) part.getContent();
    }
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String found = part(multipart.getBodyPart(i), mimeType);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
