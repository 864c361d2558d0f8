package dev.authmail.connector.logtoemail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.support.Images;
import dev.authmail.connector.logtoemail.support.JakartaMailTransport;
import dev.authmail.connector.tck.CapturingTransport;
import dev.authmail.connector.tck.TestContext;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An uploaded logo travels as an inline image that the HTML shows as {@code cid:}, so Gmail and
 * Outlook desktop show it and the HTML stays far below Gmail's ~100 KB clipping size; a linked logo
 * stays a URL.
 */
class UploadedLogoTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.SMTP);

  private static final Pattern CID = Pattern.compile("<img src=\"cid:([^\"]+)\"");
  private static final int LOGO_BYTES = 200 * 1024;

  @Test
  void anUploadedLogoBecomesAnInlineImageAndTheHtmlStaysSmall() {
    CapturingTransport transport = new CapturingTransport();
    String logo = Images.pngBase64(LOGO_BYTES);

    send(
        transport,
        Map.of("senderName", "Acme", "appLogo", "data:image/png;base64," + logo),
        "msg-1");

    RenderedEmail email = transport.last();
    String html = email.html().orElseThrow();
    assertThat(html).doesNotContain("data:").doesNotContain(logo.substring(0, 200));
    assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(20 * 1024);
    Matcher cid = CID.matcher(html);
    assertThat(cid.find()).as("an <img src=\"cid:…\"> in the HTML").isTrue();
    assertThat(email.inlineImages())
        .singleElement()
        .satisfies(
            image -> {
              assertThat(image.contentId())
                  .isEqualTo(cid.group(1))
                  .matches("logo-[0-9a-f]{16}@authmail");
              assertThat(image.mediaType()).isEqualTo("image/png");
              assertThat(image.bytes()).isEqualTo(Base64.getDecoder().decode(logo));
            });
    // A person looking at it in a browser gets the picture back as a data URI.
    assertThat(email.htmlForViewing())
        .get()
        .asString()
        .contains("<img src=\"data:image/png;base64," + logo + "\"")
        .doesNotContain("cid:");
  }

  @Test
  void theContentIdIsStableForALogoAndChangesWithIt() {
    CapturingTransport transport = new CapturingTransport();
    Map<String, Object> branding = Map.of("appLogo", Images.PNG_BASE64);

    send(transport, branding, "msg-1");
    send(transport, branding, "msg-2");
    send(transport, Map.of("appLogo", Images.jpegBase64(2000)), "msg-3");

    String first = transport.emails().get(0).inlineImages().get(0).contentId();
    assertThat(transport.emails().get(1).inlineImages())
        .extracting(InlineImage::contentId)
        .containsExactly(first);
    InlineImage jpeg = transport.emails().get(2).inlineImages().get(0);
    assertThat(jpeg.contentId()).isNotEqualTo(first);
    assertThat(jpeg.mediaType()).isEqualTo("image/jpeg");
    assertThat(transport.emails().get(2).html())
        .get()
        .asString()
        .contains("src=\"cid:" + jpeg.contentId() + "\"");
  }

  @Test
  void aLinkedLogoStaysAUrlWithoutInlineImages() {
    CapturingTransport transport = new CapturingTransport();

    send(transport, Map.of("appLogo", "https://cdn.example.com/logo.png"), "msg-1");

    assertThat(transport.last().inlineImages()).isEmpty();
    assertThat(transport.last().html())
        .get()
        .asString()
        .contains("<img src=\"https://cdn.example.com/logo.png\"");
  }

  @Test
  void theMailServerReceivesTheLogoAsARelatedInlinePart() throws Exception {
    String logo = Images.pngBase64(LOGO_BYTES);
    JakartaMailTransport transport =
        new JakartaMailTransport("127.0.0.1", GREENMAIL.getSmtp().getPort(), "p@platform.test");

    send(transport, Map.of("appLogo", logo), "msg-1");

    MimeMessage message = GREENMAIL.getReceivedMessages()[0];
    Multipart alternative = (Multipart) message.getContent();
    Multipart related = (Multipart) alternative.getBodyPart(1).getContent();
    assertThat(alternative.getContentType()).startsWith("multipart/alternative");
    assertThat(related.getContentType()).startsWith("multipart/related");
    String html = (String) related.getBodyPart(0).getContent();
    BodyPart image = related.getBodyPart(1);
    Matcher cid = CID.matcher(html);
    assertThat(cid.find()).isTrue();
    assertThat(image.getHeader("Content-ID")).containsExactly("<" + cid.group(1) + ">");
    assertThat(image.isMimeType("image/png")).isTrue();
    assertThat(image.getInputStream().readAllBytes()).isEqualTo(Base64.getDecoder().decode(logo));
    assertThat(html.length()).isLessThan(20 * 1024);
  }

  private static void send(
      EmailTransport transport, Map<String, Object> branding, String messageId) {
    ConnectorFactory factory = new LogtoEmailConnectorFactory(Optional.empty());
    TestContext context =
        TestContext.builder()
            .platformTransport(transport)
            .platformSender("no-reply@platform.test")
            .build();
    factory
        .create(factory.configSpec().bind(branding), context)
        .send(
            new EmailRequest(
                EmailAddress.parse("alice@example.com"),
                UsageType.SignIn,
                Payload.builder().code("482913").build(),
                messageId));
  }
}
