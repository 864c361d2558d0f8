package dev.authmail.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.storage.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease scenarios on SQLite in a file, plus what only the embedded database allows: a restarted
 * process takes its dead predecessor's sends over at once.
 */
class SqliteLeaseOutboxTest extends LeaseContractTest {
  @TempDir Path dir;

  @Override
  Database openDatabase() {
    return Database.open(url());
  }

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("authmail.db").toAbsolutePath();
  }

  @Test
  void restartOnEmbeddedSqliteTakesTheDeadProcessesSendsOverAtOnce() {
    FakeConnector primary = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary));
    Outbox before = outbox(c -> c.lease(Duration.ofSeconds(30)));
    String started = accepted(before.accept(signIn("vic@example.com", "1")));
    String unstarted = accepted(before.accept(signIn("wes@example.com", "1")));
    // the process claims both, starts sending one, and is killed
    before.workStore().claim("killed-process", clock.instant(), Duration.ofSeconds(30), 10);
    before
        .workStore()
        .transaction(
            c ->
                before
                    .workStore()
                    .markStarted(c, "killed-process", List.of(started), clock.instant()));
    db.close();

    db = Database.open(url()); // the restarted process, with no time passed: the leases still run
    Outbox after = outbox(c -> c.lease(Duration.ofSeconds(30)));
    after.start();
    MessageView startedView = waitForStatus(after, started, MessageStatus.DELIVERED);
    MessageView unstartedView = waitForStatus(after, unstarted, MessageStatus.DELIVERED);

    assertThat(startedView.maybeDuplicate()).isTrue();
    assertThat(unstartedView.maybeDuplicate()).isFalse();
    assertThat(primary.sendsById()).containsOnly(Map.entry(started, 1), Map.entry(unstarted, 1));
  }
}
