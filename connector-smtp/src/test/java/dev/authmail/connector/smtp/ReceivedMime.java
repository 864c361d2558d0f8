package dev.authmail.connector.smtp;

import dev.authmail.connector.tck.ReceivedEmail;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import java.io.IOException;
import java.io.InputStream;

/**
 * A received MIME message as a mail client reads it, for the contract: the first To, From and
 * Reply-To addresses, the subject, the text and HTML parts wherever they sit (alternative inside
 * related…), and the inline images by Content-ID.
 */
final class ReceivedMime {
  private ReceivedMime() {}

  static ReceivedEmail decode(MimeMessage message, boolean credentialsValid) {
    try {
      ReceivedEmail.Builder received =
          ReceivedEmail.builder()
              .credentialsValid(credentialsValid)
              .to(first(message.getRecipients(MimeMessage.RecipientType.TO)))
              .from(first(message.getFrom()))
              .replyTo(message.getHeader("Reply-To") == null ? null : first(message.getReplyTo()))
              .subject(message.getSubject());
      walk(message, received);
      return received.build();
    } catch (MessagingException | IOException e) {
      throw new AssertionError("the received message cannot be read: " + e, e);
    }
  }

  private static void walk(Part part, ReceivedEmail.Builder received)
      throws MessagingException, IOException {
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        walk(child, received);
      }
    } else if (part.isMimeType("text/html")) {
      received.html((String) part.getContent());
    } else if (part.isMimeType("text/plain")) {
      received.text((String) part.getContent());
    } else if (part.isMimeType("image/*")
        && part instanceof MimePart mime
        && mime.getContentID() != null) {
      try (InputStream in = part.getInputStream()) {
        received.inlineImage(mime.getContentID().replaceAll("^<|>$", ""), in.readAllBytes());
      }
    }
  }

  private static String first(Address[] addresses) {
    return addresses == null || addresses.length == 0
        ? null
        : ((InternetAddress) addresses[0]).getAddress();
  }
}
