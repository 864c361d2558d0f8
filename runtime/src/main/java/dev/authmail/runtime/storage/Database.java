package dev.authmail.runtime.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.authmail.runtime.storage.DatabaseFileException.Problem;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The runtime's database, with the schema migrated by Flyway when opened:
 *
 * <ul>
 *   <li><b>SQLite</b> (the embedded default, one node): a file in WAL mode, every commit fsynced by
 *       default ({@link Durability}). Every {@link #transaction} runs on the one writer connection,
 *       one at a time, begun with {@code BEGIN IMMEDIATE} and with its statements prepared once
 *       ({@link StatementCache}); {@link #read} uses a small pool of reader connections, which WAL
 *       lets read while the writer writes. Migrations from {@code classpath:db/sqlite}.
 *   <li><b>PostgreSQL</b> (several nodes): a HikariCP pool for both; migrations from {@code
 *       classpath:db/migration}.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} closes the connections and releases the file.
 */
public final class Database implements AutoCloseable {
  /** The embedded default: a SQLite file under {@code ./data}, nothing to install. */
  public static final String DEFAULT_URL = "jdbc:sqlite:./data/authmail.db";

  /**
   * How long a SQLite connection waits for another's lock (a reader during a checkpoint, a
   * migration).
   */
  static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private static final int SQLITE_READERS = 4;

  private final HikariDataSource pool;
  private final Dialect dialect;

  /** SQLite: the one writer connection (a {@link StatementCache} view) and its lock; else null. */
  private final Connection writer;

  private final ReentrantLock writerLock = new ReentrantLock(true);
  private final Statement begin;
  private final SqliteFile file;
  private final Set<String> done = ConcurrentHashMap.newKeySet();

  private Database(HikariDataSource pool, Dialect dialect, Connection writer, SqliteFile file)
      throws SQLException {
    this.pool = pool;
    this.dialect = dialect;
    this.writer = writer;
    this.file = file;
    this.begin = writer == null ? null : writer.createStatement();
  }

  /**
   * Opens the database at {@code jdbcUrl} without credentials, power-loss durable, and migrates it.
   */
  public static Database open(String jdbcUrl) {
    return open(jdbcUrl, Durability.POWER_LOSS);
  }

  /** Opens the database at {@code jdbcUrl} without credentials and migrates it. */
  public static Database open(String jdbcUrl, Durability durability) {
    return open(jdbcUrl, null, null, 10, durability);
  }

  /** Opens a pool of at most {@code poolSize} connections, power-loss durable, and migrates it. */
  public static Database open(String jdbcUrl, String user, String password, int poolSize) {
    return open(jdbcUrl, user, password, poolSize, Durability.POWER_LOSS);
  }

  /**
   * Opens the database and migrates the schema. On SQLite {@code poolSize} is ignored (one writer,
   * a few readers) and {@code durability} applies; on PostgreSQL it is the pool's size.
   *
   * @throws IllegalArgumentException when the URL is neither SQLite nor PostgreSQL
   * @throws DatabaseFileException when a SQLite file cannot be used (locked, damaged, empty,
   *     directory not writable); its message says what to do
   * @throws StorageException when the database cannot be reached or migrated
   */
  public static Database open(
      String jdbcUrl, String user, String password, int poolSize, Durability durability) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl is null");
    Objects.requireNonNull(durability, "durability is null");
    Dialect dialect = Dialect.of(jdbcUrl);
    return dialect == Dialect.SQLITE
        ? openSqlite(jdbcUrl, durability)
        : openPostgres(jdbcUrl, user, password, poolSize);
  }

  private static Database openPostgres(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("authmail-db");
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StorageException("cannot open the database at " + redact(jdbcUrl), e);
    }
    try {
      migrate(dataSource, "classpath:db/migration");
      return new Database(dataSource, Dialect.POSTGRESQL, null, null);
    } catch (RuntimeException | SQLException e) {
      dataSource.close();
      throw new StorageException("cannot migrate the database at " + redact(jdbcUrl), e);
    }
  }

  private static Database openSqlite(String jdbcUrl, Durability durability) {
    Path path = SqliteFile.pathOf(jdbcUrl);
    SqliteFile file = SqliteFile.open(path);
    String url = "jdbc:sqlite:" + path;
    Connection writer = null;
    HikariDataSource readers = null;
    try {
      SQLiteConfig config = sqliteConfig(durability);
      SQLiteDataSource single = new SQLiteDataSource(config);
      single.setUrl(url);
      migrate(single, "classpath:db/sqlite");
      writer = StatementCache.wrap(config.createConnection(url));
      file.makeFilesPrivate(); // the -wal and -shm SQLite has created by now
      SQLiteConfig readConfig = sqliteConfig(durability);
      readConfig.setTransactionMode(
          SQLiteConfig.TransactionMode.DEFERRED); // a reader takes no write lock
      SQLiteDataSource reading = new SQLiteDataSource(readConfig);
      reading.setUrl(url);
      HikariConfig pool = new HikariConfig();
      pool.setDataSource(reading);
      pool.setMaximumPoolSize(SQLITE_READERS);
      pool.setMinimumIdle(1);
      pool.setPoolName("authmail-db-read");
      readers = new HikariDataSource(pool);
      return new Database(readers, Dialect.SQLITE, writer, file);
    } catch (RuntimeException | SQLException | java.io.IOException e) {
      if (readers != null) {
        readers.close();
      }
      closeQuietly(writer);
      file.close();
      throw sqliteProblem(path, e);
    }
  }

  private static SQLiteConfig sqliteConfig(Durability durability) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(durability.synchronous()));
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    return config;
  }

  /** An error from opening a SQLite file as the operator's one-line problem, where it is one. */
  private static StorageException sqliteProblem(Path path, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StorageException known && t instanceof DatabaseFileException) {
        return known;
      }
      if (t instanceof SQLiteException sqlite) {
        SQLiteErrorCode code = sqlite.getResultCode();
        String name = code == null ? "" : code.name();
        if (name.startsWith("SQLITE_CORRUPT") || name.startsWith("SQLITE_NOTADB")) {
          return new DatabaseFileException(
              Problem.CORRUPT,
              "the database "
                  + path
                  + " is damaged ("
                  + name
                  + "): restore it from a backup, or move it aside to start with an empty database",
              e);
        }
        if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
          return new DatabaseFileException(
              Problem.LOCKED,
              "the database "
                  + path
                  + " is locked by another"
                  + " process: stop it, or give this node its own --data directory",
              e);
        }
        if (name.startsWith("SQLITE_READONLY")
            || name.startsWith("SQLITE_CANTOPEN")
            || name.startsWith("SQLITE_PERM")) {
          return new DatabaseFileException(
              Problem.NOT_WRITABLE,
              "the database "
                  + path
                  + " cannot be written ("
                  + name
                  + "): make it and its directory writable by the user that runs authmail",
              e);
        }
      }
    }
    return new StorageException("cannot open or migrate the database " + path, e);
  }

  private static void migrate(DataSource dataSource, String location) throws SQLException {
    Flyway.configure().dataSource(dataSource).locations(location).load().migrate();
  }

  private static String redact(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?…";
  }

  /**
   * Connections for reading; on SQLite they must not write (writes go through {@link
   * #transaction}).
   */
  public DataSource dataSource() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Whether no other process can use this database while this one has it open (a SQLite file,
   * locked by this node). Then whatever a previous process left leased belongs to a process that is
   * gone.
   */
  public boolean exclusive() {
    return file != null;
  }

  /** The SQLite file, or {@code null} on PostgreSQL. */
  public Path file() {
    return file == null ? null : file.path();
  }

  /**
   * {@code true} the first time it is called with {@code what} on this instance, {@code false}
   * after: for work done once per opened database (such as recovering a dead process's leases).
   */
  public boolean firstTime(String what) {
    return done.add(what);
  }

  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws. On
   * SQLite transactions run one at a time on the writer connection (do not nest them), and the
   * connection must not be kept past {@code work}.
   *
   * @throws StorageException wrapping an {@link SQLException}
   * @throws IllegalStateException when called inside another transaction on SQLite
   */
  public <T> T transaction(SqlWork<T> work) {
    if (writer == null) {
      try (Connection connection = pool.getConnection()) {
        connection.setAutoCommit(false);
        try {
          T result = work.apply(connection);
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(connection, e);
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw new StorageException("database operation failed", e);
      }
    }
    if (writerLock.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "a transaction inside a transaction: SQLite has one writer connection");
    }
    writerLock.lock();
    try {
      // the driver stays in auto-commit; BEGIN IMMEDIATE takes the write lock up front, so a
      // transaction never fails half-way for a lock another connection took after it began
      begin.execute("BEGIN IMMEDIATE");
      try {
        T result = work.apply(writer);
        begin.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          begin.execute("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new StorageException("database operation failed", e);
    } finally {
      writerLock.unlock();
    }
  }

  /**
   * Runs read-only {@code work} on a reader connection in one read transaction: every statement
   * sees the same snapshot (PostgreSQL: {@code REPEATABLE READ}; SQLite: a deferred transaction in
   * WAL mode). On SQLite it never waits for the writer.
   *
   * @throws StorageException wrapping an {@link SQLException}
   */
  public <T> T read(SqlWork<T> work) {
    try (Connection connection = pool.getConnection()) {
      if (dialect == Dialect.POSTGRESQL) {
        connection.setTransactionIsolation(
            Connection.TRANSACTION_REPEATABLE_READ); // the pool resets it
      }
      connection.setAutoCommit(false);
      try {
        return work.apply(connection);
      } finally {
        connection.rollback(); // nothing written: ends the snapshot
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StorageException("database read failed", e);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      StatementCache.closeAll(connection);
    } catch (SQLException | RuntimeException e) {
      // closing after a failure
    }
  }

  /** Whether the database answers; for health checks. Never throws. */
  public boolean isHealthy() {
    try (Connection connection = pool.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    pool.close();
    if (writer != null) {
      writerLock.lock();
      try {
        begin.close();
        StatementCache.closeAll(writer);
      } catch (SQLException e) {
        // nothing left to write: every transaction committed or rolled back
      } finally {
        writerLock.unlock();
        file.close();
      }
    }
  }
}
