package dev.authmail.connector.logtoemail.support;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

/**
 * Test-only platform transport: hands a rendered email to an SMTP server (GreenMail) with Jakarta
 * Mail, as multipart/alternative (the HTML in a multipart/related with its inline images). The real
 * SMTP connector lives in its own module; this one only lets the tests see what a real mail server
 * receives.
 */
public final class JakartaMailTransport implements EmailTransport {
  private final Session session;
  private final String defaultSender;

  public JakartaMailTransport(String host, int port, String defaultSender) {
    Properties props = new Properties();
    props.put("mail.smtp.host", host);
    props.put("mail.smtp.port", Integer.toString(port));
    props.put("mail.smtp.connectiontimeout", "5000");
    props.put("mail.smtp.timeout", "5000");
    props.put("mail.smtp.writetimeout", "5000");
    this.session = Session.getInstance(props);
    this.defaultSender = defaultSender;
  }

  @Override
  public SendResult deliver(RenderedEmail email) {
    try {
      MimeMessage message = new MimeMessage(session);
      String from = email.from().map(a -> a.value()).orElse(defaultSender);
      message.setFrom(
          new InternetAddress(from, email.fromName().orElse(null), StandardCharsets.UTF_8.name()));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.to().value()));
      message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(email.text(), StandardCharsets.UTF_8.name());
      alternative.addBodyPart(text);
      if (email.html().isPresent()) {
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html().get(), StandardCharsets.UTF_8.name(), "html");
        if (email.inlineImages().isEmpty()) {
          alternative.addBodyPart(html);
        } else {
          MimeMultipart related = new MimeMultipart("related");
          related.addBodyPart(html);
          for (InlineImage image : email.inlineImages()) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(
                new DataHandler(new ByteArrayDataSource(image.bytes(), image.mediaType())));
            part.setContentID("<" + image.contentId() + ">");
            part.setDisposition(Part.INLINE);
            related.addBodyPart(part);
          }
          MimeBodyPart wrapper = new MimeBodyPart();
          wrapper.setContent(related);
          alternative.addBodyPart(wrapper);
        }
      }
      message.setContent(alternative);
      Transport.send(message);
      return new SendResult(message.getMessageID(), Instant.now());
    } catch (MessagingException | UnsupportedEncodingException e) {
      throw new ConnectorException(ErrorCode.UNAVAILABLE, "test SMTP delivery failed", e);
    }
  }
}
