package dev.authmail.runtime.outbox;

import java.time.Instant;

/**
 * What a worker decided about a claimed message, written back fenced on the lease owner.
 *
 * @param status QUEUED (retry later), DELIVERED, FAILED or EXPIRED
 * @param attempt the attempt made, or {@code null} when none was (expired, no usable connector)
 */
record Completion(
    String messageId, String leaseOwner, MessageStatus status, int attemptCount, int position,
    int connectorFailures, String connector, Instant nextAttemptAt, String providerMessageId,
    String errorCode, String errorMessage, boolean maybeDuplicate, Attempt attempt, Instant at) {

  record Attempt(int number, String connector, Instant startedAt, Instant finishedAt,
      AttemptView.Outcome outcome, String errorCode, String errorMessage,
      String providerMessageId, boolean maybeDelivered) {}
}
