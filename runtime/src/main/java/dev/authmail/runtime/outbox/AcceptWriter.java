package dev.authmail.runtime.outbox;

import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.Dialect;
import dev.authmail.runtime.storage.StorageException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes every accept waiting at the moment and decides and writes them in
 * one transaction, then completes each caller's future after the commit. With H2 writing every
 * commit to its file (about a millisecond each), this turns N commits into one under load, and
 * costs nothing when idle (a lone accept commits alone at once).
 *
 * <p>If a batch fails (a unique-key race on an idempotency key with another node, a lock
 * timeout), it is rolled back and each accept is retried in its own transaction, so one bad
 * request never fails the others.
 */
final class AcceptWriter {
  private static final Logger LOG = LoggerFactory.getLogger(AcceptWriter.class);

  private record Request(AcceptStore.Pending pending, CompletableFuture<AcceptResult> result) {}

  private final Database db;
  private final AcceptStore store;
  private final Clock clock;
  private final int maxBatch;
  private final Runnable afterCommit;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  /** The thread has ended (closed, or died: then {@link #death} says why). */
  private volatile boolean stopped;
  private volatile Throwable death;

  AcceptWriter(Database db, AcceptStore store, Clock clock, int maxBatch, Runnable afterCommit) {
    this.db = db;
    this.store = store;
    this.clock = clock;
    this.maxBatch = maxBatch;
    this.afterCommit = afterCommit;
    this.thread = new Thread(this::run, "authmail-accept");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues an accept for the writer thread.
   *
   * @throws IllegalStateException after {@link #close()}
   * @throws StorageException when the writer thread has died (nothing would ever write this)
   */
  CompletableFuture<AcceptResult> submit(AcceptStore.Pending pending) {
    refuseIfStopped();
    CompletableFuture<AcceptResult> result = new CompletableFuture<>();
    Request request = new Request(pending, result);
    queue.add(request);
    // the thread may have stopped meanwhile; if it did not drain this request, nobody will
    if ((closed || stopped) && queue.remove(request)) {
      refuseIfStopped();
    }
    return result;
  }

  private void refuseIfStopped() {
    if (closed) {
      throw new IllegalStateException("the outbox is closed");
    }
    if (stopped) {
      throw died();
    }
  }

  private StorageException died() {
    return new StorageException("the outbox's accept writer has stopped; nothing is accepted until"
        + " the runtime is restarted", death);
  }

  private void run() {
    List<Request> batch = new ArrayList<>(maxBatch);
    try {
      while (!closed || !queue.isEmpty()) {
        try {
          Request first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, maxBatch - 1);
          write(batch);
        } catch (RuntimeException e) {
          LOG.error("accept writer failed", e);
          batch.forEach(r -> r.result().completeExceptionally(e));
        } finally {
          batch.clear();
        }
      }
    } catch (InterruptedException | RuntimeException | Error e) {
      // the thread dies (interrupted, out of memory, a bug): whoever waits or comes later must
      // hear it at once instead of waiting forever for a commit that will not happen
      death = e;
      if (!closed) {
        LOG.error("the accept writer stopped; accepts fail until the runtime is restarted", e);
      }
    } finally {
      stopped = true;
      RuntimeException failure = closed && death == null
          ? new IllegalStateException("the outbox is closed") : died();
      batch.forEach(r -> r.result().completeExceptionally(failure));
      Request left;
      while ((left = queue.poll()) != null) {
        left.result().completeExceptionally(failure);
      }
    }
  }

  private void write(List<Request> batch) {
    List<AcceptStore.Pending> pendings = new ArrayList<>(batch.size());
    batch.forEach(r -> pendings.add(r.pending()));
    Instant now = clock.instant();
    List<AcceptResult> results;
    try {
      results = inTransaction(pendings, now);
    } catch (StorageException e) {
      if (batch.size() > 1) {
        LOG.debug("accept batch of {} failed, retrying one by one: {}", batch.size(), e.getMessage());
      }
      batch.forEach(this::writeAlone);
      afterCommit.run();
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
    afterCommit.run();
  }

  /**
   * One accept transaction. On an embedded database (one process) accepts are serialized by a lock
   * on the {@link Database} instead of locking {@code rate_limit_locks} rows: on H2 every locked
   * row is a row written, and a batch of accepts to random recipients would rewrite as many pages
   * of that table on each commit.
   */
  private List<AcceptResult> inTransaction(List<AcceptStore.Pending> pendings, Instant now) {
    if (db.exclusive()) {
      synchronized (db) {
        return db.transaction(c -> store.accept(c, pendings, now, false));
      }
    }
    return db.transaction(c -> store.accept(c, pendings, now, true));
  }

  private void writeAlone(Request request) {
    for (int attempt = 1; ; attempt++) {
      Instant now = clock.instant();
      try {
        request.result().complete(inTransaction(List.of(request.pending()), now).get(0));
        return;
      } catch (StorageException e) {
        boolean race = e.sqlException() != null && Dialect.isUniqueViolation(e.sqlException());
        if (!race || attempt >= 3) {
          request.result().completeExceptionally(e);
          return;
        }
        // another node inserted the same idempotency key meanwhile: the next try finds it
      }
    }
  }

  /** Whether accepts are taken: not closed and the thread is alive. */
  boolean isRunning() {
    return !closed && !stopped && thread.isAlive();
  }

  /** The writer thread (tests stop it to see accepts fail fast). */
  Thread thread() {
    return thread;
  }

  /** Stops taking accepts; those already queued are still written. Waits for the thread. */
  void close() {
    closed = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
