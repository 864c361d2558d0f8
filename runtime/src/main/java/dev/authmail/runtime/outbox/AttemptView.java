package dev.authmail.runtime.outbox;

import java.time.Instant;

/**
 * One attempt to hand a message to a provider.
 *
 * @param number 1 for the first attempt
 * @param connector the name of the connector in the tenant's chain that was tried
 * @param node the runtime node that made the attempt
 * @param outcome what happened
 * @param errorCode the {@link dev.authmail.connector.api.ErrorCode} name, or {@code null}
 * @param errorMessage the connector's message (never contains secrets or addresses), or {@code
 *     null}
 * @param providerMessageId the provider's id when it accepted, or {@code null}
 * @param maybeDelivered the error left open whether the provider took the message
 */
public record AttemptView(
    int number,
    String connector,
    String node,
    Instant startedAt,
    Instant finishedAt,
    Outcome outcome,
    String errorCode,
    String errorMessage,
    String providerMessageId,
    boolean maybeDelivered) {
  public enum Outcome {
    DELIVERED,
    RETRYABLE_FAILURE,
    PERMANENT_FAILURE
  }
}
