package dev.authmail.connector.smtp.internal;

import dev.authmail.connector.dkim.DkimSigner;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A built message, DKIM-signed as the bytes that go on the wire. Jakarta Mail encodes a message
 * (quoted-printable, base64, folding) only when it writes it, so the message is written first,
 * those bytes are signed, and the message sent is one parsed from the signed bytes: an unmodified
 * parsed message writes its header lines and body back byte for byte, and nothing re-encodes it on
 * the way (the transport only dot-stuffs, which the receiver undoes). Thread-safe.
 */
public final class SignedMessage extends SMTPMessage {
  private SignedMessage(Session session, byte[] bytes) throws MessagingException {
    super(session, new ByteArrayInputStream(bytes));
  }

  /**
   * @throws MessagingException when the built message cannot be written
   */
  public static SMTPMessage sign(Session session, SMTPMessage built, DkimSigner signer, Instant now)
      throws MessagingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      built.writeTo(out);
    } catch (IOException e) {
      throw new MessagingException("cannot write the message to sign it", e);
    }
    SignedMessage signed = new SignedMessage(session, signer.sign(out.toByteArray(), now));
    signed.setEnvelopeFrom(built.getEnvelopeFrom());
    return signed;
  }

  /**
   * Never called by the transport; kept from changing the signed Message-ID should anyone call
   * saveChanges.
   */
  @Override
  protected void updateMessageID() {
    // the signed header stays as it is
  }

  /** The signed bytes are final: saving changes would re-encode them and break the signature. */
  @Override
  public void saveChanges() {
    // nothing changes after signing
  }
}
