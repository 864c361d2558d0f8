package dev.authmail.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.storage.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox scenarios on SQLite in a file, the embedded default. */
class SqliteOutboxTest extends OutboxContractTest {
  @TempDir Path dir;

  @Override
  Database openDatabase() {
    return Database.open("jdbc:sqlite:" + dir.resolve("authmail.db").toAbsolutePath());
  }

  /**
   * Two codes for one recipient accepted in the same round of the writer (a user pressing "send
   * again" twice at once): the newer cancels the older, and the older is not handed to a sender
   * with the newer. On embedded SQLite a round with accepts holds the database's monitor, which the
   * test holds to gather both accepts into one round.
   */
  @Test
  void olderMessageSupersededInTheSameRoundIsNeitherHandedOffNorSent() throws Exception {
    FakeConnector primary = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary));
    Outbox outbox = outbox(c -> c.workerThreads(2));
    outbox.start();
    CompletableFuture<String> first;
    List<CompletableFuture<String>> sameRound = new ArrayList<>();
    synchronized (db) {
      first =
          CompletableFuture.supplyAsync(
              () -> accepted(outbox.accept(signIn("other@example.com", "0"))));
      awaitState(outbox.ledger().thread(), Thread.State.BLOCKED); // its round waits for the lock
      for (String code : List.of("1", "2")) {
        sameRound.add(
            CompletableFuture.supplyAsync(
                () -> accepted(outbox.accept(signIn("paula@example.com", code)))));
        sleep(200); // queued behind the blocked round, in this order
      }
    }
    first.get(10, TimeUnit.SECONDS);
    String older = sameRound.get(0).get(10, TimeUnit.SECONDS);
    String newer = sameRound.get(1).get(10, TimeUnit.SECONDS);

    waitForStatus(outbox, newer, MessageStatus.DELIVERED);
    assertThat(outbox.find(TENANT, older))
        .get()
        .extracting(MessageView::status)
        .isEqualTo(MessageStatus.CANCELLED);
    sleep(200);
    assertThat(primary.sendsById()).doesNotContainKey(older).containsKey(newer);
  }

  private static void awaitState(Thread thread, Thread.State state) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (thread.getState() != state && System.nanoTime() < deadline) {
      sleep(5);
    }
    assertThat(thread.getState()).isEqualTo(state);
  }
}
