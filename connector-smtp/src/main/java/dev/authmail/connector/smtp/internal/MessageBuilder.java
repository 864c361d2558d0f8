package dev.authmail.connector.smtp.internal;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.RenderedEmail;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * Builds the MIME message for a {@link RenderedEmail}: multipart/alternative with a UTF-8 text part
 * and, when there is one, a UTF-8 HTML part (in a multipart/related with the email's inline images
 * when it has some: alternative{text, related{html, images}}); an RFC 2047 encoded subject and
 * display name; From, To, Reply-To, Date, Message-ID and the custom headers. Thread-safe.
 */
public final class MessageBuilder {
  private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
  private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  static {
    // docs/design/field-notes.md: without it Jakarta Mail finds its StreamProvider through
    // ServiceLoader for every
    // part, re-reading jars; with it building a message is 7-10x faster. Set once, unless the
    // application chose another.
    if (System.getProperty(STREAM_PROVIDER) == null) {
      System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
    }
  }

  /**
   * Makes sure the StreamProvider property is set; call before creating the mail session, since
   * Jakarta Mail may look the provider up as early as that.
   */
  public static void prepare() {
    // the static initializer did the work
  }

  private final Session session;
  private final Map<String, List<String>> customHeaders;

  public MessageBuilder(Session session, Map<String, List<String>> customHeaders) {
    this.session = session;
    this.customHeaders = customHeaders;
  }

  /**
   * @param from the header sender; {@code fromName} its display name or {@code null}
   * @param envelopeFrom the MAIL FROM address
   * @param replyTo a Reply-To address or {@code null}
   * @throws MessagingException when Jakarta Mail refuses a part (an address it cannot encode)
   */
  public SMTPMessage build(
      RenderedEmail email,
      EmailAddress from,
      String fromName,
      EmailAddress envelopeFrom,
      EmailAddress replyTo,
      Instant now)
      throws MessagingException {
    SMTPMessage message = new Outgoing(session, messageId(email, from));
    message.setEnvelopeFrom(envelopeFrom.ascii());
    message.setFrom(address(from, fromName));
    message.setRecipient(jakarta.mail.Message.RecipientType.TO, address(email.to(), null));
    if (replyTo != null) {
      message.setReplyTo(new InternetAddress[] {address(replyTo, null)});
    }
    message.setSubject(email.subject(), "UTF-8");
    message.setSentDate(Date.from(now));
    for (Map.Entry<String, List<String>> header : headers(email).entrySet()) {
      for (String value : header.getValue()) {
        message.addHeader(
            header.getKey(), MimeUtility.fold(header.getKey().length() + 2, encode(value)));
      }
    }
    if (email.html().isPresent()) {
      MimeBodyPart text = new MimeBodyPart();
      text.setText(email.text(), "UTF-8", "plain");
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(text); // the last part is the preferred one: HTML
      alternative.addBodyPart(htmlPart(email));
      message.setContent(alternative);
    } else {
      message.setText(email.text(), "UTF-8", "plain");
    }
    message.saveChanges();
    return message;
  }

  /**
   * The HTML part; with inline images, a multipart/related of the HTML (its root, first) and one
   * part per image, whose Content-ID the HTML's {@code cid:} references name (RFC 2387, 2392). It
   * sits inside the alternative, so a text-only reader never sees the images as attachments.
   */
  private static MimeBodyPart htmlPart(RenderedEmail email) throws MessagingException {
    MimeBodyPart html = new MimeBodyPart();
    html.setText(email.html().orElseThrow(), "UTF-8", "html");
    if (email.inlineImages().isEmpty()) {
      return html;
    }
    MimeMultipart related = new MimeMultipart("related");
    related.addBodyPart(html);
    for (InlineImage image : email.inlineImages()) {
      MimeBodyPart part = new MimeBodyPart();
      part.setDataHandler(
          new DataHandler(new ByteArrayDataSource(image.bytes(), image.mediaType())));
      part.setContentID(
          "<" + image.contentId() + ">"); // a checked token: safe in a header as it is
      part.setDisposition(Part.INLINE);
      part.setFileName(image.fileName());
      part.setHeader("Content-Transfer-Encoding", "base64");
      related.addBodyPart(part);
    }
    MimeBodyPart wrapper = new MimeBodyPart();
    wrapper.setContent(related);
    return wrapper;
  }

  /** Config headers, then the email's, which replace config headers of the same name. */
  private Map<String, List<String>> headers(RenderedEmail email) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    customHeaders.forEach((name, values) -> out.put(name.toLowerCase(Locale.ROOT), values));
    Map<String, String> names = new LinkedHashMap<>();
    customHeaders.keySet().forEach(name -> names.put(name.toLowerCase(Locale.ROOT), name));
    email
        .headers()
        .forEach(
            (name, value) -> {
              out.put(name.toLowerCase(Locale.ROOT), List.of(value));
              names.put(name.toLowerCase(Locale.ROOT), name);
            });
    Map<String, List<String>> named = new LinkedHashMap<>();
    out.forEach((lower, values) -> named.put(names.get(lower), values));
    return named;
  }

  private static InternetAddress address(EmailAddress address, String name)
      throws MessagingException {
    try {
      return name == null
          ? new InternetAddress(address.ascii(), true)
          : new InternetAddress(address.ascii(), name, StandardCharsets.UTF_8.name());
    } catch (UnsupportedEncodingException e) {
      throw new MessagingException("UTF-8 is not supported", e);
    }
  }

  private static String encode(String value) throws MessagingException {
    try {
      return MimeUtility.encodeText(value, StandardCharsets.UTF_8.name(), null);
    } catch (UnsupportedEncodingException e) {
      throw new MessagingException("UTF-8 is not supported", e);
    }
  }

  /**
   * {@code <authmail.ID@sender-domain>}: the same for every attempt of one authmail message, so
   * that a duplicate after an uncertain send can be recognised; random when the email has no id.
   */
  static String messageId(RenderedEmail email, EmailAddress from) {
    String local =
        email
            .messageId()
            .map(id -> ATOM.matcher(id).matches() ? id : digest(id))
            .orElseGet(() -> UUID.randomUUID().toString());
    return "<authmail." + local + "@" + from.asciiDomain() + ">";
  }

  private static String digest(String id) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An SMTP message whose Message-ID is ours instead of one derived from the local host name. */
  private static final class Outgoing extends SMTPMessage {
    private final String id;

    Outgoing(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
