package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.registry.ConnectorRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One capture inbox per storage, whoever reads it: what {@code serve} captured is what {@code GET
 * /api/inbox} and {@code authmail inbox} show — files under the data directory on SQLite, the
 * database on PostgreSQL (so every node and the CLI see one inbox).
 */
class CaptureInboxStorageTest {
  private static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_KEY = "inbox-storage-admin-key-0123";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void onSqliteTheInboxIsFilesInTheDataDirectory() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("authmail.yaml"), "platform: {fromAddress: no-reply@sqlite.example}\n");
    try (ServiceNode node = start(config, dir.resolve("data"))) {
      String id = captureOne(node, "hana@example.com");

      assertThat(dir.resolve("data").resolve("inbox").resolve(id + ".json")).exists();
      assertThat(cli("inbox", "list", "--data", dir.resolve("data").toString()))
          .contains(id)
          .contains("hana@example.com");
      assertThat(
              cli("config", "check", config.toString(), "--data", dir.resolve("data").toString()))
          .contains("capture inbox (" + dir.resolve("data").resolve("inbox") + ")");
    }
  }

  @Test
  void onPostgresqlTheInboxIsInTheDatabaseForEveryNodeAndTheCli() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      Path config =
          Files.writeString(
              dir.resolve("authmail.yaml"),
              "storage: {url: \"" + postgres.getJdbcUrl("postgres", "postgres") + "\"}\n");
      try (ServiceNode node = start(config, dir.resolve("node-1"))) {
        String id = captureOne(node, "paul@example.com");

        assertThat(dir.resolve("node-1").resolve("inbox")).doesNotExist();
        // the CLI on another machine (another data directory) with the same configuration
        String listed =
            cli(
                "inbox",
                "list",
                "--config",
                config.toString(),
                "--data",
                dir.resolve("elsewhere").toString());
        assertThat(listed).contains(id).contains("paul@example.com");
        assertThat(cli("inbox", "show", id, "--config", config.toString()))
            .contains("to:         paul@example.com");
        assertThat(cli("config", "check", config.toString()))
            .contains("capture inbox (in the database of storage.url)");
      }
    }
  }

  private ServiceNode start(Path configFile, Path dataDir) {
    AuthmailConfig config = new ConfigLoader(REGISTRY, Map.of()).load(configFile).orThrow();
    return ServiceNode.builder(config, REGISTRY)
        .dataDir(dataDir)
        .env(Map.of("AUTHMAIL_ADMIN_KEY", ADMIN_KEY))
        .server(server -> server.stopTimeoutMillis(2000))
        .start();
  }

  /**
   * Sends through the built-in service into the capture inbox; the inbox id as {@code /api/inbox}
   * lists it.
   */
  private String captureOne(ServiceNode node, String to) throws Exception {
    HttpResponse<String> sent =
        call(
            node,
            "POST",
            "/api/messages?wait=20s",
            "{\"to\": \"" + to + "\", \"type\": \"SignIn\", \"payload\": {\"code\": \"314159\"}}");
    assertThat(JSON.readTree(sent.body()).path("status").asText())
        .as(sent.body())
        .isEqualTo("DELIVERED");
    JsonNode inbox = JSON.readTree(call(node, "GET", "/api/inbox?to=" + to, null).body());
    assertThat(inbox).hasSize(1);
    return inbox.get(0).get("id").asText();
  }

  private HttpResponse<String> call(ServiceNode node, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cli(String... args) {
    InProcessCli.Run run =
        InProcessCli.run(new CliEnvironment(Map.of(), () -> REGISTRY, Clock.systemUTC()), args);
    assertThat(run.exit()).as(run.err()).isZero();
    return run.out();
  }
}
