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

  private RoundWriter writer(Outbox outbox, Senders senders) {
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
        () -> false,
        () -> true);
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
