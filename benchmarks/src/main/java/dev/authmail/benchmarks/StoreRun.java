package dev.authmail.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The outbox's write pattern alone, on each embedded store the project has used, so the choice of
 * store can be measured again ({@code --only store}). One writer thread, the runtime's schema (the
 * migrations of {@code db/migration} for H2, {@code db/sqlite} for SQLite, read from the runtime's
 * jar) and the statements of a ledger round, each prepared once per connection: per round, R new
 * messages inserted and leased with their send start recorded, and the R messages of the round
 * before finished (outcome update fenced on the lease, attempt inserted); one commit per round.
 *
 * <p>Stores: H2 2.x as the runtime configured it until it was replaced ({@code WRITE_DELAY=0},
 * {@code QUERY_CACHE_SIZE=64}; H2 is a dependency of this module only), SQLite WAL with {@code
 * synchronous=FULL} (power-loss durable, the default) and {@code NORMAL} ({@code
 * storage.durability: process-crash}). Prints CPU per message (process and writer thread), commits
 * per second and the file size after the run.
 */
final class StoreRun {
  enum Store {
    H2,
    SQLITE_FULL,
    SQLITE_NORMAL
  }

  /**
   * How a round stores the messages it hands to its senders: {@code QUEUED} inserted, then leased,
   * then started (an INSERT and two UPDATEs: the runtime until issue 13's third session), or {@code
   * LEASED}: inserted already leased and started (one INSERT: the runtime now).
   */
  enum Insert {
    QUEUED,
    LEASED
  }

  record Result(
      Store store,
      Insert insert,
      int round,
      double processMicros,
      double threadMicros,
      double perSecond,
      long bytes) {}

  private StoreRun() {}

  static Result run(Store store, Insert insert, int round, int warmup, int messages)
      throws IOException, SQLException {
    Path dir = Files.createTempDirectory("authmail-bench-store");
    try (Connection c = open(store, dir)) {
      migrate(c, store);
      Writer writer = new Writer(c, store == Store.H2, insert == Insert.LEASED);
      writer.rounds(round, warmup);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      double cpu = ProcCpu.seconds(ProcessHandle.current().pid());
      long thread = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      writer.rounds(round, messages);
      double seconds = (System.nanoTime() - start) / 1e9;
      double processMicros =
          (ProcCpu.seconds(ProcessHandle.current().pid()) - cpu) * 1e6 / messages;
      double threadMicros = (threads.getCurrentThreadCpuTime() - thread) / 1e3 / messages;
      c.close();
      return new Result(
          store, insert, round, processMicros, threadMicros, messages / seconds, size(dir));
    } finally {
      Main.deleteTree(dir);
    }
  }

  private static Connection open(Store store, Path dir) throws SQLException {
    if (store == Store.H2) {
      return DriverManager.getConnection(
          "jdbc:h2:file:"
              + dir.resolve("authmail").toAbsolutePath()
              + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64");
    }
    // the runtime's settings (storage.Database): WAL, busy timeout, synchronous by durability
    Properties p = new Properties();
    p.setProperty("journal_mode", "WAL");
    p.setProperty("synchronous", store == Store.SQLITE_FULL ? "FULL" : "NORMAL");
    p.setProperty("busy_timeout", "10000");
    return DriverManager.getConnection(
        "jdbc:sqlite:" + dir.resolve("authmail.db").toAbsolutePath(), p);
  }

  private static void migrate(Connection c, Store store) throws IOException, SQLException {
    String folder = store == Store.H2 ? "db/migration/" : "db/sqlite/";
    for (String file : List.of("V1__outbox.sql", "V4__outbox_send_started.sql")) {
      try (InputStream in = StoreRun.class.getClassLoader().getResourceAsStream(folder + file);
          Statement s = c.createStatement()) {
        String sql =
            new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
        for (String statement : sql.split(";")) {
          if (!statement.isBlank()) {
            s.execute(statement);
          }
        }
      }
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }

  /** The ledger's statements, prepared once, and the messages of the round before. */
  private static final class Writer {
    private final Connection c;
    private final boolean timestamps;
    private final boolean leased;
    private final PreparedStatement insert;
    private final PreparedStatement insertLeased;
    private final PreparedStatement lease;
    private final PreparedStatement start;
    private final PreparedStatement outcome;
    private final PreparedStatement attempt;
    private List<String> previous = List.of();
    private long next;
    private Instant now = Instant.parse("2026-12-06T00:00:00Z");

    Writer(Connection c, boolean timestamps, boolean leased) throws SQLException {
      this.c = c;
      this.timestamps = timestamps;
      this.leased = leased;
      c.setAutoCommit(false);
      insert =
          c.prepareStatement(
              "INSERT INTO messages (id, tenant, idempotency_key, request_hash, recipient,"
                  + " recipient_key, usage_type, payload, ip, status, next_attempt_at, expires_at,"
                  + " created_at, updated_at) VALUES (?, 'default', ?, ?, ?, ?, 'SignIn', ?, NULL,"
                  + " 'QUEUED', ?, ?, ?, ?)");
      insertLeased =
          c.prepareStatement(
              "INSERT INTO messages (id, tenant, idempotency_key, request_hash, recipient,"
                  + " recipient_key, usage_type, payload, ip, status, next_attempt_at, expires_at,"
                  + " created_at, updated_at, lease_owner, lease_until, send_started_at) VALUES (?,"
                  + " 'default', ?, ?, ?, ?, 'SignIn', ?, NULL, 'SENDING', ?, ?, ?, ?, 'node', ?,"
                  + " ?)");
      lease =
          c.prepareStatement(
              "UPDATE messages SET status = 'SENDING', lease_owner = 'node', lease_until = ?,"
                  + " next_attempt_at = ?, maybe_duplicate = ?, send_started_at = NULL, updated_at"
                  + " = ? WHERE id = ? AND status IN ('QUEUED', 'SENDING')");
      start =
          c.prepareStatement(
              "UPDATE messages SET send_started_at = ? WHERE id = ? AND lease_owner = 'node' AND"
                  + " status = 'SENDING'");
      outcome =
          c.prepareStatement(
              "UPDATE messages SET status = 'DELIVERED', attempt_count = 1, current_connector ="
                  + " 'sink', next_attempt_at = ?, updated_at = ?, lease_owner = NULL, lease_until"
                  + " = NULL, send_started_at = NULL, provider_message_id = ? WHERE id = ? AND"
                  + " lease_owner = 'node' AND status = 'SENDING'");
      attempt =
          c.prepareStatement(
              "INSERT INTO message_attempts (message_id, attempt_number, node, connector,"
                  + " started_at, finished_at, outcome, provider_message_id) VALUES (?, 1, 'node',"
                  + " 'sink', ?, ?, 'DELIVERED', ?)");
    }

    void rounds(int round, int messages) throws SQLException {
      for (int done = 0; done < messages; done += round) {
        round(round);
      }
    }

    private void round(int size) throws SQLException {
      now = now.plusMillis(1);
      for (String id : previous) {
        time(outcome, 1, now);
        time(outcome, 2, now);
        outcome.setString(3, "<" + id + "@sink>");
        outcome.setString(4, id);
        outcome.addBatch();
        attempt.setString(1, id);
        time(attempt, 2, now);
        time(attempt, 3, now);
        attempt.setString(4, "<" + id + "@sink>");
        attempt.addBatch();
      }
      if (!previous.isEmpty()) {
        outcome.executeBatch();
        attempt.executeBatch();
      }
      List<String> fresh = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        String id = "m" + (1_000_000_000_000L + next);
        next++;
        fresh.add(id);
        String to = "user" + next + "@example.com";
        PreparedStatement in = leased ? insertLeased : insert;
        in.setString(1, id);
        in.setString(2, "key-" + next);
        in.setString(3, "h".repeat(64));
        in.setString(4, to);
        in.setString(
            5, (Long.toHexString(to.hashCode()) + "0123456789abcdef").repeat(4).substring(0, 64));
        in.setString(6, "{\"code\":\"" + (100000 + next % 900000) + "\",\"locale\":\"en\"}");
        time(in, 7, leased ? now.plusSeconds(30) : now);
        time(in, 8, now.plusSeconds(600));
        time(in, 9, now);
        time(in, 10, now);
        if (leased) {
          time(in, 11, now.plusSeconds(30));
          time(in, 12, now);
        } else {
          time(lease, 1, now.plusSeconds(30));
          time(lease, 2, now.plusSeconds(30));
          lease.setBoolean(3, false);
          time(lease, 4, now);
          lease.setString(5, id);
          lease.addBatch();
          time(start, 1, now);
          start.setString(2, id);
          start.addBatch();
        }
        in.addBatch();
      }
      if (leased) {
        insertLeased.executeBatch();
      } else {
        insert.executeBatch();
        lease.executeBatch();
        start.executeBatch();
      }
      c.commit();
      previous = fresh;
    }

    private void time(PreparedStatement s, int index, Instant at) throws SQLException {
      Instant t = at.truncatedTo(ChronoUnit.MICROS);
      if (timestamps) {
        s.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else {
        s.setLong(index, t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
      }
    }
  }
}
