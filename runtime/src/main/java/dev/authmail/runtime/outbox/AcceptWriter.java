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

  CompletableFuture<AcceptResult> submit(AcceptStore.Pending pending) {
    if (closed) {
      throw new IllegalStateException("the outbox is closed");
    }
    CompletableFuture<AcceptResult> result = new CompletableFuture<>();
    queue.add(new Request(pending, result));
    if (closed && queue.remove(new Request(pending, result))) {
      throw new IllegalStateException("the outbox is closed");
    }
    return result;
  }

  private void run() {
    List<Request> batch = new ArrayList<>(maxBatch);
    while (!closed || !queue.isEmpty()) {
      try {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        LOG.error("accept writer failed", e);
        batch.forEach(r -> r.result().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
    Request left;
    while ((left = queue.poll()) != null) {
      left.result().completeExceptionally(new IllegalStateException("the outbox is closed"));
    }
  }

  private void write(List<Request> batch) {
    List<AcceptStore.Pending> pendings = new ArrayList<>(batch.size());
    batch.forEach(r -> pendings.add(r.pending()));
    Instant now = clock.instant();
    List<AcceptResult> results;
    try {
      results = db.transaction(c -> store.accept(c, pendings, now));
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

  private void writeAlone(Request request) {
    for (int attempt = 1; ; attempt++) {
      Instant now = clock.instant();
      try {
        request.result().complete(
            db.transaction(c -> store.accept(c, List.of(request.pending()), now)).get(0));
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
