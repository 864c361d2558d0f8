package dev.authmail.runtime.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The runtime's database: a pooled {@link DataSource} on H2 (embedded, one process) or PostgreSQL
 * (several nodes), with the schema migrated by Flyway from {@code classpath:db/migration} when
 * opened.
 *
 * <p>Thread-safe. {@link #close()} closes the pool (and with it an embedded H2 database).
 */
public final class Database implements AutoCloseable {
  /** The embedded default: an H2 file under {@code ./data}, nothing to install. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./data/authmail";

  /**
   * Settings added to an H2 URL unless it sets them itself.
   *
   * <ul>
   *   <li>{@code WRITE_DELAY=0}: H2 writes every commit to its file before the commit returns.
   *       With the default (500 ms) a process killed with SIGKILL lost the last ~2,000 rows it had
   *       committed in our measurement; with 0 it lost none. (The write reaches the operating
   *       system, not necessarily the disk: a power cut can still lose the last commits; use
   *       PostgreSQL where that matters.) Each commit then costs about a millisecond, which is
   *       why the outbox groups concurrent accepts into one transaction.
   *   <li>{@code LOCK_TIMEOUT=10000}: a transaction waits up to 10 s for a row another holds (the
   *       rate-limit lock rows) instead of H2's default of 1 s.
   *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2 does not close the database from its own JVM shutdown
   *       hook, so the runtime's graceful shutdown can still record what is in flight; closing
   *       the pool closes the database.
   *   <li>{@code QUERY_CACHE_SIZE=64}: each connection keeps its 64 last parsed statements (H2's
   *       default is 8). A round of the outbox's writer uses more than 8 distinct statements, so
   *       with the default H2 parsed every one of them again on every round (7 % of the CPU of a
   *       node taking 500 requests/s).
   * </ul>
   */
  static final String H2_SETTINGS = ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64";

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final boolean exclusive;
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  /** An embedded H2 file's compaction, else {@code null}. */
  private final H2Compaction compaction;

  private Database(HikariDataSource dataSource, Dialect dialect, boolean exclusive, boolean h2File) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.exclusive = exclusive;
    this.compaction = h2File ? H2Compaction.start(dataSource) : null;
  }

  /** Opens the database at {@code jdbcUrl} without credentials (H2) and migrates it. */
  public static Database open(String jdbcUrl) {
    return open(jdbcUrl, null, null, 10);
  }

  /**
   * Opens a pool of at most {@code poolSize} connections and migrates the schema.
   *
   * @throws IllegalArgumentException when the URL is neither H2 nor PostgreSQL
   * @throws StorageException when the database cannot be reached or migrated
   */
  public static Database open(String jdbcUrl, String user, String password, int poolSize) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl is null");
    Dialect dialect = Dialect.of(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(dialect == Dialect.H2 ? withH2Settings(jdbcUrl) : jdbcUrl);
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
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw new StorageException("cannot migrate the database at " + redact(jdbcUrl), e);
    }
    boolean embedded = dialect == Dialect.H2 && isEmbeddedH2(jdbcUrl);
    return new Database(dataSource, dialect, embedded,
        embedded && !jdbcUrl.toUpperCase(Locale.ROOT).startsWith("JDBC:H2:MEM:"));
  }

  /**
   * Whether an H2 URL opens the database inside this process only: a file or in-memory database
   * without {@code AUTO_SERVER} (H2 locks the file, so no other process can have it open), not a
   * {@code tcp:}/{@code ssl:} server.
   */
  static boolean isEmbeddedH2(String url) {
    String upper = url.toUpperCase(Locale.ROOT);
    return upper.startsWith("JDBC:H2:") && !upper.startsWith("JDBC:H2:TCP:")
        && !upper.startsWith("JDBC:H2:SSL:") && !upper.replace(" ", "").contains(";AUTO_SERVER=TRUE");
  }

  static String withH2Settings(String url) {
    StringBuilder result = new StringBuilder(url);
    String upper = url.toUpperCase(Locale.ROOT);
    for (String setting : H2_SETTINGS.substring(1).split(";")) {
      String key = setting.substring(0, setting.indexOf('=') + 1);
      if (!upper.contains(";" + key)) {
        result.append(';').append(setting);
      }
    }
    return result.toString();
  }

  private static String redact(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?…";
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Whether no other process can use this database while this one has it open (embedded H2).
   * Then whatever a previous process left leased belongs to a process that is gone.
   */
  public boolean exclusive() {
    return exclusive;
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
   * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws.
   *
   * @throws StorageException wrapping an {@link SQLException}
   */
  public <T> T transaction(SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
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

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Whether the database answers; for health checks. Never throws. */
  public boolean isHealthy() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (compaction != null) {
      compaction.close();
    }
    dataSource.close();
  }
}
