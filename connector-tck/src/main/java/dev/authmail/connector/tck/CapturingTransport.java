package dev.authmail.connector.tck;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EmailTransport} that records what it is asked to deliver instead of delivering it: the
 * platform transport of a test. It can be told to fail ({@link #failWith}), which makes it a fault
 * hook for connectors that deliver through the platform transport. Thread-safe.
 *
 * <pre>{@code
 * CapturingTransport transport = new CapturingTransport();
 * TestContext context = TestContext.builder().platformTransport(transport).build();
 * // ... send through a connector created with this context ...
 * assertThat(transport.last().subject()).contains("123456");
 * }</pre>
 */
public final class CapturingTransport implements EmailTransport {
  private final Clock clock;
  private final List<RenderedEmail> delivered = new ArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile ConnectorException failure;

  /** A transport stamping results at {@link TestContext#FIXED_NOW}. */
  public CapturingTransport() {
    this(Clock.fixed(TestContext.FIXED_NOW, ZoneOffset.UTC));
  }

  public CapturingTransport(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  /**
   * Records the email and returns a result with the id {@code captured-N} (N counting from 1), or
   * throws the failure set with {@link #failWith}.
   */
  @Override
  public SendResult deliver(RenderedEmail email) {
    Objects.requireNonNull(email, "email is null");
    attempts.incrementAndGet();
    ConnectorException fail = failure;
    if (fail != null) {
      throw new ConnectorException(fail.code(), fail.getMessage(), fail);
    }
    Instant now = clock.instant();
    synchronized (delivered) {
      delivered.add(email);
      return new SendResult("captured-" + delivered.size(), now);
    }
  }

  /** Makes every following delivery throw an exception with this one's code and message. */
  public void failWith(ConnectorException failure) {
    this.failure = Objects.requireNonNull(failure, "failure is null");
  }

  /** Makes deliveries succeed again. */
  public void succeed() {
    this.failure = null;
  }

  /** The emails delivered so far, oldest first; a copy. */
  public List<RenderedEmail> emails() {
    synchronized (delivered) {
      return List.copyOf(delivered);
    }
  }

  /** How many emails were delivered (failed attempts not counted). */
  public int count() {
    synchronized (delivered) {
      return delivered.size();
    }
  }

  /** How many times {@link #deliver} was called, failed attempts included. */
  public int attempts() {
    return attempts.get();
  }

  /**
   * The last email delivered.
   *
   * @throws IllegalStateException when none was
   */
  public RenderedEmail last() {
    synchronized (delivered) {
      if (delivered.isEmpty()) {
        throw new IllegalStateException("no email was delivered");
      }
      return delivered.get(delivered.size() - 1);
    }
  }

  /** Forgets the emails delivered so far. */
  public void clear() {
    synchronized (delivered) {
      delivered.clear();
    }
    attempts.set(0);
  }

  @Override
  public String toString() {
    return "CapturingTransport[delivered=" + count() + "]";
  }
}
