package dev.authmail.connector.ses;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.RenderedEmail;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.model.Attachment;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentDisposition;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentTransferEncoding;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Turns a {@link RenderedEmail} into SES v2's {@code SendEmail} request with simple content:
 * subject and both bodies in UTF-8, From as {@code "Name" <address>} (RFC 2047 encoded-words when
 * the name is not ASCII), authmail's message id as the email tag {@value #MESSAGE_ID_TAG} (for
 * event publishing) and the header {@value #MESSAGE_ID_HEADER} (for the recipient's mail system).
 * Inline images go as simple content's attachments with disposition INLINE and their content id.
 *
 * <p>Stateless and thread-safe.
 */
final class SesMessages {
  static final String MESSAGE_ID_TAG = "authmail_message_id";
  static final String USAGE_TYPE_TAG = "authmail_usage_type";
  static final String MESSAGE_ID_HEADER = "X-Authmail-Message-Id";
  private static final String UTF_8 = "UTF-8";

  /** SES: a tag name or value holds at most 256 of ASCII letters, digits, '_' and '-'. */
  private static final int MAX_TAG_LENGTH = 256;

  /**
   * RFC 2047: an encoded-word is at most 75 characters; 12 go to {@code =?UTF-8?B?} and {@code ?=}.
   */
  private static final int MAX_ENCODED_BYTES = 45;

  private SesMessages() {}

  static SendEmailRequest toRequest(RenderedEmail email, SesConfig config) {
    EmailAddress from = email.from().orElse(config.emailAddress());
    if (from == null) {
      throw new ConnectorException(
          ErrorCode.INVALID_CONFIG,
          "emailAddress is not set and the email has no sender; set emailAddress to a verified SES"
              + " identity");
    }
    String name = email.fromName().orElse(config.fromName());
    SendEmailRequest.Builder request =
        SendEmailRequest.builder()
            .fromEmailAddress(mailbox(name, from))
            .destination(d -> d.toAddresses(email.to().ascii()))
            .content(
                c ->
                    c.simple(
                        m -> {
                          m.subject(utf8(email.subject()))
                              .body(body(email))
                              .headers(headers(email));
                          if (!email
                              .inlineImages()
                              .isEmpty()) { // an empty list would still be sent, as []
                            m.attachments(inlineAttachments(email));
                          }
                        }))
            .emailTags(tags(email));
    EmailAddress replyTo = email.replyTo().orElse(config.replyTo());
    if (replyTo != null) {
      request.replyToAddresses(replyTo.ascii());
    }
    if (config.emailAddressIdentityArn() != null) {
      request.fromEmailAddressIdentityArn(config.emailAddressIdentityArn());
    }
    if (config.feedbackForwardingEmailAddress() != null) {
      request.feedbackForwardingEmailAddress(config.feedbackForwardingEmailAddress().ascii());
    }
    if (config.feedbackForwardingEmailAddressIdentityArn() != null) {
      request.feedbackForwardingEmailAddressIdentityArn(
          config.feedbackForwardingEmailAddressIdentityArn());
    }
    if (config.configurationSetName() != null) {
      request.configurationSetName(config.configurationSetName());
    }
    return request.build();
  }

  private static Body body(RenderedEmail email) {
    Body.Builder body = Body.builder().text(utf8(email.text()));
    email.html().ifPresent(html -> body.html(utf8(html)));
    return body.build();
  }

  /**
   * SES v2's attachments of simple content (since 2025): each inline image as an INLINE attachment
   * with the content id the HTML's {@code cid:} references name. Base64 transfer encoding: the
   * default, 7bit, would corrupt binary image data.
   */
  private static List<Attachment> inlineAttachments(RenderedEmail email) {
    List<Attachment> attachments = new ArrayList<>();
    for (InlineImage image : email.inlineImages()) {
      attachments.add(
          Attachment.builder()
              .rawContent(SdkBytes.fromByteArrayUnsafe(image.bytes())) // bytes() is already a copy
              .contentType(image.mediaType())
              .fileName(image.fileName())
              .contentDisposition(AttachmentContentDisposition.INLINE)
              .contentId(image.contentId())
              .contentTransferEncoding(AttachmentContentTransferEncoding.BASE64)
              .build());
    }
    return attachments;
  }

  private static List<MessageHeader> headers(RenderedEmail email) {
    List<MessageHeader> headers = new ArrayList<>();
    email.messageId().ifPresent(id -> headers.add(header(MESSAGE_ID_HEADER, id)));
    for (Map.Entry<String, String> h : email.headers().entrySet()) {
      headers.add(header(h.getKey(), h.getValue()));
    }
    return headers;
  }

  private static MessageHeader header(String name, String value) {
    return MessageHeader.builder().name(name).value(value).build();
  }

  private static List<MessageTag> tags(RenderedEmail email) {
    List<MessageTag> tags = new ArrayList<>();
    email.messageId().ifPresent(id -> tags.add(tag(MESSAGE_ID_TAG, id)));
    email.type().ifPresent(type -> tags.add(tag(USAGE_TYPE_TAG, type.wireName())));
    return tags;
  }

  private static MessageTag tag(String name, String value) {
    return MessageTag.builder().name(name).value(tagValue(value)).build();
  }

  /** SES refuses tag values outside {@code [A-Za-z0-9_-]{1,256}}: other characters become '_'. */
  static String tagValue(String value) {
    String clean = value.replaceAll("[^A-Za-z0-9_-]", "_");
    if (clean.isEmpty()) {
      return "_";
    }
    return clean.length() > MAX_TAG_LENGTH ? clean.substring(0, MAX_TAG_LENGTH) : clean;
  }

  private static Content utf8(String data) {
    return Content.builder().data(data).charset(UTF_8).build();
  }

  /**
   * The From mailbox: the bare address without a name; {@code "Name" <address>} with a quoted ASCII
   * name; RFC 2047 {@code =?UTF-8?B?…?=} words for other names, as SES requires.
   */
  static String mailbox(String name, EmailAddress address) {
    String addr = address.ascii();
    if (name == null || name.isBlank()) {
      return addr;
    }
    boolean ascii = name.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    String display =
        ascii ? '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : encodedWords(name);
    return display + " <" + addr + ">";
  }

  /** Base64 encoded-words of at most 75 characters each, split between code points. */
  static String encodedWords(String text) {
    StringBuilder out = new StringBuilder();
    StringBuilder chunk = new StringBuilder();
    int chunkBytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String s = new String(Character.toChars(cp));
      int bytes = s.getBytes(StandardCharsets.UTF_8).length;
      if (chunkBytes + bytes > MAX_ENCODED_BYTES) {
        appendWord(out, chunk);
        chunk.setLength(0);
        chunkBytes = 0;
      }
      chunk.append(s);
      chunkBytes += bytes;
      i += Character.charCount(cp);
    }
    appendWord(out, chunk);
    return out.toString();
  }

  private static void appendWord(StringBuilder out, CharSequence chunk) {
    if (chunk.length() == 0) {
      return;
    }
    if (out.length() > 0) {
      out.append(' ');
    }
    out.append("=?UTF-8?B?")
        .append(
            Base64.getEncoder().encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8)))
        .append("?=");
  }
}
