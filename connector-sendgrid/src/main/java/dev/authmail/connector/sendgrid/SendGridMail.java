package dev.authmail.connector.sendgrid;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.toolkit.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of {@code POST /v3/mail/send}. Logto's quirks fixed: {@code fromName} is the
 * sender's display name ({@code from.name}) and {@code replyTo} is sent ({@code reply_to}). Content
 * goes as text then HTML, the order SendGrid requires. authmail's message id rides in {@code
 * custom_args.authmail_message_id}, so event webhooks can be matched to outbox messages. Inline
 * images go as {@code attachments} with {@code disposition: inline} and their {@code content_id},
 * which the HTML's {@code cid:} references name.
 *
 * <p>Stateless and thread-safe.
 */
final class SendGridMail {
  static final String MESSAGE_ID_ARG = "authmail_message_id";

  private SendGridMail() {}

  /** A rendered email, as it is. */
  static String rendered(RenderedEmail email, SendGridConfig config) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("personalizations", List.of(Map.of("to", List.of(mailbox(email.to(), null)))));
    body.put(
        "from",
        mailbox(
            email.from().orElse(config.fromEmail()), email.fromName().orElse(config.fromName())));
    email
        .replyTo()
        .or(() -> java.util.Optional.ofNullable(config.replyTo()))
        .ifPresent(r -> body.put("reply_to", mailbox(r, null)));
    body.put("subject", email.subject());
    List<Map<String, Object>> content = new ArrayList<>();
    content.add(part("text/plain", email.text()));
    email.html().ifPresent(html -> content.add(part("text/html", html)));
    body.put("content", content);
    if (!email.inlineImages().isEmpty()) {
      body.put("attachments", inlineAttachments(email));
    }
    if (!email.headers().isEmpty()) {
      body.put("headers", email.headers());
    }
    email.messageId().ifPresent(id -> body.put("custom_args", Map.of(MESSAGE_ID_ARG, id)));
    settings(body, config);
    return Json.write(body);
  }

  /**
   * A send through a SendGrid dynamic template: the payload is the template's data; SendGrid
   * renders subject and content.
   */
  static String dynamic(EmailRequest request, String templateId, SendGridConfig config) {
    Map<String, Object> personalization = new LinkedHashMap<>();
    personalization.put("to", List.of(mailbox(request.to(), null)));
    personalization.put("dynamic_template_data", request.payload().asMap());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("personalizations", List.of(personalization));
    body.put("from", mailbox(config.fromEmail(), config.fromName()));
    if (config.replyTo() != null) {
      body.put("reply_to", mailbox(config.replyTo(), null));
    }
    body.put("template_id", templateId);
    body.put("custom_args", Map.of(MESSAGE_ID_ARG, request.messageId()));
    settings(body, config);
    return Json.write(body);
  }

  /** SendGrid's inline attachments: the HTML's {@code cid:<content_id>} shows each one. */
  private static List<Map<String, Object>> inlineAttachments(RenderedEmail email) {
    List<Map<String, Object>> attachments = new ArrayList<>();
    for (InlineImage image : email.inlineImages()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("content", image.base64());
      a.put("type", image.mediaType());
      a.put("filename", image.fileName());
      a.put("disposition", "inline");
      a.put("content_id", image.contentId());
      attachments.add(a);
    }
    return attachments;
  }

  private static void settings(Map<String, Object> body, SendGridConfig config) {
    if (config.sandboxMode()) {
      body.put("mail_settings", Map.of("sandbox_mode", Map.of("enable", true)));
    }
  }

  private static Map<String, Object> mailbox(EmailAddress address, String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("email", address.ascii());
    if (name != null && !name.isBlank()) {
      m.put("name", name);
    }
    return m;
  }

  private static Map<String, Object> part(String type, String value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("value", value);
    return m;
  }
}
