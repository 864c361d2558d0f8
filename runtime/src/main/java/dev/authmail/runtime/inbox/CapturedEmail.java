package dev.authmail.runtime.inbox;

import java.time.Instant;
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

  public Optional<String> htmlPart() {
    return Optional.ofNullable(html);
  }

  /** Shows the ids only: content carries codes and addresses. */
  @Override
  public String toString() {
    return "CapturedEmail[id=" + id + ", messageId=" + messageId + ", type=" + type + "]";
  }
}
