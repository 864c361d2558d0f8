package dev.authmail.connector.smtp.internal;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * An SMTP transport that knows whether the last {@link #sendMessage} got as far as sending the
 * final "." (BDAT chunking is never enabled). After that point the server holds the whole message
 * and may deliver it even when its reply never arrives, so a timeout there is not a plain TIMEOUT:
 * the outcome is unknown (issue 11 item 5). Angus reports such a timeout exactly like one during
 * MAIL or RCPT, so the transport itself has to remember. Used by one thread at a time, as every
 * pooled transport is.
 */
public final class DotTrackingTransport extends SMTPTransport {
  private volatile boolean endOfDataSent;
  private volatile boolean sending;

  public DotTrackingTransport(Session session) {
    super(session, new URLName("smtp", null, -1, null, null, null));
  }

  /** Whether the last message was sent to its end and only the server's answer was missing. */
  public boolean endOfDataSent() {
    return endOfDataSent;
  }

  @Override
  public synchronized void sendMessage(Message message, Address[] addresses)
      throws MessagingException {
    endOfDataSent = false;
    sending = true;
    try {
      super.sendMessage(message, addresses);
    } finally {
      sending = false;
    }
  }

  @Override
  protected void sendCommand(String command) throws MessagingException {
    super.sendCommand(command);
    // returning means the dot was written and flushed: only the server's reply is outstanding
    if (sending && ".".equals(command)) {
      endOfDataSent = true;
    }
  }
}
