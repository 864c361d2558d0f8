package dev.authmail.runtime.outbox;

import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.Dialect;
import dev.authmail.runtime.storage.SqlTime;
import dev.authmail.runtime.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction that writes one round of the {@link Ledger}: what is queued (accepts, send
 * starts, outcomes, releases) and what {@link RoundDecisions} planned besides (lease renewal, hand
 * off, claim), in one commit; then everyone concerned is told (accept futures, send starts,
 * releases, {@link Senders#claimed}, {@link Senders#written}). Runs only on the ledger's thread.
 *
 * <p>Failures: a round with accepts that fails is rolled back, each accept retried in its own
 * transaction ({@code acceptAlone}, again on an idempotency race) and the rest written again
 * without them; a round that still fails answers its send starts {@code false}, fails its releases
 * and retries its outcomes alone a few times ({@code retryOutcomes}) before giving them up (their
 * leases run out).
 */
final class RoundWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RoundWriter.class);

  private final Database db;
  private final WorkStore store;
  private final AcceptStore accepts;
  private final OutboxConfig config;
  private final Clock clock;
  private final Senders senders;
  private final RoundDecisions decisions;

  /** Whether the node claims now (hand-off and claim need it). */
  private final BooleanSupplier claiming;

  /** Whether the ledger still runs (outcomes are not retried past its stop). */
  private final BooleanSupplier running;

  RoundWriter(
      Database db,
      WorkStore store,
      AcceptStore accepts,
      OutboxConfig config,
      Clock clock,
      Senders senders,
      RoundDecisions decisions,
      BooleanSupplier claiming,
      BooleanSupplier running) {
    this.db = db;
    this.store = store;
    this.accepts = accepts;
    this.config = config;
    this.clock = clock;
    this.senders = senders;
    this.decisions = decisions;
    this.claiming = claiming;
    this.running = running;
  }

  /** What is queued for a round, by kind (accepts first taken from the ledger's overflow). */
  private record Queued(
      List<Ledger.Accept> accepts,
      List<Ledger.Start> starts,
      List<Ledger.Done> dones,
      List<Ledger.Release> releases) {
    static Queued of(List<Ledger.Accept> accepts, List<Ledger.Entry> batch) {
      List<Ledger.Start> starts = new ArrayList<>();
      List<Ledger.Done> dones = new ArrayList<>();
      List<Ledger.Release> releases = new ArrayList<>();
      for (Ledger.Entry e : batch) {
        if (e instanceof Ledger.Start s) {
          starts.add(s);
        } else if (e instanceof Ledger.Done d) {
          dones.add(d);
        } else if (e instanceof Ledger.Release r) {
          releases.add(r);
        }
      }
      return new Queued(accepts, starts, dones, releases);
    }

    Queued withoutAccepts() {
      return new Queued(List.of(), starts, dones, releases);
    }

    boolean isEmpty() {
      return accepts.isEmpty() && starts.isEmpty() && dones.isEmpty() && releases.isEmpty();
    }

    List<Outcome> outcomes() {
      List<Outcome> outcomes = new ArrayList<>(dones.size());
      dones.forEach(d -> outcomes.add(d.outcome()));
      return outcomes;
    }
  }

  /** A round's moment: now, and the lease's end for what it renews or leases. */
  private record Moment(Instant now, Instant until) {}

  /**
   * What a round's transaction wrote: the accepts' results, whether each send start was this
   * node's, the messages now leased to it (the first {@code direct} recorded as started), how many
   * accepted messages were left QUEUED.
   */
  private record Wrote(
      List<AcceptResult> results,
      boolean[] started,
      List<Claimed> taken,
      int direct,
      int leftQueued,
      RoundDecisions.Result result) {}

  /**
   * Writes one round (and claims up to {@code plan.claim()}) in one transaction. If a round with
   * accepts fails, each accept is retried in its own transaction and the rest written again without
   * them, so one bad accept (an idempotency race with another node) fails nothing else.
   */
  RoundDecisions.Result write(
      List<Ledger.Accept> acceptsNow, List<Ledger.Entry> batch, RoundDecisions.Plan plan) {
    Queued queued = Queued.of(acceptsNow, batch);
    if (!acceptsNow.isEmpty()) {
      try {
        return round(queued, plan);
      } catch (RuntimeException e) {
        LOG.debug(
            "a round with {} accepts failed; accepting them one by one: {}",
            acceptsNow.size(),
            e.getMessage());
        acceptsNow.forEach(this::acceptAlone);
        decisions.workWaits();
        queued = queued.withoutAccepts();
      }
    }
    try {
      return round(queued, plan);
    } catch (RuntimeException e) {
      LOG.warn(
          "writing {} outcomes, {} starts, {} releases{}{} failed: {}",
          queued.dones().size(),
          queued.starts().size(),
          queued.releases().size(),
          plan.renew() ? ", the lease renewal" : "",
          plan.claim() > 0 ? ", a claim" : "",
          e.getMessage());
      queued.starts().forEach(s -> s.mine().complete(false));
      queued.releases().forEach(r -> r.written().completeExceptionally(e));
      if (!queued.dones().isEmpty()) {
        tell(queued.dones(), retryOutcomes(queued.outcomes()));
      }
      return RoundDecisions.Result.FAILED;
    }
  }

  /** One transaction; on success tells everyone concerned, on failure throws (nothing written). */
  private RoundDecisions.Result round(Queued queued, RoundDecisions.Plan plan) {
    Instant now = clock.instant();
    Moment at = new Moment(now, SqlTime.truncate(now.plus(config.lease())));
    List<Lease> renewing = new ArrayList<>();
    if (plan.renew()) {
      for (Lease lease : senders.held()) {
        if (lease.holdsAt(now)) {
          renewing.add(lease);
        }
      }
    }
    if (queued.isEmpty() && renewing.isEmpty() && plan.claim() == 0) {
      return new RoundDecisions.Result(
          false, true, 0, 0); // nothing to write (a renewal of no leases)
    }
    Wrote wrote =
        transaction(
            !queued.accepts().isEmpty(), c -> writeIn(c, queued, renewing, plan.claim(), at));
    tellWritten(queued, renewing, wrote, at);
    return wrote.result();
  }

  /**
   * The round's statements, in the transaction {@code c}. Fresh accepts that the node takes at once
   * (as {@link RoundDecisions#handOff} allows) are inserted already leased, the first of them (as
   * many as senders are idle) with their send start recorded; then the claim takes what room is
   * left, and its first messages go to the senders still idle.
   */
  private Wrote writeIn(Connection c, Queued queued, List<Lease> renewing, int want, Moment at)
      throws SQLException {
    String node = config.nodeId();
    List<AcceptStore.Pending> pendings = new ArrayList<>(queued.accepts().size());
    queued.accepts().forEach(a -> pendings.add(a.pending()));
    int room = claiming.getAsBoolean() ? senders.room() : 0;
    int idle = senders.idleSenders();
    int handOff = decisions.handOff(pendings.size(), room);
    // on an embedded database (one process) the caller serializes accepts instead of locking rows
    AcceptStore.Batch batch =
        pendings.isEmpty()
            ? new AcceptStore.Batch(List.of(), new AcceptStore.Stored[0])
            : accepts.accept(
                c,
                pendings,
                at.now(),
                !db.exclusive(),
                new AcceptStore.Take(
                    node, at.until(), handOff, RoundDecisions.direct(handOff, idle)));
    if (!renewing.isEmpty()) {
      store.renew(c, node, ids(renewing), at.until());
    }
    List<Lease> released = new ArrayList<>();
    queued.releases().forEach(r -> released.addAll(r.leases()));
    store.release(c, node, ids(released), at.now());
    store.complete(c, queued.outcomes());
    List<Lease> starting = new ArrayList<>(queued.starts().size());
    queued.starts().forEach(s -> starting.add(s.lease()));
    boolean[] started = store.markStarted(c, node, ids(starting), at.now());
    return claim(c, pendings, batch, want, room, idle, at, started);
  }

  /**
   * Sorts the round's own messages (started, leased, left QUEUED), claims up to what room is left
   * (as {@link RoundDecisions} says) and records the start of as many claimed as senders are still
   * idle. The messages taken come started first, as {@link Senders#claimed} wants them.
   */
  private Wrote claim(
      Connection c,
      List<AcceptStore.Pending> pendings,
      AcceptStore.Batch batch,
      int want,
      int room,
      int idle,
      Moment at,
      boolean[] started)
      throws SQLException {
    String node = config.nodeId();
    // the messages this round stored as QUEUED (not replays, not cancelled by a later accept of the
    // round) wait for a claim
    Set<Integer> superseded = AcceptStore.supersededWithin(pendings, batch.results());
    List<Claimed> startedNow = new ArrayList<>();
    List<Claimed> leasedNow = new ArrayList<>();
    int leftQueued = 0;
    for (int i = 0; i < pendings.size(); i++) {
      switch (batch.stored()[i]) {
        case STARTED -> startedNow.add(pendings.get(i).claimedBy(node, at.now(), at.until()));
        case LEASED -> leasedNow.add(pendings.get(i).claimedBy(node, at.now(), at.until()));
        case QUEUED -> leftQueued += superseded.contains(i) ? 0 : 1;
        case NOT -> {}
      }
    }
    int handedOff = startedNow.size() + leasedNow.size();
    int claimWanted = RoundDecisions.claimAfterHandOff(want, room, handedOff);
    int claimed = 0;
    if (claimWanted > 0) {
      List<Claimed> found = store.claim(c, node, at.now(), config.lease(), claimWanted);
      claimed = found.size();
      int direct = RoundDecisions.direct(found.size(), idle - startedNow.size());
      if (direct > 0) {
        List<String> ids = new ArrayList<>(direct);
        found.subList(0, direct).forEach(m -> ids.add(m.id()));
        store.markStarted(c, node, ids, at.now()); // leased by this transaction: all held
        startedNow.addAll(found.subList(0, direct));
      }
      leasedNow.addAll(found.subList(Math.max(direct, 0), found.size()));
    }
    List<Claimed> taken = new ArrayList<>(startedNow.size() + leasedNow.size());
    taken.addAll(startedNow);
    taken.addAll(leasedNow);
    return new Wrote(
        batch.results(),
        started,
        taken,
        startedNow.size(),
        leftQueued,
        new RoundDecisions.Result(false, true, claimWanted, claimed));
  }

  /** After the commit: everyone concerned hears what was written. */
  private void tellWritten(Queued queued, List<Lease> renewing, Wrote wrote, Moment at) {
    for (int i = 0; i < queued.accepts().size(); i++) {
      queued.accepts().get(i).result().complete(wrote.results().get(i));
    }
    renewing.forEach(l -> l.extend(at.now(), at.until()));
    for (int i = 0; i < queued.starts().size(); i++) {
      queued.starts().get(i).mine().complete(wrote.started()[i]);
    }
    queued.releases().forEach(r -> r.written().complete(null));
    if (!wrote.taken().isEmpty()) {
      senders.claimed(wrote.taken(), wrote.direct());
    }
    if (wrote.leftQueued() > 0) {
      decisions.workWaits(); // accepted but left QUEUED: claim them when there is room
    }
    tell(queued.dones(), true);
  }

  private static List<String> ids(List<Lease> leases) {
    List<String> ids = new ArrayList<>(leases.size());
    leases.forEach(l -> ids.add(l.id()));
    return ids;
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
  private void acceptAlone(Ledger.Accept accept) {
    for (int attempt = 1; ; attempt++) {
      Instant now = clock.instant();
      try {
        accept
            .result()
            .complete(
                transaction(
                        true,
                        c -> accepts.accept(c, List.of(accept.pending()), now, !db.exclusive()))
                    .get(0));
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

  private void tell(List<Ledger.Done> dones, boolean recorded) {
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
        if (attempt >= 5 || !running.getAsBoolean()) {
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
