package dev.authmail.connector.mailgun;

import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.InlineImage;
import dev.authmail.connector.api.Mailbox;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.toolkit.Json;
import dev.authmail.connector.toolkit.Placeholders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

/**
 * The body of Mailgun's {@code POST /v3/{domain}/messages}: form fields ({@code from}, {@code to},
 * {@code subject}, {@code text}, {@code html}, {@code template}, {@code h:} headers, {@code o:tag},
 * {@code v:} variables), URL-encoded, or {@code multipart/form-data} when inline images go as
 * {@code inline} file parts. Mailgun gives an inline part the content id of its file name, so each
 * image's file name is its content id and the HTML's {@code cid:} references resolve.
 *
 * <p>authmail's message id rides as {@code v:authmail-message-id} (Mailgun attaches it to events
 * and webhooks), the usage type as the tag {@code o:tag}. Stateless and thread-safe.
 */
final class MailgunMessage {
  static final String MESSAGE_ID_VARIABLE = "v:authmail-message-id";

  private final List<String[]> fields = new ArrayList<>();
  private final List<InlineImage> inline = new ArrayList<>();

  private MailgunMessage() {}

  /** A rendered email, as it is: the sender address and name of the email win over the config's. */
  static RequestBody rendered(RenderedEmail email, MailgunConfig config) {
    MailgunMessage m = new MailgunMessage();
    Mailbox from =
        new Mailbox(
            email.from().orElse(config.from().address()),
            email.fromName().orElse(config.from().displayName()));
    m.add("from", header(from));
    m.add("to", email.to().ascii());
    m.add("subject", email.subject());
    m.add("text", email.text());
    email.html().ifPresent(html -> m.add("html", html));
    email.replyTo().ifPresent(r -> m.add("h:Reply-To", r.ascii()));
    email.headers().forEach((name, value) -> m.add("h:" + name, value));
    m.common(email.type(), email.messageId());
    m.inline.addAll(email.inlineImages());
    return m.body();
  }

  /**
   * A mailbox as a header value: the address alone, or the name quoted ({@code "Acme, Inc."
   * <a@b>}), so a comma or dot in the name cannot split it into two mailboxes.
   */
  static String header(Mailbox mailbox) {
    String name = mailbox.displayName();
    if (name == null) {
      return mailbox.address().ascii();
    }
    return "\""
        + name.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\" <"
        + mailbox.address().ascii()
        + ">";
  }

  /**
   * A send through a template stored at Mailgun: {@code template}, and the delivery's {@code
   * variables} overlaid with the payload as {@code h:X-Mailgun-Variables} (Logto's shape).
   */
  static RequestBody stored(EmailRequest request, Delivery.Stored delivery, MailgunConfig config) {
    Map<String, Object> payload = request.payload().asMap();
    MailgunMessage m = new MailgunMessage();
    m.add("from", header(config.from()));
    m.add("to", request.to().ascii());
    if (delivery.subject() != null) {
      m.add(
          "subject",
          Placeholders.render(delivery.subject(), payload)
              .replaceAll("[\\x00-\\x1f\\x7f-\\x9f]+", " "));
    }
    m.add("template", delivery.template());
    Map<String, Object> variables = new LinkedHashMap<>(delivery.variables());
    variables.putAll(payload);
    m.add("h:X-Mailgun-Variables", Json.write(variables));
    if (delivery.replyTo() != null) {
      m.add("h:Reply-To", header(delivery.replyTo()));
    }
    m.common(Optional.of(request.type()), Optional.of(request.messageId()));
    return m.body();
  }

  private void common(Optional<UsageType> type, Optional<String> messageId) {
    type.ifPresent(t -> add("o:tag", t.wireName()));
    messageId.ifPresent(id -> add(MESSAGE_ID_VARIABLE, id));
  }

  private void add(String name, String value) {
    fields.add(new String[] {name, value});
  }

  private RequestBody body() {
    if (inline.isEmpty()) {
      FormBody.Builder form = new FormBody.Builder();
      fields.forEach(f -> form.add(f[0], f[1]));
      return form.build();
    }
    MultipartBody.Builder multipart = new MultipartBody.Builder().setType(MultipartBody.FORM);
    fields.forEach(f -> multipart.addFormDataPart(f[0], f[1]));
    for (InlineImage image : inline) {
      multipart.addFormDataPart(
          "inline",
          image.contentId(),
          RequestBody.create(image.bytes(), MediaType.get(image.mediaType())));
    }
    return multipart.build();
  }
}
