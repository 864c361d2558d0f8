package dev.authmail.runtime.outbox;

import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.Dialect;
import dev.authmail.runtime.storage.SqlTime;
import dev.authmail.runtime.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread through which a node writes the outbox: accepts, claims, send starts, lease
 * renewals, outcomes and releases. Everything waiting at a moment goes into one transaction, so a
 * busy node pays about one commit per round, not per message (on SQLite with power-loss
 * durability a commit is an fsync); and because only this thread updates the node's leased rows, its statements never wait on
 * each other.
 *
 * <ul>
 *   <li><b>Accept</b> (group commit): every accept waiting is decided and inserted in the round's
 *       transaction (at most {@code acceptBatch}; later ones see the rows of earlier ones, so a
 *       batch behaves like the same accepts one after another); each caller hears after the
 *       commit. When the node has room and no backlog (its last claim was not full), the
 *       messages accepted are leased to it in the same transaction and handed to its senders:
 *       no claim round, no second commit. If the round fails, it is rolled back and each accept
 *       retried in its own transaction, so one bad request never fails the others.
 *   <li><b>Claim</b>: when the node has room (half its capacity free, or its senders short of
 *       work) and work may be due (an accept on this node left messages QUEUED, the last claim
 *       came back full, or {@code pollInterval} passed), due messages are claimed under a lease.
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
 * <p>Thread-safe: any thread may submit. A round that holds only outcomes waits up to 5 ms for
 * anything else to share its commit.
 */
final class Ledger {
  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
  private static final int MAX_BATCH = 1024;
  private static final long OUTCOME_LINGER_NANOS = 5_000_000L;


  private sealed interface Entry permits Accept, Start, Done, Release, Wake {}

  private record Accept(AcceptStore.Pending pending, CompletableFuture<AcceptResult> result) implements Entry {}

  private record Start(Lease lease, CompletableFuture<Boolean> mine) implements Entry {}

  /** An outcome to write. */
  record Done(Lease lease, Outcome outcome) implements Entry {}

  private record Release(List<Lease> leases, CompletableFuture<Void> written) implements Entry {}

  /** Unblocks the thread: work may be due. */
  private record Wake() implements Entry {}

  private static final Wake WAKE = new Wake();

  /**
   * The node's senders as the ledger sees them: what they hold (renewed every lease / 3), how much
   * they can take (claims), and where written outcomes go. {@link WorkerPool} is the one
   * implementation; {@link #NONE} is a node without senders.
   */
  interface Senders {
    /** The most messages the node holds at once. */
    int capacity();

    /** The leases this node holds now. */
    Collection<Lease> held();

    /**
     * Called on the ledger's thread after outcomes were written (or given up).
     *
     * @param recorded whether they reached the database (else their leases will run out)
     */
    void written(List<Done> dones, boolean recorded);

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

    /** A node without senders: accepts only. */
    Senders NONE = new Senders() {
      @Override
      public int capacity() {
        return 0;
      }

      @Override
      public Collection<Lease> held() {
        return List.of();
      }

      @Override
      public void written(List<Done> dones, boolean recorded) {}

      @Override
      public int room() {
        return 0;
      }

      @Override
      public boolean hungry() {
        return false;
      }

      @Override
      public int idleSenders() {
        return 0;
      }

      @Override
      public void claimed(List<Claimed> messages, int started) {
        throw new IllegalStateException("a node without senders claims nothing");
      }
    };
  }

  private final Database db;
  private final WorkStore store;
  private final AcceptStore accepts;
  private final OutboxConfig config;
  private final Clock clock;
  private final Senders senders;
  private final int capacity;
  private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final RoundDecisions decisions;
  /** Accepts beyond {@code acceptBatch} drained in one round: the next round's first. */
  private final ArrayDeque<Accept> overflow = new ArrayDeque<>();
  private volatile Thread thread;
  private volatile boolean running;
  private volatile boolean accepting;
  private volatile boolean claiming;
  /** The thread has ended (stopped, or died: then {@link #death} says why). */
  private volatile boolean ended;
  private volatile Throwable death;

  /** Built by {@link Outbox} only, which wires it to its senders. */
  Ledger(Database db, WorkStore store, AcceptStore accepts, OutboxConfig config, Clock clock, Senders senders) {
    this.db = db;
    this.store = store;
    this.accepts = accepts;
    this.config = config;
    this.clock = clock;
    this.senders = senders;
    this.capacity = senders.capacity();
    this.decisions = new RoundDecisions(System.nanoTime(), config.lease(), config.pollInterval(), config.claimBatch());
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
    return new StorageException("the outbox's writer thread has stopped; nothing is accepted until"
        + " the runtime is restarted", death);
  }

  /** Whether accepts are taken: not closed and the thread is alive. */
  boolean isAccepting() {
    return accepting && !ended && thread != null && thread.isAlive();
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
      LOG.warn("releasing {} leases failed; they will expire instead: {}", leases.size(), e.getMessage());
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
        Entry first = queue.poll(decisions.waitNanos(System.nanoTime(), node(), !overflow.isEmpty()), TimeUnit.NANOSECONDS);
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
        RoundDecisions.Result result = write(acceptsNow, batch, plan);
        batch.clear();
        acceptsNow.clear();
        decisions.written(System.nanoTime(), plan, result);
      }
    } catch (InterruptedException e) {
      death = e;
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      death = e;
      LOG.error("the outbox's writer thread failed; this node accepts nothing more, stops sending, and its"
          + " leases will expire", e);
      throw e;
    } finally {
      running = false;
      ended = true;
      // whoever waits or comes later hears it at once instead of waiting for a commit that will
      // not happen
      RuntimeException failure = death == null ? new IllegalStateException("the outbox is closed") : died();
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
   * otherwise commit twice per message (its accept, its outcome); an outcome is then recorded a
   * few milliseconds later, which nobody waits for but {@code ?wait} callers.
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
   * Moves the accepts of {@code batch} (after those left over from the last round) into
   * {@code into}, at most {@code acceptBatch}; the rest wait for the next round.
   */
  private void takeAccepts(List<Entry> batch, List<Accept> into) {
    batch.removeIf(e -> {
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

  /**
   * What a round's transaction wrote: the accepts' results, whether each send start was this
   * node's, the messages now leased to it (the first {@code direct} recorded as started), how many
   * accepted messages were left QUEUED.
   */
  private record Wrote(List<AcceptResult> results, boolean[] started, List<Claimed> taken, int direct,
      int leftQueued, RoundDecisions.Result result) {}

  private static void abandon(Entry entry, RuntimeException failure) {
    if (entry instanceof Start s) {
      s.mine().complete(false);
    } else if (entry instanceof Release r) {
      r.written().completeExceptionally(new IllegalStateException("the ledger stopped"));
    } else if (entry instanceof Accept a) {
      a.result().completeExceptionally(failure);
    }
  }

  /**
   * Writes one round (and claims up to {@code want}) in one transaction. If a round with accepts
   * fails, each accept is retried in its own transaction and the rest written again without them,
   * so one bad accept (an idempotency race with another node) fails nothing else.
   */
  private RoundDecisions.Result write(List<Accept> acceptsNow, List<Entry> batch, RoundDecisions.Plan plan) {
    boolean renew = plan.renew();
    int want = plan.claim();
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
    if (!acceptsNow.isEmpty()) {
      try {
        return round(acceptsNow, starts, dones, releases, renew, want);
      } catch (RuntimeException e) {
        LOG.debug("a round with {} accepts failed; accepting them one by one: {}", acceptsNow.size(), e.getMessage());
        acceptsNow.forEach(this::acceptAlone);
        decisions.workWaits();
      }
    }
    try {
      return round(List.of(), starts, dones, releases, renew, want);
    } catch (RuntimeException e) {
      LOG.warn("writing {} outcomes, {} starts, {} releases{}{} failed: {}", dones.size(), starts.size(),
          releases.size(), renew ? ", the lease renewal" : "", want > 0 ? ", a claim" : "", e.getMessage());
      starts.forEach(s -> s.mine().complete(false));
      releases.forEach(r -> r.written().completeExceptionally(e));
      if (!dones.isEmpty()) {
        List<Outcome> outcomes = new ArrayList<>(dones.size());
        dones.forEach(d -> outcomes.add(d.outcome()));
        tell(dones, retryOutcomes(outcomes));
      }
      return RoundDecisions.Result.FAILED;
    }
  }

  /** One transaction; on success tells everyone concerned, on failure throws (nothing written). */
  private RoundDecisions.Result round(List<Accept> acceptsNow, List<Start> starts, List<Done> dones, List<Release> releases,
      boolean renew, int want) {
    Instant now = clock.instant();
    Instant until = SqlTime.truncate(now.plus(config.lease()));
    List<Lease> renewing = new ArrayList<>();
    if (renew) {
      for (Lease lease : senders.held()) {
        if (lease.holdsAt(now)) {
          renewing.add(lease);
        }
      }
    }
    if (acceptsNow.isEmpty() && starts.isEmpty() && dones.isEmpty() && releases.isEmpty()
        && renewing.isEmpty() && want == 0) {
      return new RoundDecisions.Result(false, true, 0, 0); // nothing to write (a renewal of no leases)
    }
    List<AcceptStore.Pending> pendings = new ArrayList<>(acceptsNow.size());
    acceptsNow.forEach(a -> pendings.add(a.pending()));
    List<String> startIds = new ArrayList<>(starts.size());
    starts.forEach(s -> startIds.add(s.lease().id()));
    List<String> releaseIds = new ArrayList<>();
    releases.forEach(r -> r.leases().forEach(l -> releaseIds.add(l.id())));
    List<Outcome> outcomes = new ArrayList<>(dones.size());
    dones.forEach(d -> outcomes.add(d.outcome()));
    String node = config.nodeId();
    Wrote wrote = transaction(!pendings.isEmpty(), c -> {
      // on an embedded database (one process) the caller serializes accepts instead of locking rows
      List<AcceptResult> results = pendings.isEmpty() ? List.of() : accepts.accept(c, pendings, now, !db.exclusive());
      if (!renewing.isEmpty()) {
        List<String> ids = new ArrayList<>(renewing.size());
        renewing.forEach(l -> ids.add(l.id()));
        store.renew(c, node, ids, until);
      }
      store.release(c, node, releaseIds, now);
      store.complete(c, outcomes);
      boolean[] started = store.markStarted(c, node, startIds, now);
      // the messages this round stored as QUEUED (not replays, not cancelled by a later accept of the round)
      Set<Integer> superseded = AcceptStore.supersededWithin(pendings, results);
      List<Claimed> fresh = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i) instanceof AcceptResult.Accepted a && !a.replayed() && !superseded.contains(i)) {
          fresh.add(pendings.get(i).claimedBy(node, now, until));
        }
      }
      int room = claiming ? senders.room() : 0;
      List<Claimed> taken = new ArrayList<>();
      int handOff = decisions.handOff(fresh.size(), room);
      if (handOff > 0) {
        taken.addAll(store.lease(c, node, fresh.subList(0, handOff), now));
      }
      int leftQueued = fresh.size() - taken.size();
      int claimWanted = RoundDecisions.claimAfterHandOff(want, room, taken.size());
      int claimed = 0;
      if (claimWanted > 0) {
        List<Claimed> found = store.claim(c, node, now, config.lease(), claimWanted);
        claimed = found.size();
        taken.addAll(found);
      }
      int direct = RoundDecisions.direct(taken.size(), senders.idleSenders());
      if (direct > 0) {
        List<String> ids = new ArrayList<>(direct);
        taken.subList(0, direct).forEach(m -> ids.add(m.id()));
        store.markStarted(c, node, ids, now); // leased by this transaction: all held
      }
      return new Wrote(results, started, taken, direct, leftQueued, new RoundDecisions.Result(false, true, claimWanted, claimed));
    });
    for (int i = 0; i < acceptsNow.size(); i++) {
      acceptsNow.get(i).result().complete(wrote.results().get(i));
    }
    renewing.forEach(l -> l.extend(now, until));
    for (int i = 0; i < starts.size(); i++) {
      starts.get(i).mine().complete(wrote.started()[i]);
    }
    releases.forEach(r -> r.written().complete(null));
    if (!wrote.taken().isEmpty()) {
      senders.claimed(wrote.taken(), wrote.direct());
    }
    if (wrote.leftQueued() > 0) {
      decisions.workWaits(); // accepted but left QUEUED: claim them when there is room
    }
    tell(dones, true);
    return wrote.result();
  }

  /**
   * A transaction of the round. One with accepts on an embedded database holds the database's
   * monitor: there, accepts are serialized by the database (SQLite's one writer) and the monitor
   * instead of by locking {@code rate_limit_locks} rows, which would be rows written for nothing.
   */
  private <T> T transaction(boolean withAccepts, Database.SqlWork<T> work) {
    if (withAccepts && db.exclusive()) {
      synchronized (db) {
        return store.transaction(work);
      }
    }
    return store.transaction(work);
  }

  /** An accept in its own transaction, after its round failed; retried on an idempotency race. */
  private void acceptAlone(Accept accept) {
    for (int attempt = 1; ; attempt++) {
      Instant now = clock.instant();
      try {
        accept.result().complete(transaction(true,
            c -> accepts.accept(c, List.of(accept.pending()), now, !db.exclusive())).get(0));
        return;
      } catch (StorageException e) {
        boolean race = e.sqlException() != null && Dialect.isUniqueViolation(e.sqlException());
        if (!race || attempt >= 3) {
          accept.result().completeExceptionally(e);
          return;
        }
        // another node inserted the same idempotency key meanwhile: the next try finds it
      } catch (RuntimeException e) {
        accept.result().completeExceptionally(e);
        return;
      }
    }
  }

  private void tell(List<Done> dones, boolean recorded) {
    if (dones.isEmpty()) {
      return;
    }
    try {
      senders.written(dones, recorded);
    } catch (RuntimeException e) {
      LOG.warn("handling written outcomes failed", e);
    }
  }

  /** Retries writing outcomes alone a few times; {@code false} when it gave up. */
  private boolean retryOutcomes(List<Outcome> outcomes) {
    for (int attempt = 2; ; attempt++) {
      pause(config.pollInterval());
      try {
        store.complete(outcomes);
        return true;
      } catch (RuntimeException e) {
        if (attempt >= 5 || !running) {
          // the leases run out (this node stops renewing them) and another worker takes the
          // messages over, marked maybe-duplicate since their sends had started
          LOG.error("recording {} outcomes failed; their leases will expire", outcomes.size(), e);
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
