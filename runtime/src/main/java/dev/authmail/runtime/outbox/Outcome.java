package dev.authmail.runtime.outbox;

import java.time.Instant;

/**
 * What became of a claimed message in a sender's hands: written back by the ledger, fenced on the
 * lease ({@code WorkStore.complete}). One case per next state, each holding only what that state
 * needs; the rules that choose between them are {@link Delivery}'s.
 *
 * <ul>
 *   <li>{@link Delivered}: the provider accepted it.
 *   <li>{@link Retry}: QUEUED again, due at {@code nextAttemptAt}, on the connector at {@code
 *       position} (a failover moves it).
 *   <li>{@link Failed}: the message is bad, or the chain ended on unusable connectors.
 *   <li>{@link Expired}: past its time to live, or its next try would be.
 * </ul>
 */
sealed interface Outcome {
  /** The message as claimed (id, lease owner, counts before this outcome). */
  Claimed message();

  /**
   * The attempt made, or {@code null} when none was (expired before sending, no usable connector).
   */
  Attempt attempt();

  /** When the outcome was decided: the message's {@code updated_at}. */
  Instant at();

  /** Where in the tenant's connector chain the message stands now. */
  int position();

  /** The state the message is written in. */
  MessageStatus status();

  /**
   * Consecutive failures on the connector at {@link #position()} (0 unless a retry stays on it).
   */
  default int connectorFailures() {
    return 0;
  }

  /** When the message is due next (a retry); else when it finished. */
  default Instant nextAttemptAt() {
    return at();
  }

  /** The error that decided this outcome (kept as the message's last error), or {@code null}. */
  default Error error() {
    return null;
  }

  /** Whether the provider may have this message already (an earlier or this attempt). */
  default boolean maybeDuplicate() {
    return message().maybeDuplicate() || attempt() != null && attempt().maybeDelivered();
  }

  /** The connector the message is on now, or {@code null} when none was tried. */
  default String connector() {
    return attempt() == null ? null : attempt().connector();
  }

  /** Attempts made so far, this one included. */
  default int attemptCount() {
    return attempt() == null ? message().attemptCount() : attempt().number();
  }

  record Delivered(Claimed message, Attempt attempt, int position) implements Outcome {
    @Override
    public Instant at() {
      return attempt.finishedAt();
    }

    @Override
    public MessageStatus status() {
      return MessageStatus.DELIVERED;
    }
  }

  record Retry(
      Claimed message,
      Attempt attempt,
      int position,
      int connectorFailures,
      Instant nextAttemptAt,
      Error error,
      Instant at)
      implements Outcome {
    @Override
    public MessageStatus status() {
      return MessageStatus.QUEUED;
    }
  }

  /**
   * @param recipientUnknown whether the connector said the recipient's mailbox does not exist
   *     ({@link dev.authmail.connector.api.ConnectorException#recipientUnknown()})
   */
  record Failed(
      Claimed message,
      Attempt attempt,
      int position,
      Error error,
      Instant at,
      boolean recipientUnknown)
      implements Outcome {
    Failed(Claimed message, Attempt attempt, int position, Error error, Instant at) {
      this(message, attempt, position, error, at, false);
    }

    @Override
    public MessageStatus status() {
      return MessageStatus.FAILED;
    }
  }

  /**
   * @param error the last error when a retry would have come too late; {@code null} when it expired
   *     unsent
   */
  record Expired(
      Claimed message,
      Attempt attempt,
      int position,
      int connectorFailures,
      Error error,
      Instant at)
      implements Outcome {
    @Override
    public MessageStatus status() {
      return MessageStatus.EXPIRED;
    }
  }

  /** An error code ({@link dev.authmail.connector.api.ErrorCode} name) and its text. */
  record Error(String code, String message) {}

  /** One call of a connector, recorded in {@code message_attempts}. */
  record Attempt(
      int number,
      String connector,
      Instant startedAt,
      Instant finishedAt,
      AttemptView.Outcome outcome,
      String errorCode,
      String errorMessage,
      String providerMessageId,
      boolean maybeDelivered) {}
}
