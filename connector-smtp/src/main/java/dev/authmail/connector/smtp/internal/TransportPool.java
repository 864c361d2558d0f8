package dev.authmail.connector.smtp.internal;

import jakarta.mail.MessagingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * A small pool of connected SMTP transports, so that sends reuse connections
 * (docs/design/field-notes.md: a pool of 2–4 connections sends 2–3× faster than a connection per
 * message). At most {@code size} transports exist at once, each used by one thread at a time; a
 * send waits for a free one.
 *
 * <p>A transport that failed in any way is closed, never returned: the next send opens a fresh one.
 * A transport is also replaced after {@code maxMessages} messages, and one idle for more than
 * {@link #VALIDATE_AFTER_IDLE_NANOS} is checked with NOOP before reuse, since servers close idle
 * connections. Thread-safe.
 */
public final class TransportPool implements AutoCloseable {
  /** Idle time after which a pooled connection is checked (NOOP) before it is used again. */
  static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Opens and connects a new transport. */
  @FunctionalInterface
  public interface Opener {
    SMTPTransport open() throws MessagingException;
  }

  /** Work done with a borrowed transport. */
  @FunctionalInterface
  public interface Use<T> {
    T apply(SMTPTransport transport) throws MessagingException;
  }

  /** Thrown by {@link #use} once the pool is closed. */
  public static final class ClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ClosedException() {
      super("the SMTP connector is closed");
    }
  }

  private static final class Pooled {
    final SMTPTransport transport;
    int messages;
    long idleSince = System.nanoTime();

    Pooled(SMTPTransport transport) {
      this.transport = transport;
    }
  }

  private final Opener opener;
  private final Semaphore permits;
  private final int maxMessages;
  private final Deque<Pooled> idle = new ArrayDeque<>();
  private boolean closed;

  public TransportPool(int size, int maxMessages, Opener opener) {
    this.opener = opener;
    this.permits = new Semaphore(size, true);
    this.maxMessages = maxMessages;
  }

  /**
   * Runs {@code use} with a connected transport: a pooled one, or a new one.
   *
   * @throws MessagingException what opening or {@code use} threw; the transport is then discarded
   * @throws InterruptedException when interrupted while waiting for a free transport
   * @throws ClosedException when the pool is closed
   */
  public <T> T use(Use<T> use) throws MessagingException, InterruptedException {
    permits.acquire();
    try {
      Pooled pooled = take();
      T result;
      try {
        result = use.apply(pooled.transport);
      } catch (MessagingException | RuntimeException e) {
        discard(pooled);
        throw e;
      }
      pooled.messages++;
      pooled.idleSince = System.nanoTime();
      giveBack(pooled);
      return result;
    } finally {
      permits.release();
    }
  }

  private Pooled take() throws MessagingException {
    while (true) {
      Pooled pooled;
      synchronized (this) {
        if (closed) {
          throw new ClosedException();
        }
        pooled = idle.pollFirst();
      }
      if (pooled == null) {
        return new Pooled(opener.open());
      }
      if (System.nanoTime() - pooled.idleSince < VALIDATE_AFTER_IDLE_NANOS
          || pooled.transport.isConnected()) {
        return pooled;
      }
      discard(pooled);
    }
  }

  private void giveBack(Pooled pooled) {
    synchronized (this) {
      if (!closed && pooled.messages < maxMessages) {
        idle.addFirst(pooled);
        return;
      }
    }
    discard(pooled);
  }

  private static void discard(Pooled pooled) {
    closeQuietly(pooled.transport);
  }

  /** Closes a transport, ignoring failures: a broken connection's close() throws too. */
  public static void closeQuietly(SMTPTransport transport) {
    try {
      transport.close();
    } catch (MessagingException | RuntimeException e) {
      // nothing to do: the connection is gone either way
    }
  }

  /** How many connected transports wait idle; for tests. */
  public synchronized int idleCount() {
    return idle.size();
  }

  /** Closes idle transports now and busy ones when their send ends. Idempotent. */
  @Override
  public void close() {
    List<Pooled> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(idle);
      idle.clear();
    }
    toClose.forEach(TransportPool::discard);
  }
}
