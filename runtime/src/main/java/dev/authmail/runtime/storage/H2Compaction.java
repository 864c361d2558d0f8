package dev.authmail.runtime.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file from growing with every commit. With {@code WRITE_DELAY=0} (every
 * commit written before it returns, see {@link Database}) H2 runs no background writer, and the
 * background writer is what compacts: every commit appends a chunk, and a chunk that still holds
 * one live page is never reused. This task does what H2's writer would: every 2 s it rewrites the
 * live pages of the emptiest chunks (at most 16 MiB per run), so that whole chunks fall free and
 * their space is reused once H2's retention time (45 s by default: how long a freed chunk is kept
 * in case the disk has not written its successors yet) has passed.
 *
 * <p>Measured with serve at 500 messages/s for 150 s and {@code RETENTION_TIME=5000}: 806 MB
 * without this task, 362 MB with it (the rest is the retention window and the messages
 * themselves, which are kept). With the default retention a node at 500 messages/s keeps about
 * 1.2 GB of recently freed chunks either way; the task stops the part that never comes back.
 *
 * <p>It reaches the {@link MVStore} through H2's engine classes (H2's version is pinned in the
 * build); if that ever fails it logs once and stops, and the database works on, only larger.
 */
final class H2Compaction implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(H2Compaction.class);
  /** Chunks less full than this are rewritten (H2's own background writer uses 90 by default). */
  private static final int TARGET_FILL_RATE = 80;
  /** At most about this many bytes of live pages rewritten per run. */
  private static final int WRITE_PER_RUN = 16 << 20;
  private static final long EVERY_SECONDS = 2;

  private final DataSource dataSource;
  private final ScheduledExecutorService scheduler;

  private H2Compaction(DataSource dataSource) {
    this.dataSource = dataSource;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "authmail-h2-compaction");
      thread.setDaemon(true);
      return thread;
    });
  }

  static H2Compaction start(DataSource dataSource) {
    H2Compaction compaction = new H2Compaction(dataSource);
    compaction.scheduler.scheduleWithFixedDelay(compaction::runOnce, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    return compaction;
  }

  /** One pass; {@code true} when it rewrote something. */
  boolean runOnce() {
    try (Connection connection = dataSource.getConnection()) {
      MVStore store = mvStore(connection);
      return store != null && !store.isClosed() && store.compact(TARGET_FILL_RATE, WRITE_PER_RUN);
    } catch (SQLException | RuntimeException e) {
      LOG.debug("H2 compaction pass failed: {}", e.toString());
      return false;
    } catch (LinkageError e) {
      LOG.warn("H2 compaction is not possible with this H2 version ({}); the data file will only grow", e.toString());
      scheduler.shutdown();
      return false;
    }
  }

  private static MVStore mvStore(Connection connection) throws SQLException {
    JdbcConnection h2 = connection.unwrap(JdbcConnection.class);
    if (!(h2.getSession() instanceof SessionLocal session)) {
      return null; // a server connection: the server compacts its own file
    }
    return session.getDatabase().getStore().getMvStore();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
