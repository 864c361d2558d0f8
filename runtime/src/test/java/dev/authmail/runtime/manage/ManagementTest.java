package dev.authmail.runtime.manage;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the management routes: a fresh {@link ManagementServer} per test, in its own directory. */
abstract class ManagementTest {
  @TempDir
  Path dir;

  ManagementServer api;

  @BeforeEach
  void startServer() throws Exception {
    api = new ManagementServer(dir);
  }

  @AfterEach
  void stopServer() {
    api.close();
  }
}
