package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.SendResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sends one claimed message and decides what happens next. The rules (docs/outbox.md):
 *
 * <ul>
 *   <li>Past its expiry: EXPIRED, not sent.
 *   <li>Connector choice: the message's position in the tenant's chain, skipping connectors whose
 *       circuit is open (wrapping around); all open: try again when the first one half-opens.
 *   <li>Success: DELIVERED.
 *   <li>The message itself is bad ({@code REJECTED}, {@code INVALID_REQUEST}, {@code
 *       TEMPLATE_NOT_FOUND}): FAILED; another connector would refuse it too.
 *   <li>Retryable ({@code RATE_LIMITED}, {@code UNAVAILABLE}, {@code TIMEOUT}): back off with full
 *       jitter, at least the provider's Retry-After; after {@code failoverAfter} consecutive
 *       failures on one connector the next connector in the chain (wrapping) takes over at once.
 *   <li>The connector is unusable ({@code AUTHENTICATION_FAILED}, {@code INVALID_CONFIG}, {@code
 *       QUOTA_EXCEEDED}, {@code INTERNAL}, or an unexpected exception): the next connector takes
 *       over at once; at the end of the chain the message FAILS.
 *   <li>A retry that could only happen after expiry: EXPIRED now, with the last error kept.
 * </ul>
 *
 * Thread-safe: one instance is shared by the node's sender threads.
 */
final class Delivery {
  /**
   * Asked right before the connector is called: {@code true} when the send may start (this node
   * recorded the start and still holds the lease), {@code false} to give the message up.
   */
  @FunctionalInterface
  interface SendGate {
    SendGate OPEN = () -> true;

    boolean mayStart();
  }

  private final ConnectorChains chains;
  private final OutboxConfig config;
  private final Clock clock;
  private final Backoff backoff;
  private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  Delivery(ConnectorChains chains, OutboxConfig config, Clock clock, Backoff backoff) {
    this.chains = chains;
    this.config = config;
    this.clock = clock;
    this.backoff = backoff;
  }

  CircuitBreaker breaker(String tenant, String connector) {
    return breakers.computeIfAbsent(
        tenant + '\u0000' + connector,
        k -> new CircuitBreaker(config.breakerThreshold(), config.breakerCooldown(), clock));
  }

  /**
   * Decides and, when a connector is usable, sends; the gate is asked right before the connector
   * call.
   *
   * @return the outcome to record, or {@code null} when the gate refused (nothing was sent and
   *     nothing is to be recorded: the lease is left to run out)
   */
  Outcome deliver(Claimed m, SendGate gate) {
    Instant now = clock.instant();
    if (!now.isBefore(m.expiresAt())) {
      return new Outcome.Expired(m, null, m.position(), m.connectorFailures(), null, now);
    }
    List<NamedConnector> chain = chains.chain(m.tenant());
    if (chain.isEmpty()) {
      Instant next = now.plus(backoff.delay(m.attemptCount() + 1, null));
      return retryOrExpire(
          m,
          null,
          m.position(),
          m.connectorFailures(),
          next,
          now,
          new Outcome.Error(
              ErrorCode.INVALID_CONFIG.name(), "tenant " + m.tenant() + " has no email connector"));
    }
    int start = Math.floorMod(m.position(), chain.size());
    int chosen = -1;
    for (int i = 0; i < chain.size() && chosen < 0; i++) {
      int index = (start + i) % chain.size();
      if (breaker(m.tenant(), chain.get(index).name()).tryAcquire()) {
        chosen = index;
      }
    }
    if (chosen < 0) {
      return retryOrExpire(
          m,
          null,
          start,
          m.connectorFailures(),
          earliestReopen(m.tenant(), chain, now),
          now,
          new Outcome.Error(ErrorCode.UNAVAILABLE.name(), "every connector's circuit is open"));
    }
    int failures = chosen == start ? m.connectorFailures() : 0;
    return attempt(m, chain, chosen, failures, gate);
  }

  private Outcome attempt(
      Claimed m, List<NamedConnector> chain, int index, int failures, SendGate gate) {
    NamedConnector named = chain.get(index);
    CircuitBreaker breaker = breaker(m.tenant(), named.name());
    if (!gate.mayStart()) {
      breaker.abandon();
      return null;
    }
    int number = m.attemptCount() + 1;
    Instant started = clock.instant();
    ConnectorException error;
    try {
      EmailRequest request =
          new EmailRequest(
              EmailAddress.parse(m.recipient()),
              m.type(),
              PayloadJson.read(m.payloadJson()),
              m.id(),
              m.ip());
      SendResult result = named.connector().send(request);
      breaker.onSuccess();
      Instant done = clock.instant();
      String providerId = result == null ? null : result.providerMessageId();
      return new Outcome.Delivered(
          m,
          new Outcome.Attempt(
              number,
              named.name(),
              started,
              done,
              AttemptView.Outcome.DELIVERED,
              null,
              null,
              providerId,
              false),
          index);
    } catch (ConnectorException e) {
      error = e;
    } catch (RuntimeException e) {
      error =
          new ConnectorException(
              ErrorCode.INTERNAL,
              "connector " + named.name() + " threw " + e.getClass().getName(),
              e);
    }
    return failed(m, chain, index, failures, number, started, error, breaker);
  }

  private Outcome failed(
      Claimed m,
      List<NamedConnector> chain,
      int index,
      int failures,
      int number,
      Instant started,
      ConnectorException e,
      CircuitBreaker breaker) {
    Instant done = clock.instant();
    String name = chain.get(index).name();
    String code = e.code().name();
    Outcome.Error error = new Outcome.Error(code, e.getMessage());
    boolean messageIsBad = e.code().blamesMessage();
    AttemptView.Outcome outcome =
        e.retryable()
            ? AttemptView.Outcome.RETRYABLE_FAILURE
            : AttemptView.Outcome.PERMANENT_FAILURE;
    Outcome.Attempt attempt =
        new Outcome.Attempt(
            number, name, started, done, outcome, code, e.getMessage(), null, e.maybeDelivered());
    if (messageIsBad) {
      breaker.onSuccess(); // the provider answered: the connector works, the message does not
      return new Outcome.Failed(m, attempt, index, error, done, e.recipientUnknown());
    }
    breaker.onFailure();
    if (e.retryable()) {
      int consecutive = failures + 1;
      if (consecutive >= config.failoverAfter() && chain.size() > 1) {
        return retryOrExpire(m, attempt, (index + 1) % chain.size(), 0, done, done, error);
      }
      Instant next = done.plus(backoff.delay(number, e.retryAfter().orElse(null)));
      return retryOrExpire(m, attempt, index, consecutive, next, done, error);
    }
    if (index + 1 < chain.size()) {
      return retryOrExpire(m, attempt, index + 1, 0, done, done, error);
    }
    return new Outcome.Failed(m, attempt, index, error, done);
  }

  private Instant earliestReopen(String tenant, List<NamedConnector> chain, Instant now) {
    Instant earliest = null;
    for (NamedConnector c : chain) {
      Instant at = breaker(tenant, c.name()).reopensAt();
      if (at != null && (earliest == null || at.isBefore(earliest))) {
        earliest = at;
      }
    }
    if (earliest == null || earliest.isBefore(now)) {
      return now.plus(config.pollInterval()); // a probe is in flight elsewhere: look again soon
    }
    return earliest;
  }

  /** A retry at {@code next}, or EXPIRED now when {@code next} is past the message's expiry. */
  private static Outcome retryOrExpire(
      Claimed m,
      Outcome.Attempt attempt,
      int position,
      int failures,
      Instant next,
      Instant now,
      Outcome.Error error) {
    if (!next.isBefore(m.expiresAt())) {
      return new Outcome.Expired(m, attempt, position, failures, error, now);
    }
    return new Outcome.Retry(m, attempt, position, failures, next, error, now);
  }
}
