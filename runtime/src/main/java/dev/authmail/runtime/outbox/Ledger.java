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
 * The one thread through which a node's workers use the database: claims, send starts, lease
 * renewals, outcomes and releases. Everything waiting at a moment goes into one transaction, so a
 * busy node pays about one commit per round, not per message (on H2 a commit is the dominant
 * cost); and because only this thread updates the node's leased rows, its statements never wait on
 * each other.
 *
 * <ul>
 *   <li><b>Claim</b>: when the node has room (half its capacity free, or its senders short of
 *       work) and work may be due (an accept on this node committed, the last claim came back
 *       full, or {@code pollInterval} passed), due messages are claimed under a lease.
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


  private sealed interface Entry permits Start, Done, Release, Wake {}

  private record Start(Lease lease, CompletableFuture<Boolean> mine) implements Entry {}

  /** An outcome to write. */
  record Done(Lease lease, Completion completion) implements Entry {}

  private record Release(List<Lease> leases, CompletableFuture<Void> written) implements Entry {}

  /** Unblocks the thread: work may be due. */
  private record Wake() implements Entry {}

  private static final Wake WAKE = new Wake();

  /** The node's side of claiming. */
  interface Claims {
    /** How many more messages the node may hold now; 0 when it should not claim. */
    int room();

    /** Whether the senders are short of work, so even a small claim is worth a round. */
    boolean hungry();

    /**
     * How many senders are idle right now: that many of a claim's messages are recorded as
     * started in the claim's own round and handed to them directly (one round less per message
     * when the node is not busy).
     */
    int idleSenders();

    /**
     * Called on the ledger's thread after the claim committed; the first {@code started} messages
     * were recorded as started (their senders need not record it again).
     */
    void claimed(List<Claimed> messages, int started);

  }

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
  private final Claims claims;
  private final int capacity;
  private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final long renewEveryNanos;
  private Thread thread;
  private volatile boolean running;
  private volatile boolean claiming;
  /** An accept committed (or capacity freed) since the last claim: look at once. */
  private volatile boolean claimDue = true;

  /**
   * @param held the leases this node holds now (renewed every lease / 3)
   * @param written called on the ledger's thread after outcomes were written (or given up)
   */
  Ledger(WorkStore store, OutboxConfig config, Clock clock, Supplier<Collection<Lease>> held,
      Written written, Claims claims, int capacity) {
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.held = held;
    this.written = written;
    this.claims = claims;
    this.capacity = capacity;
    this.renewEveryNanos = Math.max(1_000_000L, config.lease().toNanos() / 3);
  }

  synchronized void start() {
    running = true;
    claiming = true;
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

  /** New work may be due (an accept committed, a completion freed capacity): claim at once. */
  void wake() {
    claimDue = true;
    queue.offer(WAKE);
  }

  /** Claims no more (graceful shutdown begins); everything else goes on until {@link #stop}. */
  void stopClaiming() {
    claiming = false;
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
    long nextPoll = System.nanoTime();
    boolean lastClaimFull = false;
    try {
      while (running || !queue.isEmpty()) {
        long now = System.nanoTime();
        long wait = Math.min(nextRenewal - now, 50_000_000L);
        if (mayClaim()) {
          wait = claimDue || lastClaimFull ? 0 : Math.min(wait, nextPoll - now);
        }
        Entry first = queue.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
        now = System.nanoTime();
        boolean renew = now - nextRenewal >= 0;
        int want = 0;
        if ((claimDue || lastClaimFull || now - nextPoll >= 0) && mayClaim()) {
          want = Math.min(claims.room(), config.claimBatch());
        }
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
        }
        batch.removeIf(e -> e instanceof Wake);
        if (batch.isEmpty() && !renew && want == 0) {
          continue;
        }
        if (want > 0) {
          claimDue = false; // a wake from now on asks for another claim
        }
        Round round = write(batch, renew, want);
        batch.clear();
        if (renew) {
          // after a failed renewal try again soon: the leases are running out
          nextRenewal = System.nanoTime() + (round.renewed() ? renewEveryNanos
              : Math.min(renewEveryNanos, config.pollInterval().toNanos()));
        }
        if (want > 0) {
          lastClaimFull = round.claimed() == want;
          if (!lastClaimFull) {
            nextPoll = System.nanoTime() + config.pollInterval().toNanos();
          }
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

  /** Whether a claim is worth a round: room for half the capacity, or senders out of work. */
  private boolean mayClaim() {
    if (!claiming) {
      return false;
    }
    int room = claims.room();
    return room > 0 && (room >= Math.max(1, capacity / 2) || claims.hungry());
  }

  /** What one round did: whether the leases were renewed, how many messages were claimed. */
  private record Round(boolean renewed, int claimed) {}

  private static void abandon(Entry entry) {
    if (entry instanceof Start s) {
      s.mine().complete(false);
    } else if (entry instanceof Release r) {
      r.written().completeExceptionally(new IllegalStateException("the ledger stopped"));
    }
  }

  /** Writes one batch (and claims up to {@code want}) in one transaction. */
  private Round write(List<Entry> batch, boolean renew, int want) {
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
    List<Claimed> claimed = new ArrayList<>();
    int[] startedWithClaim = new int[1];
    try {
      boolean[] mine = store.transaction(c -> {
        claimed.clear(); // a retried transaction starts over
        if (!renewing.isEmpty()) {
          List<String> ids = new ArrayList<>(renewing.size());
          renewing.forEach(l -> ids.add(l.id()));
          store.renew(c, node, ids, until);
        }
        store.release(c, node, releaseIds, now);
        store.complete(c, completions);
        boolean[] started = store.markStarted(c, node, startIds, now);
        if (want > 0) {
          claimed.addAll(store.claim(c, node, now, config.lease(), want));
          int direct = Math.min(claimed.size(), claims.idleSenders());
          startedWithClaim[0] = 0;
          if (direct > 0) {
            List<String> ids = new ArrayList<>(direct);
            claimed.subList(0, direct).forEach(m -> ids.add(m.id()));
            store.markStarted(c, node, ids, now); // just claimed by this transaction: all held
            startedWithClaim[0] = direct;
          }
        }
        return started;
      });
      renewing.forEach(l -> l.extend(now, until));
      for (int i = 0; i < starts.size(); i++) {
        starts.get(i).mine().complete(mine[i]);
      }
      releases.forEach(r -> r.written().complete(null));
      if (!claimed.isEmpty()) {
        claims.claimed(claimed, startedWithClaim[0]);
      }
      tell(dones, true);
      return new Round(true, claimed.size());
    } catch (RuntimeException e) {
      LOG.warn("writing {} outcomes, {} starts, {} releases{}{} failed: {}", dones.size(), starts.size(),
          releaseIds.size(), renew ? ", the lease renewal" : "", want > 0 ? ", a claim" : "", e.getMessage());
      starts.forEach(s -> s.mine().complete(false));
      releases.forEach(r -> r.written().completeExceptionally(e));
      if (!dones.isEmpty()) {
        tell(dones, retryCompletions(completions));
      }
      return new Round(false, 0);
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
