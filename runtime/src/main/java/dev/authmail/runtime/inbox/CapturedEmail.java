package dev.authmail.runtime.inbox;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.UsageType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One email as the capture inbox stored it.
 *
 * @param id the inbox's id, also returned as the provider message id of the delivery
 * @param receivedAt when the inbox stored it
 * @param from the sender address, or {@code null} when neither the email nor the inbox had one
 * @param html the HTML part as a viewer shows it (inline images as data URIs), or {@code null}
 * @param type the usage type's wire name, or {@code null}
 * @param messageId authmail's message id, or {@code null}
 */
public record CapturedEmail(
    String id,
    Instant receivedAt,
    String to,
    String from,
    String fromName,
    String replyTo,
    String subject,
    String html,
    String text,
    String type,
    String messageId,
    Map<String, String> headers) {

  public CapturedEmail {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(receivedAt, "receivedAt is null");
    Objects.requireNonNull(to, "to is null");
    Objects.requireNonNull(subject, "subject is null");
    Objects.requireNonNull(text, "text is null");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /**
   * What an inbox stores of {@code email}: its HTML as a viewer shows it ({@link
   * RenderedEmail#htmlForViewing()}, see {@link CaptureInbox#deliver}).
   *
   * @param defaultSender the sender recorded when the email has none (the platform sender); may be
   *     null
   */
  public static CapturedEmail of(
      String id, Instant receivedAt, RenderedEmail email, EmailAddress defaultSender) {
    return new CapturedEmail(
        id,
        receivedAt,
        email.to().value(),
        email
            .from()
            .or(() -> Optional.ofNullable(defaultSender))
            .map(EmailAddress::value)
            .orElse(null),
        email.fromName().orElse(null),
        email.replyTo().map(EmailAddress::value).orElse(null),
        email.subject(),
        email.htmlForViewing().orElse(null),
        email.text(),
        email.type().map(UsageType::wireName).orElse(null),
        email.messageId().orElse(null),
        email.headers());
  }

  /** The JSON object an inbox stores (every field, by its name). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("receivedAt", receivedAt.toString());
    json.put("to", to);
    json.put("from", from);
    json.put("fromName", fromName);
    json.put("replyTo", replyTo);
    json.put("subject", subject);
    json.put("html", html);
    json.put("text", text);
    json.put("type", type);
    json.put("messageId", messageId);
    json.put("headers", headers);
    return json;
  }

  /** Reads {@link #toJson()}'s object back. */
  @SuppressWarnings("unchecked")
  public static CapturedEmail fromJson(Map<String, Object> json) {
    Object headers = json.get("headers");
    return new CapturedEmail(
        (String) json.get("id"),
        Instant.parse((String) json.get("receivedAt")),
        (String) json.get("to"),
        (String) json.get("from"),
        (String) json.get("fromName"),
        (String) json.get("replyTo"),
        (String) json.get("subject"),
        (String) json.get("html"),
        (String) json.get("text"),
        (String) json.get("type"),
        (String) json.get("messageId"),
        headers instanceof Map ? (Map<String, String>) headers : Map.of());
  }

  public Optional<String> htmlPart() {
    return Optional.ofNullable(html);
  }

  /** Shows the ids only: content carries codes and addresses. */
  @Override
  public String toString() {
    return "CapturedEmail[id=" + id + ", messageId=" + messageId + ", type=" + type + "]";
  }
}
