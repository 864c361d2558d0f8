package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.UsageType;
import java.time.Duration;
import java.util.List;

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

  /**
   * A message ended FAILED because its connector said the recipient's mailbox does not exist (SMTP
   * {@code 550 5.1.1} to RCPT). Called after {@link #completed}.
   *
   * @param tenant the message's tenant (as stored: {@code <tenant>:mails} for the hosted service)
   * @param recipient the recipient as accepted; personal data, never to be logged
   */
  default void recipientUnknown(
      String tenant, String messageId, String recipient, String connector) {}

  /** Every one of {@code listeners}, in order; one that throws does not keep the others from it. */
  static OutboxListener all(List<OutboxListener> listeners) {
    List<OutboxListener> copy = List.copyOf(listeners);
    if (copy.size() == 1) {
      return copy.get(0);
    }
    return new OutboxListener() {
      @Override
      public void attempted(
          String tenant,
          UsageType type,
          String connector,
          AttemptView.Outcome outcome,
          String errorCode) {
        each(l -> l.attempted(tenant, type, connector, outcome, errorCode));
      }

      @Override
      public void completed(
          String tenant,
          UsageType type,
          String connector,
          MessageStatus status,
          Duration sinceCreated) {
        each(l -> l.completed(tenant, type, connector, status, sinceCreated));
      }

      @Override
      public void recipientUnknown(
          String tenant, String messageId, String recipient, String connector) {
        each(l -> l.recipientUnknown(tenant, messageId, recipient, connector));
      }

      private void each(java.util.function.Consumer<OutboxListener> call) {
        for (OutboxListener l : copy) {
          try {
            call.accept(l);
          } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(OutboxListener.class)
                .warn("an outbox listener failed: {}", e.toString());
          }
        }
      }
    };
  }
}
