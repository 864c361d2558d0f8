package dev.authmail.runtime.process;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GreenMail on 127.0.0.1 as the SMTP peer of the child processes, counting what arrived per
 * authmail message id: the SMTP connector writes {@code Message-ID: <authmail.ID@domain>}, the same
 * for every attempt of one message, so a duplicate shows as a count above one.
 */
final class GreenMailDeliveries implements AutoCloseable {
  private static final Pattern AUTHMAIL_ID = Pattern.compile("<authmail\\.([^@>]+)@");

  private final GreenMail greenMail;

  GreenMailDeliveries() {
    greenMail =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    greenMail.start();
  }

  int port() {
    return greenMail.getSmtp().getPort();
  }

  /** Messages received so far (every copy). */
  int received() {
    return greenMail.getReceivedMessages().length;
  }

  /** Copies received per authmail message id. */
  Map<String, Integer> countsById() throws MessagingException {
    Map<String, Integer> counts = new HashMap<>();
    for (MimeMessage message : greenMail.getReceivedMessages()) {
      String header = message.getMessageID();
      Matcher m = header == null ? null : AUTHMAIL_ID.matcher(header);
      counts.merge(m != null && m.find() ? m.group(1) : "(no authmail id)", 1, Integer::sum);
    }
    return counts;
  }

  /** {@link #countsById()} for polling: empty when a message cannot be read this time. */
  Map<String, Integer> countsByIdQuietly() {
    try {
      return countsById();
    } catch (MessagingException e) {
      return Map.of();
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
