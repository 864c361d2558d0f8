package dev.authmail.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.storage.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RoundWriter} on its own, without the ledger's thread, on a real SQLite file: what each
 * caller of a round hears after its commit, and after a failed one.
 */
class RoundWriterTest extends OutboxScenarios {
  private static final RoundDecisions.Plan NOTHING_ELSE = new RoundDecisions.Plan(false, 0);

  @TempDir Path dir;

  @Override
  Database openDatabase() {
    return Database.open("jdbc:sqlite:" + dir.resolve("authmail.db").toAbsolutePath());
  }

  /** Senders that hold nothing and record what they are told. */
  private static final class Told implements Senders {
    final List<Ledger.Done> written = new ArrayList<>();
    final List<Boolean> recorded = new ArrayList<>();

    @Override
    public int capacity() {
      return 0;
    }

    @Override
    public Collection<Lease> held() {
      return List.of();
    }

    @Override
    public void written(List<Ledger.Done> dones, boolean recorded) {
      written.addAll(dones);
      this.recorded.add(recorded);
    }

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
      throw new AssertionError("nothing is claimed in these rounds");
    }
  }

  /** Senders with room and idle senders that keep what they are handed. */
  private static final class Taking implements Senders {
    final int room;
    final int idle;
    final List<Claimed> claimed = new ArrayList<>();
    int started;

    Taking(int room, int idle) {
      this.room = room;
      this.idle = idle;
    }

    @Override
    public int capacity() {
      return room;
    }

    @Override
    public Collection<Lease> held() {
      return List.of();
    }

    @Override
    public void written(List<Ledger.Done> dones, boolean recorded) {}

    @Override
    public int room() {
      return room - claimed.size();
    }

    @Override
    public boolean hungry() {
      return true;
    }

    @Override
    public int idleSenders() {
      return idle;
    }

    @Override
    public void claimed(List<Claimed> messages, int started) {
      claimed.addAll(messages);
      this.started += started;
    }
  }

  private RoundWriter writer(Outbox outbox, Senders senders) {
    return writer(outbox, senders, false);
  }

  private RoundWriter writer(Outbox outbox, Senders senders, boolean claiming) {
    OutboxConfig config = outbox.config();
    return new RoundWriter(
        db,
        outbox.workStore(),
        new AcceptStore(db.dialect(), config),
        config,
        clock,
        senders,
        new RoundDecisions(
            System.nanoTime(), config.lease(), config.pollInterval(), config.claimBatch()),
        () -> claiming,
        () -> true);
  }

  private static Ledger.Accept accept(NewMessage command, java.time.Instant now) {
    return new Ledger.Accept(
        new AcceptStore.Pending(
            command,
            MessageIds.next(now),
            Fingerprints.requestHash(command),
            Fingerprints.recipientKey(command.to()),
            PayloadJson.write(command.payload())),
        new CompletableFuture<>());
  }

  /** status, lease owner, send started (1/0) of a message, as stored. */
  private String stored(String id) {
    return db.read(
        c -> {
          try (var s =
              c.prepareStatement(
                  "SELECT status, lease_owner, send_started_at FROM messages WHERE id = ?")) {
            s.setString(1, id);
            try (var rs = s.executeQuery()) {
              rs.next();
              return rs.getString(1)
                  + " "
                  + rs.getString(2)
                  + " "
                  + (rs.getObject(3) == null ? "not-started" : "started");
            }
          }
        });
  }

  @Test
  void aRoundInsertsTheAcceptsItTakesAlreadyLeasedAndStartedAndStillSupersedesWithinTheRound()
      throws Exception {
    Outbox outbox = outbox(c -> c.workerThreads(0));
    String node = outbox.config().nodeId();
    Ledger.Accept ann = accept(signIn("ann@example.com", "1"), clock.instant());
    Ledger.Accept bob = accept(signIn("bob@example.com", "2"), clock.instant());
    Ledger.Accept cid = accept(signIn("cid@example.com", "3"), clock.instant());
    Ledger.Accept annAgain = accept(signIn("ann@example.com", "4"), clock.instant());
    Taking senders = new Taking(2, 1);

    writer(outbox, senders, true).write(List.of(ann, bob, cid, annAgain), List.of(), NOTHING_ELSE);

    // ann's first code: a later accept of the round supersedes it, so it was stored QUEUED
    assertThat(stored(ann.pending().id())).isEqualTo("CANCELLED null not-started");
    // room for two, one sender idle: bob is handed off started, cid leased, annAgain waits
    assertThat(stored(bob.pending().id())).isEqualTo("SENDING " + node + " started");
    assertThat(stored(cid.pending().id())).isEqualTo("SENDING " + node + " not-started");
    assertThat(stored(annAgain.pending().id())).isEqualTo("QUEUED null not-started");
    assertThat(senders.claimed)
        .extracting(Claimed::id)
        .containsExactly(bob.pending().id(), cid.pending().id());
    assertThat(senders.started).isEqualTo(1);
    for (Ledger.Accept a : List.of(ann, bob, cid, annAgain)) {
      assertThat(a.result().get()).isInstanceOf(AcceptResult.Accepted.class);
    }
  }

  /**
   * Three messages accepted and leased: the first two to {@code node}, the third to another node.
   */
  private List<Lease> leases(Outbox outbox, String node) {
    accepted(outbox.accept(signIn("ann@example.com", "1")));
    accepted(outbox.accept(signIn("bob@example.com", "2")));
    accepted(outbox.accept(signIn("cid@example.com", "3")));
    List<Lease> leases = new ArrayList<>();
    outbox
        .workStore()
        .claim(node, clock.instant(), Duration.ofSeconds(30), 2)
        .forEach(m -> leases.add(new Lease(m)));
    outbox
        .workStore()
        .claim("other-node", clock.instant(), Duration.ofSeconds(30), 1)
        .forEach(m -> leases.add(new Lease(m)));
    assertThat(leases).hasSize(3);
    return leases;
  }

  @Test
  void aRoundTellsEachStartWhetherItsLeaseIsStillThisNodesAndCompletesItsReleases()
      throws Exception {
    Outbox outbox = outbox(c -> c.workerThreads(0));
    List<Lease> leases = leases(outbox, outbox.config().nodeId());
    Ledger.Start mine = new Ledger.Start(leases.get(0), new CompletableFuture<>());
    Ledger.Start theirs = new Ledger.Start(leases.get(2), new CompletableFuture<>());
    Ledger.Release release = new Ledger.Release(List.of(leases.get(1)), new CompletableFuture<>());

    RoundDecisions.Result result =
        writer(outbox, new Told()).write(List.of(), List.of(mine, theirs, release), NOTHING_ELSE);

    assertThat(result.failed()).isFalse();
    assertThat(mine.mine().get()).isTrue();
    assertThat(theirs.mine().get()).isFalse();
    assertThat(release.written()).isCompleted();
    assertThat(outbox.find(TENANT, leases.get(1).id()).orElseThrow().status())
        .isEqualTo(MessageStatus.QUEUED);
    assertThat(outbox.find(TENANT, leases.get(0).id()).orElseThrow().status())
        .isEqualTo(MessageStatus.SENDING);
  }

  @Test
  void aFailedRoundAnswersItsStartsNoAndFailsItsReleasesWithoutThrowing() {
    Outbox outbox = outbox(c -> c.workerThreads(0));
    List<Lease> leases = leases(outbox, outbox.config().nodeId());
    Ledger.Start start = new Ledger.Start(leases.get(0), new CompletableFuture<>());
    Ledger.Release release = new Ledger.Release(List.of(leases.get(1)), new CompletableFuture<>());
    RoundWriter writer = writer(outbox, new Told());
    db.close(); // every transaction fails from now on

    RoundDecisions.Result result = writer.write(List.of(), List.of(start, release), NOTHING_ELSE);

    assertThat(result).isEqualTo(RoundDecisions.Result.FAILED);
    assertThat(start.mine()).isCompletedWithValue(false);
    Assertions.assertThatThrownBy(() -> release.written().get())
        .isInstanceOf(ExecutionException.class);
    db = openDatabase(); // for the test's clean-up
  }
}
