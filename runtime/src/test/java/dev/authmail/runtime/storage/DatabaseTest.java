package dev.authmail.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @TempDir
  Path dir;

  @Test
  void h2UrlGetsTheDurabilitySettingsUnlessItSetsThemItself() {
    assertThat(Database.withH2Settings("jdbc:h2:file:./data/authmail"))
        .isEqualTo("jdbc:h2:file:./data/authmail;WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64");
    assertThat(Database.withH2Settings("jdbc:h2:file:x;lock_timeout=500"))
        .isEqualTo("jdbc:h2:file:x;lock_timeout=500;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64");
  }

  @Test
  void opensAndMigratesAnH2File() {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())) {
      int tables = db.transaction(c -> {
        try (ResultSet rs = c.createStatement().executeQuery(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) IN"
                + " ('messages', 'message_attempts', 'rate_limit_locks')")) {
          rs.next();
          return rs.getInt(1);
        }
      });

      assertThat(db.dialect()).isEqualTo(Dialect.H2);
      assertThat(tables).isEqualTo(3);
      assertThat(db.isHealthy()).isTrue();
    }
  }

  @Test
  void refusesOtherDatabasesNamingTheKey() {
    assertThatThrownBy(() -> Database.open("jdbc:mysql://db/authmail"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage.url")
        .hasMessageContaining("jdbc:mysql:…");
  }
}
