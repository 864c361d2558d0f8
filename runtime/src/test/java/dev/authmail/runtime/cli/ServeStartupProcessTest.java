package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.api.ApiKeys;
import dev.authmail.runtime.api.ApiPrincipal;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.storage.Database;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, items 1 and 2: {@code authmail serve} on a port another process holds, through the real
 * CLI in a child JVM, and the way back in with {@code authmail keys reset-admin}.
 */
class ServeStartupProcessTest {
  private static final Pattern KEY = Pattern.compile("(?m)^\\s*(amk_[A-Za-z0-9_-]{43})\\s*$");

  @TempDir Path dir;

  @Test
  void aPortInUseSaysSoInOneLineAndStoresNoAdminKey() throws Exception {
    Path data = dir.resolve("data");
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();

      AuthmailProcess.Run run =
          AuthmailProcess.run(
              dir,
              Map.of("AUTHMAIL_ADMIN_KEY", ""),
              "serve",
              "--port",
              String.valueOf(port),
              "--host",
              "127.0.0.1",
              "--data",
              data.toString());

      assertThat(run.exit()).as("stdout: %s%nstderr: %s", run.out(), run.err()).isNotZero();
      String error = lastLine(run.err());
      assertThat(error)
          .startsWith("error: ")
          .contains("port " + port)
          .contains("--port")
          .doesNotContain("Exception")
          .doesNotContain("STOPPED");
      assertThat(run.out()).doesNotContainPattern(KEY);
    }
    try (Database db = Database.open(storageUrl(data))) {
      assertThat(new ApiKeys(db).list(null))
          .as("no admin key is stored by a failed start")
          .isEmpty();
    }
  }

  @Test
  void resetAdminPrintsANewAdminKeyAndRevokesTheOldOne() throws Exception {
    Path data = dir.resolve("data");
    String old;
    try (Database db = Database.open(storageUrl(data))) {
      old = new ApiKeys(db).ensureAdminKey(null).orElseThrow();
    }

    AuthmailProcess.Run run =
        AuthmailProcess.run(dir, Map.of(), "keys", "reset-admin", "--data", data.toString());

    assertThat(run.exit()).as("stderr: %s", run.err()).isZero();
    Matcher key = KEY.matcher(run.out());
    assertThat(key.find()).as("a key in: %s", run.out()).isTrue();
    try (Database db = Database.open(storageUrl(data))) {
      ApiKeys keys = new ApiKeys(db);
      assertThat(keys.authenticate(old)).as("the old admin key is revoked").isEmpty();
      Optional<ApiPrincipal> principal = keys.authenticate(key.group(1));
      assertThat(principal).hasValueSatisfying(p -> assertThat(p.tenant()).isNull());
      assertThat(keys.list(null)).filteredOn(v -> v.revokedAt() == null).hasSize(1);
    }
  }

  @Test
  void aSecretKeyThatDoesNotOpenTheStoredSecretsSaysSoInOneLine() throws Exception {
    Path data = dir.resolve("data");
    String saved = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    String other = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    AuthmailConfig defaults =
        new ConfigLoader(ConnectorRegistry.load(), Map.of()).defaults().config();
    try (ServiceNode node =
        ServiceNode.builder(defaults, ConnectorRegistry.load())
            .dataDir(data)
            .env(
                Map.of(
                    "AUTHMAIL_ADMIN_KEY",
                    "admin-key-for-test-0123456789",
                    "AUTHMAIL_SECRET_KEY",
                    saved))
            .start()) {
      HttpResponse<String> created =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(node.url() + "/api/connectors"))
                      .header("Authorization", "Bearer admin-key-for-test-0123456789")
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"factoryId\": \"http-email\", \"config\": {\"endpoint\":"
                                  + " \"https://mail.example.com/send\", \"authorization\":"
                                  + " \"Bearer s3cret-token-123\"}}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = free.getLocalPort();
      free.close();

      AuthmailProcess.Run run =
          AuthmailProcess.run(
              dir,
              Map.of(
                  "AUTHMAIL_SECRET_KEY",
                  other,
                  "AUTHMAIL_ADMIN_KEY",
                  "admin-key-for-test-0123456789"),
              "serve",
              "--port",
              String.valueOf(port),
              "--host",
              "127.0.0.1",
              "--data",
              data.toString());

      assertThat(run.exit()).as("stdout: %s%nstderr: %s", run.out(), run.err()).isNotZero();
      assertThat(lastLine(run.err()))
          .startsWith("error: AUTHMAIL_SECRET_KEY does not open the stored secrets of connector ")
          .contains("of tenant default")
          .endsWith("set AUTHMAIL_SECRET_KEY to the key they were saved with")
          .doesNotContain(other)
          .doesNotContain(saved);
    }
  }

  private static String storageUrl(Path data) {
    AuthmailConfig defaults =
        new ConfigLoader(ConnectorRegistry.load(), Map.of()).defaults().config();
    return ServiceNode.storageUrl(defaults, data);
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines[lines.length - 1];
  }
}
