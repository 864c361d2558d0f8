package dev.authmail.runtime.outbox;

import dev.authmail.runtime.storage.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The outbox scenarios on H2 in a file, the embedded default. */
class H2OutboxTest extends OutboxContractTest {
  @TempDir
  Path dir;

  @Override
  Database openDatabase() {
    return Database.open("jdbc:h2:file:" + dir.resolve("authmail").toAbsolutePath());
  }
}
