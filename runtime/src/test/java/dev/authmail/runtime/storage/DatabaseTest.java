package dev.authmail.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authmail.runtime.storage.DatabaseFileException.Problem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @TempDir Path dir;

  private String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  @Test
  void opensAndMigratesASqliteFileInWalModeWithEveryCommitSynced() {
    try (Database db = Database.open(url(dir.resolve("db.sqlite")))) {
      List<Object> facts =
          db.transaction(
              c -> {
                try (ResultSet tables =
                        c.createStatement()
                            .executeQuery(
                                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name"
                                    + " IN ('messages', 'message_attempts', 'rate_limit_locks',"
                                    + " 'api_keys', 'connectors')");
                    ResultSet mode = c.createStatement().executeQuery("PRAGMA journal_mode");
                    ResultSet sync = c.createStatement().executeQuery("PRAGMA synchronous")) {
                  tables.next();
                  mode.next();
                  sync.next();
                  return List.of(tables.getInt(1), mode.getString(1), sync.getInt(1));
                }
              });

      assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
      assertThat(db.exclusive()).isTrue();
      assertThat(facts).containsExactly(5, "wal", 2); // 2 = FULL
      assertThat(db.isHealthy()).isTrue();
    }
  }

  @Test
  void processCrashDurabilitySyncsAtCheckpointsOnly() {
    try (Database db = Database.open(url(dir.resolve("db.sqlite")), Durability.PROCESS_CRASH)) {
      int sync =
          db.transaction(
              c -> {
                try (ResultSet rs = c.createStatement().executeQuery("PRAGMA synchronous")) {
                  rs.next();
                  return rs.getInt(1);
                }
              });
      assertThat(sync).isEqualTo(1); // NORMAL
    }
  }

  @Test
  void timesAreEpochMicrosecondsThatSortAndReadBackEqual() {
    Instant early = Instant.parse("2026-12-06T01:02:03.000001Z");
    Instant late = Instant.parse("2026-12-06T01:02:03.1Z");
    try (Database db = Database.open(url(dir.resolve("db.sqlite")))) {
      db.transaction(
          c -> {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO api_keys (id, scope, key_hash, key_prefix, created_at)"
                        + " VALUES (?, 'ADMIN', ?, 'p', ?)")) {
              for (Instant at : List.of(late, early)) {
                s.setString(1, at.toString());
                s.setString(2, at.toString());
                SqlTime.set(s, 3, at);
                s.executeUpdate();
              }
            }
            return null;
          });
      List<Object> read =
          db.read(
              c -> {
                try (ResultSet rs =
                    c.createStatement()
                        .executeQuery(
                            "SELECT created_at, typeof(created_at) FROM api_keys ORDER BY"
                                + " created_at")) {
                  rs.next();
                  Instant first = SqlTime.get(rs, 1);
                  String type = rs.getString(2);
                  rs.next();
                  return List.of(first, type, SqlTime.get(rs, "created_at"));
                }
              });

      assertThat(read).containsExactly(early, "integer", late);
    }
  }

  @Test
  void aUniqueViolationIsRecognised() {
    try (Database db = Database.open(url(dir.resolve("db.sqlite")))) {
      String insert = "INSERT INTO rate_limit_locks (tenant, bucket) VALUES ('t', 'b')";
      db.transaction(c -> c.createStatement().executeUpdate(insert));
      assertThatThrownBy(() -> db.transaction(c -> c.createStatement().executeUpdate(insert)))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> assertThat(Dialect.isUniqueViolation(e.sqlException())).isTrue());
      // the dialect's insert-if-absent is a no-op on the same key
      int inserted =
          db.transaction(
              c -> {
                try (PreparedStatement s =
                    c.prepareStatement(
                        db.dialect().insertIfAbsent("rate_limit_locks", "tenant, bucket"))) {
                  s.setString(1, "t");
                  s.setString(2, "b");
                  return s.executeUpdate();
                }
              });
      assertThat(inserted).isZero();
    }
  }

  @Test
  void aStatementPreparedTwiceInOneTransactionStillWorks() {
    try (Database db = Database.open(url(dir.resolve("db.sqlite")))) {
      for (int round = 0; round < 3; round++) {
        int n = round;
        db.transaction(
            c -> {
              try (PreparedStatement a =
                      c.prepareStatement(
                          "INSERT INTO rate_limit_locks (tenant, bucket) VALUES (?, ?)");
                  PreparedStatement b =
                      c.prepareStatement(
                          "INSERT INTO rate_limit_locks (tenant, bucket) VALUES (?, ?)")) {
                a.setString(1, "a" + n);
                a.setString(2, "x");
                b.setString(1, "b" + n);
                b.setString(2, "x");
                return a.executeUpdate() + b.executeUpdate();
              }
            });
      }
      int rows =
          db.read(
              c -> {
                try (ResultSet rs =
                    c.createStatement().executeQuery("SELECT COUNT(*) FROM rate_limit_locks")) {
                  rs.next();
                  return rs.getInt(1);
                }
              });
      assertThat(rows).isEqualTo(6);
    }
  }

  @Test
  void aFailedTransactionLeavesNothingAndTheNextOneWorks() {
    try (Database db = Database.open(url(dir.resolve("db.sqlite")))) {
      assertThatThrownBy(
              () ->
                  db.transaction(
                      c -> {
                        c.createStatement()
                            .executeUpdate(
                                "INSERT INTO rate_limit_locks (tenant, bucket) VALUES ('t',"
                                    + " 'gone')");
                        throw new SQLException("boom");
                      }))
          .isInstanceOf(StorageException.class);
      int rows =
          db.transaction(
              c -> {
                try (ResultSet rs =
                    c.createStatement().executeQuery("SELECT COUNT(*) FROM rate_limit_locks")) {
                  rs.next();
                  return rs.getInt(1);
                }
              });
      assertThat(rows).isZero();
    }
  }

  @Test
  void theDataDirectoryIsCreatedPrivateAndTheFilesAreOwnerOnlyWhateverTheUmask()
      throws IOException {
    Path data = dir.resolve("fresh/data");
    try (Database db = Database.open(url(data.resolve("authmail.db")))) {
      db.transaction(
          c ->
              c.createStatement()
                  .executeUpdate(
                      "INSERT INTO rate_limit_locks (tenant, bucket) VALUES ('t', 'b')"));

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
          .isEqualTo("rwx------");
      for (String name :
          List.of("authmail.db", "authmail.db-wal", "authmail.db-shm", "authmail.db.lock")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))))
            .as(name)
            .isEqualTo("rw-------");
      }
    }
  }

  @Test
  void anExistingDatabaseFileIsMadeOwnerOnly() throws IOException {
    Path file = dir.resolve("authmail.db");
    Database.open(url(file)).close();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    Database.open(url(file)).close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aZeroByteDatabaseIsRefusedNotStartedEmpty() throws IOException {
    Path file = Files.createFile(dir.resolve("authmail.db"));

    assertThatThrownBy(() -> Database.open(url(file)))
        .isInstanceOfSatisfying(
            DatabaseFileException.class, e -> assertThat(e.problem()).isEqualTo(Problem.EMPTY))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("0 bytes")
        .hasMessageContaining("restore it from a backup")
        .hasMessageNotContaining("\n");
    assertThat(Files.size(file)).isZero();
  }

  @Test
  void aTruncatedDatabaseIsRefused() throws IOException {
    Path file = dir.resolve("authmail.db");
    try (Database db = Database.open(url(file))) {
      db.transaction(
          c ->
              c.createStatement()
                  .executeUpdate(
                      "INSERT INTO rate_limit_locks (tenant, bucket) VALUES ('t', 'b')"));
    } // closing checkpoints the WAL into the file
    long size = Files.size(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size / 2);
    }

    assertThatThrownBy(() -> Database.open(url(file)))
        .isInstanceOfSatisfying(
            DatabaseFileException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
        .hasMessageContaining("truncated")
        .hasMessageContaining("restore it from a backup");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(40); // shorter than the header itself
    }
    assertThatThrownBy(() -> Database.open(url(file)))
        .isInstanceOf(DatabaseFileException.class)
        .hasMessageContaining("truncated to 40 bytes");
  }

  @Test
  void aFileThatIsNoDatabaseIsRefused() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("authmail.db"), "hello ".repeat(100), StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> Database.open(url(file)))
        .isInstanceOfSatisfying(
            DatabaseFileException.class, e -> assertThat(e.problem()).isEqualTo(Problem.CORRUPT))
        .hasMessageContaining("not a SQLite database");
  }

  @Test
  void aDatabaseInUseByAnotherProcessIsRefusedAndFreedWhenItEnds() throws Exception {
    Path file = dir.resolve("authmail.db");
    Database.open(url(file)).close();
    Path lock = dir.resolve("authmail.db.lock");
    Files.writeString(lock, "4242");
    // another process holds the lock as a running node does (POSIX record lock, like the JVM's)
    Process holder =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl,sys,time; f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX);"
                    + " print('locked', flush=True); time.sleep(30)",
                lock.toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(new String(holder.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
          .isEqualTo("locked\n");

      assertThatThrownBy(() -> Database.open(url(file)))
          .isInstanceOfSatisfying(
              DatabaseFileException.class, e -> assertThat(e.problem()).isEqualTo(Problem.LOCKED))
          .hasMessageContaining("in use by another running authmail node (pid 4242)")
          .hasMessageContaining("--data");
    } finally {
      holder.destroyForcibly();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
    Database.open(url(file)).close(); // the lock went with the process
  }

  @Test
  void aSecondOpenInThisProcessIsRefusedToo() {
    Path file = dir.resolve("authmail.db");
    try (Database first = Database.open(url(file))) {
      assertThatThrownBy(() -> Database.open(url(file)))
          .isInstanceOfSatisfying(
              DatabaseFileException.class, e -> assertThat(e.problem()).isEqualTo(Problem.LOCKED));
      assertThat(first.isHealthy()).isTrue();
    }
    Database.open(url(file)).close();
  }

  @Test
  void aDataDirectoryThatCannotBeCreatedIsNamed() throws IOException {
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");

    assertThatThrownBy(() -> Database.open(url(notADir.resolve("data/authmail.db"))))
        .isInstanceOfSatisfying(
            DatabaseFileException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.NOT_WRITABLE))
        .hasMessageContaining(notADir.toString())
        .hasMessageContaining("--data");
  }

  @Test
  void inMemoryAndOtherDatabasesAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage.url");
    assertThatThrownBy(() -> Database.open("jdbc:mysql://db/authmail"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage.url")
        .hasMessageContaining("jdbc:mysql:…");
  }
}
