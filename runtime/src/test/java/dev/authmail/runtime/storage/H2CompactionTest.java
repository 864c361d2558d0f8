package dev.authmail.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compaction of an embedded H2 file: the outbox's write pattern (a row inserted, then updated
 * twice, each in its own commit with {@code WRITE_DELAY=0}) on two files, one compacted and one
 * not. {@code RETENTION_TIME=0} lets freed space be reused at once, so the difference shows in a
 * few thousand rows instead of after H2's default 45 s.
 */
class H2CompactionTest {
  @TempDir
  Path dir;

  @Test
  void compactionKeepsTheFileFromGrowingWithEveryCommit() throws Exception {
    long plain = fileSizeAfterWrites("plain", false);
    long compacted = fileSizeAfterWrites("compacted", true);

    // measured: 41 MB without compaction, 7 MB with it
    assertThat(compacted).isLessThan(plain / 3);
  }

  private long fileSizeAfterWrites(String name, boolean compact) throws Exception {
    JdbcDataSource source = new JdbcDataSource();
    source.setURL("jdbc:h2:file:" + dir.resolve(name) + Database.H2_SETTINGS + ";RETENTION_TIME=0");
    H2Compaction compaction = compact ? H2Compaction.start(source) : null;
    try (Connection c = source.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE m (id VARCHAR PRIMARY KEY, k VARCHAR, status VARCHAR, payload VARCHAR)");
        s.execute("CREATE INDEX ix_k ON m (k)");
        s.execute("CREATE INDEX ix_status ON m (status, id)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO m VALUES (?, ?, 'QUEUED', ?)");
          PreparedStatement update = c.prepareStatement("UPDATE m SET status = ? WHERE id = ?")) {
        for (int i = 0; i < 8_000; i++) {
          String id = String.format("msg_%010d", i);
          insert.setString(1, id);
          insert.setString(2, Long.toHexString(i * 2_654_435_761L % 1_000_003L) + "0123456789abcdef0123456789abcdef");
          insert.setString(3, "{\"code\":\"123456\",\"locale\":\"en\"}");
          insert.executeUpdate();
          c.commit();
          for (String status : new String[] {"SENDING", "DELIVERED"}) {
            update.setString(1, status);
            update.setString(2, id);
            update.executeUpdate();
            c.commit();
          }
          if (compaction != null && i % 500 == 499) {
            compaction.runOnce();
          }
        }
      }
      return Files.size(dir.resolve(name + ".mv.db"));
    } finally {
      if (compaction != null) {
        compaction.close();
      }
    }
  }
}
