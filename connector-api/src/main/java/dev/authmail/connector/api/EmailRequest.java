package dev.authmail.connector.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One email to send, as the platform asked for it: to whom, why, with what.
 *
 * @param to the validated recipient
 * @param type the usage type, which chooses the template
 * @param payload the code, link, locale and context objects
 * @param messageId authmail's id of this message, stable across retries; connectors pass it to
 *     providers that accept an idempotency or correlation key
 * @param ip the end user's IP address when the platform gave it (Logto's optional {@code ip}); may
 *     be {@code null}
 */
public record EmailRequest(
    EmailAddress to, UsageType type, Payload payload, String messageId, String ip) {
  public EmailRequest {
    Objects.requireNonNull(to, "to is null");
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(payload, "payload is null");
    Objects.requireNonNull(messageId, "messageId is null");
    if (messageId.isBlank() || messageId.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException("messageId must be printable ASCII without spaces");
    }
  }

  public EmailRequest(EmailAddress to, UsageType type, Payload payload, String messageId) {
    this(to, type, payload, messageId, null);
  }

  public Optional<String> ipAddress() {
    return Optional.ofNullable(ip);
  }

  /** Shows the message id and type only: the address and payload are personal data. */
  @Override
  public String toString() {
    return "EmailRequest[messageId=" + messageId + ", type=" + type + "]";
  }
}
