package dev.authmail.runtime.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.storage.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store on both databases (the V5 migration of each): counts, merges, event idempotency, topic
 * binding.
 */
class SuppressionStoreTest {
  private static EmbeddedPostgres postgres;
  private static int databases;

  @TempDir Path dir;

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private Database open(String kind) throws Exception {
    if (kind.equals("sqlite")) {
      return Database.open("jdbc:sqlite:" + dir.resolve("authmail.db"));
    }
    synchronized (SuppressionStoreTest.class) {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().start();
      }
      String name = "suppression_" + (++databases);
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      return Database.open(postgres.getJdbcUrl("postgres", name), "postgres", "postgres", 4);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void eventsCountOnceAndABlockingReasonSticks(String kind) throws Exception {
    try (Database db = open(kind)) {
      SuppressionStore store = new SuppressionStore(db);
      Instant t0 = Instant.parse("2026-12-06T02:00:00Z");
      assertThat(store.record("t", "a@example.com", Reason.HARD_BOUNCE, "ses:aws", "sns:1#0", t0))
          .isPresent();
      assertThat(
              store.record(
                  "t",
                  "a@example.com",
                  Reason.HARD_BOUNCE,
                  "ses:aws",
                  "sns:1#0",
                  t0.plusSeconds(5)))
          .isEmpty();
      Suppression row =
          store
              .record(
                  "t", "a@example.com", Reason.SOFT_BOUNCE, "ses:aws", "sns:2#0", t0.plusSeconds(9))
              .orElseThrow();
      assertThat(row.reason()).isEqualTo(Reason.HARD_BOUNCE);
      assertThat(row.count()).isEqualTo(2);
      assertThat(store.find("t", "a@example.com").orElseThrow())
          .isEqualTo(
              new Suppression(
                  "t", "a@example.com", Reason.HARD_BOUNCE, "ses:aws", t0, t0.plusSeconds(9), 2));
      assertThat(store.find("other", "a@example.com")).isEmpty();
      assertThat(store.list("t", Reason.HARD_BOUNCE, 10)).hasSize(1);
      assertThat(store.list("t", Reason.COMPLAINT, 10)).isEmpty();
      assertThat(store.delete("t", "a@example.com")).isTrue();
      assertThat(store.delete("t", "a@example.com")).isFalse();

      assertThat(store.topic("t", "aws")).isEmpty();
      assertThat(store.bindTopic("t", "aws", "arn:1", t0)).isTrue();
      assertThat(store.bindTopic("t", "aws", "arn:2", t0)).isFalse();
      assertThat(store.topic("t", "aws")).contains("arn:1");
      assertThat(store.unbindTopic("t", "aws")).isTrue();
      assertThat(store.bindTopic("t", "aws", "arn:2", t0)).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void concurrentFirstEventsForOneAddressMakeOneRowWithEveryEventCounted(String kind)
      throws Exception {
    try (Database db = open(kind)) {
      SuppressionStore store = new SuppressionStore(db);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          String event = "sns:" + i;
          work.add(
              () ->
                  store
                      .record(
                          "t",
                          "race@example.com",
                          Reason.COMPLAINT,
                          "ses:aws",
                          event,
                          Instant.now())
                      .isPresent());
        }
        for (Future<Boolean> f : pool.invokeAll(work, 60, TimeUnit.SECONDS)) {
          assertThat(f.get()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(store.find("t", "race@example.com").orElseThrow().count()).isEqualTo(20);
    }
  }
}
