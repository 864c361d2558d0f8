package dev.authmail.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.outbox.AcceptResult;
import dev.authmail.runtime.outbox.MessageView;
import dev.authmail.runtime.outbox.NewMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test of the management routes: a fresh {@link ManagementServer} per test, in its own directory.
 */
public abstract class ManagementTest {
  @TempDir protected Path dir;

  protected ManagementServer api;

  @BeforeEach
  void startServer() throws Exception {
    api = new ManagementServer(dir);
  }

  @AfterEach
  void stopServer() {
    api.close();
  }

  /**
   * A SignIn code to {@code to} through the node's outbox; its view once the first outcome is in.
   */
  protected MessageView sendThroughOutbox(String tenant, String to) {
    AcceptResult result =
        api.outbox.accept(
            NewMessage.of(
                tenant,
                EmailAddress.parse(to),
                UsageType.SignIn,
                Payload.builder().code("123456").build()));
    String id = ((AcceptResult.Accepted) result).messageId();
    return api.outbox.await(tenant, id, Duration.ofSeconds(15)).orElseThrow();
  }

  /** The stored connector's config column as written (secrets sealed). */
  protected String storedConfig(String id) throws Exception {
    try (Connection c = api.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT config FROM connectors WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }
}
