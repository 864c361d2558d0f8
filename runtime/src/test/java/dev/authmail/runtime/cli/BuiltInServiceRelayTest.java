package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in email service as an operator runs it: a tenant on {@code logto-email} with its
 * branding, the platform's fixed sender, and the real SMTP connector as {@code platform.transport}
 * relaying to GreenMail — started as a user starts it, {@code authmail send --config FILE}.
 */
class BuiltInServiceRelayTest {
  @TempDir Path dir;

  private GreenMail greenMail;

  @BeforeEach
  void startGreenMail() {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
  }

  @AfterEach
  void stopGreenMail() {
    greenMail.stop();
  }

  @Test
  void aBrandedJapaneseSignInGoesOutThroughThePlatformRelayFromTheFixedSender() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("authmail.yaml"),
            """
            network: {allowPrivateAddresses: true}
            platform:
              fromAddress: no-reply@mail.platform.example
              transport: relay
            tenants:
              default: {email: [branded]}
            connectors:
              branded:
                factory: logto-email
                config:
                  senderName: Acme
                  companyInformation: "Acme Inc.\\n1 Main Street\\n12345 Springfield"
                  appLogo: "%s"
              relay:
                factory: smtp
                config: {host: 127.0.0.1, port: %d, fromEmail: relay@mail.platform.example,
                         socketTimeout: 5000}
            """
                .formatted(pngLogoBase64(), greenMail.getSmtp().getPort()));

    AuthmailProcess.Run run =
        AuthmailProcess.run(
            dir,
            Map.of(),
            "send",
            "--config",
            config.toString(),
            "--to",
            "alice@example.com",
            "--type",
            "SignIn",
            "--code",
            "482913",
            "--locale",
            "ja");

    assertThat(run.exit()).as("stderr: %s", run.err()).isZero();
    assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage received = greenMail.getReceivedMessages()[0];

    InternetAddress from = (InternetAddress) received.getFrom()[0];
    assertThat(from.getPersonal()).isEqualTo("Acme");
    assertThat(from.getAddress()).isEqualTo("no-reply@mail.platform.example");
    assertThat(received.getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("alice@example.com");
    assertThat(received.getSubject())
        .isNotBlank()
        .matches(".*[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}].*");
    assertThat(received.getContentType()).startsWith("multipart/alternative");

    List<Part> parts = new ArrayList<>();
    collect(received, parts);
    String text = body(parts, "text/plain");
    String html = body(parts, "text/html");
    assertThat(text).contains("482913").contains("Acme Inc.").contains("12345 Springfield");
    assertThat(html)
        .contains("482913")
        .contains("Acme Inc.")
        .contains("12345 Springfield")
        .contains("src=\"cid:");
    assertThat(parts)
        .anySatisfy(
            p -> {
              assertThat(p.isMimeType("image/png")).isTrue();
              assertThat(((jakarta.mail.internet.MimeBodyPart) p).getContentID())
                  .startsWith("<logo-");
            });
  }

  private static void collect(Part part, List<Part> out) throws Exception {
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, out);
      }
    } else {
      out.add(part);
    }
  }

  private static String body(List<Part> parts, String type) throws Exception {
    for (Part part : parts) {
      if (part.isMimeType(type)) {
        return (String) part.getContent();
      }
    }
    throw new AssertionError("no " + type + " part");
  }

  /** A small real PNG, as a tenant uploads it. */
  private static String pngLogoBase64() throws IOException {
    BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x4f46e5));
    g.fillRect(0, 0, 48, 48);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return Base64.getEncoder().encodeToString(png.toByteArray());
  }
}
