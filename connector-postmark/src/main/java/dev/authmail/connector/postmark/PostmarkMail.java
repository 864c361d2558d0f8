package dev.authmail.connector.postmark;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.toolkit.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON bodies of Postmark's {@code POST /email} (content authmail rendered) and {@code POST
 * /email/withTemplate} (a template stored in Postmark, the payload as {@code TemplateModel}, as
 * Logto sends it). Both carry the usage type as {@code Tag}, authmail's message id in {@code
 * Metadata.authmail_message_id} (Postmark returns it in webhooks) and the configured {@code
 * MessageStream}. Inline images go as {@code Attachments} with {@code ContentID: "cid:<id>"}, which
 * the HTML's {@code cid:} references name.
 *
 * <p>Stateless and thread-safe.
 */
final class PostmarkMail {
  static final String MESSAGE_ID_KEY = "authmail_message_id";

  private PostmarkMail() {}

  static String rendered(RenderedEmail email, PostmarkConfig config) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("From", from(email.from().orElse(config.fromEmail()), email.fromName().orElse(null)));
    body.put("To", email.to().ascii());
    email.replyTo().ifPresent(r -> body.put("ReplyTo", r.ascii()));
    body.put("Subject", email.subject());
    email.html().ifPresent(html -> body.put("HtmlBody", html));
    body.put("TextBody", email.text());
    if (!email.headers().isEmpty()) {
      List<Map<String, String>> headers = new ArrayList<>();
      email.headers().forEach((name, value) -> headers.add(Map.of("Name", name, "Value", value)));
      body.put("Headers", headers);
    }
    if (!email.inlineImages().isEmpty()) {
      List<Map<String, Object>> attachments = new ArrayList<>();
      for (InlineImage image : email.inlineImages()) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("Name", image.fileName());
        a.put("Content", image.base64());
        a.put("ContentType", image.mediaType());
        a.put("ContentID", "cid:" + image.contentId());
        attachments.add(a);
      }
      body.put("Attachments", attachments);
    }
    common(body, email.type(), email.messageId(), config);
    return Json.write(body);
  }

  static String withTemplate(EmailRequest request, String alias, PostmarkConfig config) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("From", config.fromEmail().ascii());
    body.put("To", request.to().ascii());
    body.put("TemplateAlias", alias);
    body.put("TemplateModel", request.payload().asMap());
    common(body, Optional.of(request.type()), Optional.of(request.messageId()), config);
    return Json.write(body);
  }

  private static void common(
      Map<String, Object> body,
      Optional<UsageType> type,
      Optional<String> messageId,
      PostmarkConfig config) {
    type.ifPresent(t -> body.put("Tag", t.wireName()));
    messageId.ifPresent(id -> body.put("Metadata", Map.of(MESSAGE_ID_KEY, id)));
    body.put("MessageStream", config.messageStream());
  }

  /** The address, or {@code "Name" <address>} with the name quoted so a comma cannot split it. */
  private static String from(EmailAddress address, String name) {
    if (name == null || name.isBlank()) {
      return address.ascii();
    }
    return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address.ascii() + ">";
  }
}
