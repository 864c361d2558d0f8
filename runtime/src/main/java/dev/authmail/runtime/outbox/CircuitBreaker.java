package dev.authmail.runtime.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One connector's circuit on this node. Closed: every send goes through. After {@code threshold}
 * consecutive failures it opens: sends are refused (the outbox skips to the next connector) for
 * {@code cooldown}. Then it is half-open: one probe goes through; its success closes the circuit,
 * its failure opens it for another cool-down. A probe that never reports back (its thread died) is
 * replaced after a further cool-down.
 *
 * <p>Thread-safe (all methods synchronize on the breaker; they are a few comparisons).
 */
public final class CircuitBreaker {
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final Duration cooldown;
  private final Clock clock;

  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openedAt;
  private Instant probeStartedAt;

  public CircuitBreaker(int threshold, Duration cooldown, Clock clock) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
    this.threshold = threshold;
    this.cooldown = Objects.requireNonNull(cooldown, "cooldown is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  /**
   * Asks to send. {@code true} means go ahead and report the outcome with {@link #onSuccess()} or
   * {@link #onFailure()}; {@code false} means the circuit is open: do not use this connector now.
   */
  public synchronized boolean tryAcquire() {
    Instant now = clock.instant();
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (now.isBefore(openedAt.plus(cooldown))) {
          return false;
        }
        state = State.HALF_OPEN;
        probeStartedAt = now;
        return true;
      case HALF_OPEN:
      default:
        if (probeStartedAt != null && !now.isBefore(probeStartedAt.plus(cooldown))) {
          probeStartedAt = now; // the earlier probe never reported: let another one through
          return true;
        }
        return false;
    }
  }

  /** Whether {@link #tryAcquire()} would refuse right now; does not start a probe. */
  public synchronized boolean isOpen() {
    return state == State.OPEN && clock.instant().isBefore(openedAt.plus(cooldown))
        || state == State.HALF_OPEN
            && probeStartedAt != null
            && clock.instant().isBefore(probeStartedAt.plus(cooldown));
  }

  public synchronized void onSuccess() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    openedAt = null;
    probeStartedAt = null;
  }

  public synchronized void onFailure() {
    Instant now = clock.instant();
    if (state == State.HALF_OPEN) {
      open(now);
      return;
    }
    consecutiveFailures++;
    if (state == State.CLOSED && consecutiveFailures >= threshold) {
      open(now);
    }
  }

  /**
   * The send allowed by {@link #tryAcquire()} did not happen after all (this node lost the
   * message's lease before calling the connector): a half-open circuit's probe is given back, so
   * the next {@code tryAcquire} may probe at once. Otherwise nothing changes.
   */
  public synchronized void abandon() {
    if (state == State.HALF_OPEN) {
      open(clock.instant().minus(cooldown));
    }
  }

  private void open(Instant now) {
    state = State.OPEN;
    openedAt = now;
    probeStartedAt = null;
  }

  public synchronized State state() {
    return state;
  }

  /** When an open circuit lets its probe through; {@code null} unless open. */
  public synchronized Instant reopensAt() {
    return state == State.OPEN ? openedAt.plus(cooldown) : null;
  }
}
