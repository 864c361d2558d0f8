package dev.authmail.runtime.outbox;

import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.StorageException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread through which a node writes the outbox, and its queue: accepts, claims, send
 * starts, lease renewals, outcomes and releases. Everything waiting at a moment goes into one
 * transaction, so a busy node pays about one commit per round, not per message (on SQLite with
 * power-loss durability a commit is an fsync); and because only this thread updates the node's
 * leased rows, its statements never wait on each other.
 *
 * <p>A round: wait for the queue, drain it, ask {@link RoundDecisions} what else the round does
 * (renew? claim how many?), hand all of it to {@link RoundWriter}, which writes it in one
 * transaction and tells everyone concerned, and tell the decisions how it went. This class is the
 * thread, the queue and the callers' side of it (futures, shutdown, a dead thread failing fast).
 *
 * <ul>
 *   <li><b>Accept</b> (group commit): every accept waiting is decided and inserted in the round's
 *       transaction (at most {@code acceptBatch}; later ones see the rows of earlier ones, so a
 *       batch behaves like the same accepts one after another); each caller hears after the commit.
 *       When the node has room and no backlog (its last claim was not full), the messages accepted
 *       are leased to it in the same transaction and handed to its senders: no claim round, no
 *       second commit. If the round fails, it is rolled back and each accept retried in its own
 *       transaction, so one bad request never fails the others.
 *   <li><b>Claim</b>: when the node has room (half its capacity free, or its senders short of work)
 *       and work may be due (an accept on this node left messages QUEUED, the last claim came back
 *       full, or {@code pollInterval} passed), due messages are claimed under a lease.
 *   <li><b>Start</b>: a sender about to call a connector waits until {@code send_started_at} is
 *       committed (fenced on the lease). A message taken over after a crash is maybe-duplicate only
 *       when it carries that mark.
 *   <li><b>Renewal</b>: every {@code lease / 3}, every lease this node still holds is extended to
 *       now + lease in one statement, so a slow send is never taken over. A node that cannot renew
 *       (database down) lets its leases run out; senders then give the messages up (see {@link
 *       Lease}).
 *   <li><b>Outcome</b>: batched UPDATE + INSERT of attempts, retried a few times on failure.
 * </ul>
 *
 * <p>Thread-safe: any thread may submit. A round that holds only outcomes waits up to 5 ms for
 * anything else to share its commit.
 */
final class Ledger {
  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
  private static final int MAX_BATCH = 1024;
  private static final long OUTCOME_LINGER_NANOS = 5_000_000L;

  /** What the queue holds; {@link RoundWriter} writes all but {@link Wake}. */
  sealed interface Entry permits Accept, Start, Done, Release, Wake {}

  /** An accept to write; the future completes after its commit. */
  record Accept(AcceptStore.Pending pending, CompletableFuture<AcceptResult> result)
      implements Entry {}

  /** A send about to start; {@code mine}: whether the lease is still this node's. */
  record Start(Lease lease, CompletableFuture<Boolean> mine) implements Entry {}

  /** An outcome to write. */
  record Done(Lease lease, Outcome outcome) implements Entry {}

  /** Leases to give back. */
  record Release(List<Lease> leases, CompletableFuture<Void> written) implements Entry {}

  /** Unblocks the thread: work may be due. */
  record Wake() implements Entry {}

  private static final Wake WAKE = new Wake();

  private final OutboxConfig config;
  private final Senders senders;
  private final int capacity;
  private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final RoundDecisions decisions;
  private final RoundWriter writer;

  /** Accepts beyond {@code acceptBatch} drained in one round: the next round's first. */
  private final ArrayDeque<Accept> overflow = new ArrayDeque<>();

  /** Written by {@link #stop} (any thread), read by the thread's loop and by send starts. */
  private volatile boolean running;

  /** Written by {@link #stopAccepting}/{@link #stop} (any thread), read by accepting callers. */
  private volatile boolean accepting;

  /** Written by the node's start and graceful shutdown, read by the thread's rounds. */
  private volatile boolean claiming;

  /** Written by the thread when it ends, read by callers: they fail fast instead of waiting. */
  private volatile boolean ended;

  /** Why the thread died: written before {@link #ended}, read after it (so not volatile). */
  private Throwable death;

  /** Guarded by {@code this}: set once by {@link #start}, read by {@link #thread} and stop. */
  private Thread thread;

  /** Built by {@link Outbox} only, which wires it to its senders. */
  Ledger(
      Database db,
      WorkStore store,
      AcceptStore accepts,
      OutboxConfig config,
      Clock clock,
      Senders senders) {
    this.config = config;
    this.senders = senders;
    this.capacity = senders.capacity();
    this.decisions =
        new RoundDecisions(
            System.nanoTime(), config.lease(), config.pollInterval(), config.claimBatch());
    this.writer =
        new RoundWriter(
            db, store, accepts, config, clock, senders, decisions, () -> claiming, () -> running);
  }

  /** Starts the thread: accepts are written from now on; claims after {@link #startClaiming}. */
  synchronized void start() {
    running = true;
    accepting = true;
    thread = new Thread(this::run, "authmail-ledger");
    thread.setDaemon(true);
    thread.start();
  }

  /** The node's senders run: claim due messages from now on. */
  void startClaiming() {
    claiming = true;
    wake();
  }

  /**
   * Queues an accept for the next round; the future completes after its commit.
   *
   * @throws IllegalStateException after {@link #stopAccepting()}
   * @throws StorageException when the thread has died (nothing would ever write this)
   */
  CompletableFuture<AcceptResult> accept(AcceptStore.Pending pending) {
    refuseIfNotAccepting();
    CompletableFuture<AcceptResult> result = new CompletableFuture<>();
    Accept entry = new Accept(pending, result);
    queue.add(entry);
    // the thread may have ended meanwhile; if it did not drain this entry, nobody will
    if ((!accepting || ended) && queue.remove(entry)) {
      refuseIfNotAccepting();
    }
    return result;
  }

  private void refuseIfNotAccepting() {
    if (ended && death != null) {
      throw died();
    }
    if (!accepting || ended) {
      throw new IllegalStateException("the outbox is closed");
    }
  }

  private StorageException died() {
    return new StorageException(
        "the outbox's writer thread has stopped; nothing is accepted until"
            + " the runtime is restarted",
        death);
  }

  /** Whether accepts are taken: not closed and the thread is alive. */
  boolean isAccepting() {
    // accepting is set only by start(), which starts the thread; a thread that ended set ended
    return accepting && !ended;
  }

  /** Refuses accepts from now on; those already queued are still written. */
  void stopAccepting() {
    accepting = false;
  }

  /** The thread (tests end it to see accepts fail fast). */
  synchronized Thread thread() {
    return thread;
  }

  /**
   * Records that the message's send starts now; returns when committed. {@code false}: this node no
   * longer holds the lease, or the write failed, or the ledger stopped: do not send.
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
  void recordDone(Lease lease, Outcome outcome) {
    queue.add(new Done(lease, outcome));
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
      LOG.warn(
          "releasing {} leases failed; they will expire instead: {}",
          leases.size(),
          e.getMessage());
    }
  }

  /** New work may be due: claim at once. */
  void wake() {
    decisions.wake();
    queue.offer(WAKE);
  }

  /** A message left the node's hands (written, or given up): claim now if work is known to wait. */
  void roomFreed() {
    if (decisions.workWaiting()) {
      wake();
    }
  }

  /** Claims no more (graceful shutdown begins); everything else goes on until {@link #stop}. */
  void stopClaiming() {
    claiming = false;
  }

  /** Writes what is queued, then stops; waits at most until the deadline (nanoTime). */
  void stop(long deadlineNanos) {
    accepting = false;
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
    List<Accept> acceptsNow = new ArrayList<>();
    try {
      while (running || !queue.isEmpty() || !overflow.isEmpty()) {
        Entry first =
            queue.poll(
                decisions.waitNanos(System.nanoTime(), node(), !overflow.isEmpty()),
                TimeUnit.NANOSECONDS);
        RoundDecisions.Plan plan = decisions.plan(System.nanoTime(), node());
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
        }
        if (RoundDecisions.linger(plan, !overflow.isEmpty()) && onlyOutcomes(batch)) {
          lingerForCompany(batch);
        }
        batch.removeIf(e -> e instanceof Wake);
        takeAccepts(batch, acceptsNow);
        if (batch.isEmpty() && acceptsNow.isEmpty() && !plan.renew() && plan.claim() == 0) {
          continue;
        }
        RoundDecisions.Result result = writer.write(acceptsNow, batch, plan);
        batch.clear();
        acceptsNow.clear();
        decisions.written(System.nanoTime(), plan, result);
      }
    } catch (InterruptedException e) {
      death = e;
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      death = e;
      LOG.error(
          "the outbox's writer thread failed; this node accepts nothing more, stops sending, and"
              + " its leases will expire",
          e);
      throw e;
    } finally {
      running = false;
      ended = true;
      // whoever waits or comes later hears it at once instead of waiting for a commit that will
      // not happen
      RuntimeException failure =
          death == null ? new IllegalStateException("the outbox is closed") : died();
      acceptsNow.forEach(a -> a.result().completeExceptionally(failure));
      overflow.forEach(a -> a.result().completeExceptionally(failure));
      for (Entry left : batch) {
        abandon(left, failure);
      }
      Entry left;
      while ((left = queue.poll()) != null) {
        abandon(left, failure);
      }
    }
  }

  private static boolean onlyOutcomes(List<Entry> batch) {
    if (batch.isEmpty()) {
      return false;
    }
    for (Entry e : batch) {
      if (!(e instanceof Done)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A round of outcomes only waits up to {@link #OUTCOME_LINGER_NANOS} for anything else (an
   * accept, a send start, a claim) to share its commit. A node taking requests one at a time would
   * otherwise commit twice per message (its accept, its outcome); an outcome is then recorded a few
   * milliseconds later, which nobody waits for but {@code ?wait} callers.
   */
  private void lingerForCompany(List<Entry> batch) throws InterruptedException {
    long until = System.nanoTime() + OUTCOME_LINGER_NANOS;
    while (running && onlyOutcomes(batch)) {
      long left = until - System.nanoTime();
      Entry next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch, MAX_BATCH - batch.size());
    }
  }

  /**
   * Moves the accepts of {@code batch} (after those left over from the last round) into {@code
   * into}, at most {@code acceptBatch}; the rest wait for the next round.
   */
  private void takeAccepts(List<Entry> batch, List<Accept> into) {
    batch.removeIf(
        e -> {
          if (e instanceof Accept a) {
            overflow.add(a);
            return true;
          }
          return false;
        });
    while (into.size() < config.acceptBatch() && !overflow.isEmpty()) {
      into.add(overflow.poll());
    }
  }

  /** The node as the round's decisions see it now. */
  private RoundDecisions.Node node() {
    return new RoundDecisions.Node(claiming, capacity, senders.room(), senders.hungry());
  }

  private static void abandon(Entry entry, RuntimeException failure) {
    if (entry instanceof Start s) {
      s.mine().complete(false);
    } else if (entry instanceof Release r) {
      r.written().completeExceptionally(new IllegalStateException("the ledger stopped"));
    } else if (entry instanceof Accept a) {
      a.result().completeExceptionally(failure);
    }
  }
}
