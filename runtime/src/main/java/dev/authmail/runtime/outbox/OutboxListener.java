package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.UsageType;
import java.time.Duration;

/**
 * Hears what the workers did, after it is committed: for metrics. Called on the node's completion
 * thread; implementations must be quick and must not throw (exceptions are logged and ignored).
 */
public interface OutboxListener {
  OutboxListener NONE = new OutboxListener() {};

  /**
   * One attempt was made.
   *
   * @param connector the connector's name in the chain
   * @param outcome what happened
   * @param errorCode the {@link dev.authmail.connector.api.ErrorCode} name, or {@code null}
   */
  default void attempted(
      String tenant,
      UsageType type,
      String connector,
      AttemptView.Outcome outcome,
      String errorCode) {}

  /**
   * The message's state changed after a claim: QUEUED (a retry was scheduled), DELIVERED, FAILED or
   * EXPIRED.
   *
   * @param sinceCreated time from accept to now (the delivery latency when DELIVERED)
   */
  default void completed(
      String tenant, UsageType type, MessageStatus status, Duration sinceCreated) {}

  /**
   * Like {@link #completed(String, UsageType, MessageStatus, Duration)}, with the connector the
   * message is on (the one that delivered it, or the one a retry will use), or {@code null} when
   * none was tried. The workers call this one; by default it calls the other.
   */
  default void completed(
      String tenant,
      UsageType type,
      String connector,
      MessageStatus status,
      Duration sinceCreated) {
    completed(tenant, type, status, sinceCreated);
  }
}
