package dev.authmail.connector.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider accepted the message.
 *
 * @param providerMessageId the provider's id for the message (SendGrid's {@code X-Message-Id},
 *     SES's {@code MessageId}, the SMTP queue id), or {@code null} when it gave none
 * @param acceptedAt when the provider accepted it, by the connector context's clock
 */
public record SendResult(String providerMessageId, Instant acceptedAt) {
  public SendResult {
    Objects.requireNonNull(acceptedAt, "acceptedAt is null");
  }

  public Optional<String> providerMessageIdValue() {
    return Optional.ofNullable(providerMessageId);
  }
}
