package dev.authmail.runtime.outbox;

import dev.authmail.runtime.storage.SqlTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread through which a node writes about the messages it holds: send starts, lease
 * renewals, outcomes and releases. Everything waiting at a moment goes into one transaction, so a
 * busy node pays about one commit per batch, not per message; and because only this thread updates
 * the node's leased rows, its statements never wait on each other.
 *
 * <ul>
 *   <li><b>Start</b>: a sender about to call a connector waits until {@code send_started_at} is
 *       committed (fenced on the lease). A message taken over after a crash is maybe-duplicate
 *       only when it carries that mark.
 *   <li><b>Renewal</b>: every {@code lease / 3}, every lease this node still holds is extended to
 *       now + lease in one statement, so a slow send is never taken over. A node that cannot renew
 *       (database down) lets its leases run out; senders then give the messages up (see
 *       {@link Lease}).
 *   <li><b>Outcome</b>: batched UPDATE + INSERT of attempts, retried a few times on failure.
 * </ul>
 *
 * <p>Thread-safe: any thread may submit.
 */
final class Ledger {
  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
  private static final int MAX_BATCH = 1024;

  private sealed interface Entry permits Start, Done, Release {}

  private record Start(Lease lease, CompletableFuture<Boolean> mine) implements Entry {}

  /** An outcome to write. */
  record Done(Lease lease, Completion completion) implements Entry {}

  private record Release(List<Lease> leases, CompletableFuture<Void> written) implements Entry {}

  /** Hears about outcomes after the ledger wrote them (on the ledger's thread). */
  @FunctionalInterface
  interface Written {
    /** @param recorded whether they reached the database (else their leases will run out) */
    void outcomes(List<Done> dones, boolean recorded);
  }

  private final WorkStore store;
  private final OutboxConfig config;
  private final Clock clock;
  private final Supplier<Collection<Lease>> held;
  private final Written written;
  private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final long renewEveryNanos;
  private Thread thread;
  private volatile boolean running;

  /**
   * @param held the leases this node holds now (renewed every lease / 3)
   * @param written called on the ledger's thread after outcomes were written (or given up)
   */
  Ledger(WorkStore store, OutboxConfig config, Clock clock, Supplier<Collection<Lease>> held,
      Written written) {
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.held = held;
    this.written = written;
    this.renewEveryNanos = Math.max(1_000_000L, config.lease().toNanos() / 3);
  }

  synchronized void start() {
    running = true;
    thread = new Thread(this::run, "authmail-ledger");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Records that the message's send starts now; returns when committed. {@code false}: this node
   * no longer holds the lease, or the write failed, or the ledger stopped: do not send.
   */
  boolean recordStart(Lease lease) {
    if (!running) {
      return false;
    }
    CompletableFuture<Boolean> mine = new CompletableFuture<>();
    queue.add(new Start(lease, mine));
    if (!running && queue.remove(new Start(lease, mine))) {
      return false;
    }
    try {
      return mine.get(config.lease().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Queues an outcome to write. */
  void recordDone(Lease lease, Completion completion) {
    queue.add(new Done(lease, completion));
  }

  /** Gives these leases back (QUEUED, due now); returns when written or failed. */
  void release(List<Lease> leases) {
    if (leases.isEmpty()) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Release(leases, done));
    try {
      done.get(Math.max(5_000, config.shutdownGrace().toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("releasing {} leases failed; they will expire instead: {}", leases.size(), e.getMessage());
    }
  }

  /** Writes what is queued, then stops; waits at most until the deadline (nanoTime). */
  void stop(long deadlineNanos) {
    running = false;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      return;
    }
    long left = deadlineNanos - System.nanoTime();
    try {
      if (left > 0) {
        t.join(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Entry> batch = new ArrayList<>();
    long nextRenewal = System.nanoTime() + renewEveryNanos;
    try {
      while (running || !queue.isEmpty()) {
        long untilRenewal = nextRenewal - System.nanoTime();
        Entry first = queue.poll(Math.max(0, Math.min(untilRenewal, 50_000_000L)), TimeUnit.NANOSECONDS);
        boolean renew = System.nanoTime() - nextRenewal >= 0;
        if (first == null && !renew) {
          continue;
        }
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
        }
        boolean renewed = write(batch, renew);
        batch.clear();
        if (renew) {
          // after a failed renewal try again soon: the leases are running out
          nextRenewal = System.nanoTime() + (renewed ? renewEveryNanos
              : Math.min(renewEveryNanos, config.pollInterval().toNanos()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("the outbox ledger failed; this node stops sending and its leases will expire", e);
      running = false;
      throw e;
    } finally {
      running = false;
      for (Entry left : batch) {
        abandon(left);
      }
      Entry left;
      while ((left = queue.poll()) != null) {
        abandon(left);
      }
    }
  }

  private static void abandon(Entry entry) {
    if (entry instanceof Start s) {
      s.mine().complete(false);
    } else if (entry instanceof Release r) {
      r.written().completeExceptionally(new IllegalStateException("the ledger stopped"));
    }
  }

  /** Writes one batch in one transaction; returns whether the leases were renewed. */
  private boolean write(List<Entry> batch, boolean renew) {
    List<Start> starts = new ArrayList<>();
    List<Done> dones = new ArrayList<>();
    List<Release> releases = new ArrayList<>();
    for (Entry e : batch) {
      if (e instanceof Start s) {
        starts.add(s);
      } else if (e instanceof Done d) {
        dones.add(d);
      } else if (e instanceof Release r) {
        releases.add(r);
      }
    }
    Instant now = clock.instant();
    Instant until = SqlTime.truncate(now.plus(config.lease()));
    List<Lease> renewing = new ArrayList<>();
    if (renew) {
      for (Lease lease : held.get()) {
        if (lease.holdsAt(now)) {
          renewing.add(lease);
        }
      }
    }
    List<String> startIds = new ArrayList<>(starts.size());
    starts.forEach(s -> startIds.add(s.lease().id()));
    List<String> releaseIds = new ArrayList<>();
    releases.forEach(r -> r.leases().forEach(l -> releaseIds.add(l.id())));
    List<Completion> completions = new ArrayList<>(dones.size());
    dones.forEach(d -> completions.add(d.completion()));
    String node = config.nodeId();
    try {
      boolean[] mine = store.transaction(c -> {
        if (!renewing.isEmpty()) {
          List<String> ids = new ArrayList<>(renewing.size());
          renewing.forEach(l -> ids.add(l.id()));
          store.renew(c, node, ids, until);
        }
        store.release(c, node, releaseIds, now);
        store.complete(c, completions);
        return store.markStarted(c, node, startIds, now);
      });
      renewing.forEach(l -> l.extend(now, until));
      for (int i = 0; i < starts.size(); i++) {
        starts.get(i).mine().complete(mine[i]);
      }
      releases.forEach(r -> r.written().complete(null));
      tell(dones, true);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("writing {} outcomes, {} starts, {} releases{} failed: {}", dones.size(), starts.size(),
          releaseIds.size(), renew ? " and the lease renewal" : "", e.getMessage());
      starts.forEach(s -> s.mine().complete(false));
      releases.forEach(r -> r.written().completeExceptionally(e));
      if (!dones.isEmpty()) {
        tell(dones, retryCompletions(completions));
      }
      return false;
    }
  }

  private void tell(List<Done> dones, boolean recorded) {
    if (dones.isEmpty()) {
      return;
    }
    try {
      written.outcomes(dones, recorded);
    } catch (RuntimeException e) {
      LOG.warn("handling written outcomes failed", e);
    }
  }

  /** Retries writing outcomes alone a few times; {@code false} when it gave up. */
  private boolean retryCompletions(List<Completion> completions) {
    for (int attempt = 2; ; attempt++) {
      pause(config.pollInterval());
      try {
        store.complete(completions);
        return true;
      } catch (RuntimeException e) {
        if (attempt >= 5 || !running) {
          // the leases run out (this node stops renewing them) and another worker takes the
          // messages over, marked maybe-duplicate since their sends had started
          LOG.error("recording {} outcomes failed; their leases will expire", completions.size(), e);
          return false;
        }
        LOG.warn("recording outcomes failed, retrying: {}", e.getMessage());
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
