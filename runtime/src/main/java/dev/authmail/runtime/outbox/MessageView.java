package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.UsageType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message as the API shows it: state and history, without the recipient address or the payload
 * (personal data and one-time codes).
 *
 * @param connector the connector of the chain the message is on (or was delivered by), or null
 * @param lastErrorCode an {@link dev.authmail.connector.api.ErrorCode} name, {@code SUPERSEDED} for
 *     a cancelled message, or {@code null}
 * @param maybeDuplicate a send may have happened more than once (a worker died mid-send, or a
 *     provider error left delivery open before a retry)
 */
public record MessageView(
    String id,
    String tenant,
    MessageStatus status,
    UsageType type,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt,
    Instant nextAttemptAt,
    String connector,
    String providerMessageId,
    String lastErrorCode,
    String lastErrorMessage,
    boolean maybeDuplicate,
    List<AttemptView> attempts) {
  public MessageView {
    Objects.requireNonNull(id, "id is null");
    attempts = List.copyOf(attempts);
  }

  /** Whether the first delivery outcome is known: an attempt was recorded or the state is final. */
  public boolean hasOutcome() {
    return status.isFinal() || !attempts.isEmpty();
  }
}
