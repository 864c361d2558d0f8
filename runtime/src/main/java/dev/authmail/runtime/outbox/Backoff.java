package dev.authmail.runtime.outbox;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with full jitter (AWS's "full jitter": a uniformly random delay between 0
 * and the exponential step), so that retries of many messages spread out instead of arriving at a
 * recovering provider together. A provider's Retry-After is a floor.
 *
 * <p>Thread-safe when the random source is.
 */
final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final DoubleSupplier random;

  Backoff(Duration base, Duration cap, DoubleSupplier random) {
    this.base = Objects.requireNonNull(base, "base is null");
    this.cap = Objects.requireNonNull(cap, "cap is null");
    this.random = Objects.requireNonNull(random, "random is null");
  }

  /**
   * The step before jitter after the {@code failures}-th failure (1-based): min(cap, base ×
   * 2^(n-1)).
   */
  Duration step(int failures) {
    int exponent = Math.max(0, Math.min(failures - 1, 30));
    long millis = base.toMillis();
    long step = millis > (Long.MAX_VALUE >> exponent) ? Long.MAX_VALUE : millis << exponent;
    return Duration.ofMillis(Math.min(step, cap.toMillis()));
  }

  /** The delay before the next attempt, at least {@code retryAfter} when the provider gave one. */
  Duration delay(int failures, Duration retryAfter) {
    long jittered = (long) (random.getAsDouble() * step(failures).toMillis());
    Duration delay = Duration.ofMillis(jittered);
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      return retryAfter;
    }
    return delay;
  }
}
