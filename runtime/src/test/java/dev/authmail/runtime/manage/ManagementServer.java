package dev.authmail.runtime.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.api.ApiPrincipal;
import dev.authmail.runtime.api.ApiServer;
import dev.authmail.runtime.api.Authenticator;
import dev.authmail.runtime.api.ServeModule;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.context.ConnectorInstances;
import dev.authmail.runtime.inbox.FileCaptureInbox;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.outbox.OutboxConfig;
import dev.authmail.runtime.outbox.OutboxListener;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.storage.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The real parts a management test needs, on 127.0.0.1 and an ephemeral port: an H2 database in a
 * temporary directory, the registry of the connectors on the class path, the configuration
 * (embedded defaults, private addresses allowed for GreenMail), the capture inbox, the outbox with
 * two workers, the management module and an {@link ApiServer} serving its routes.
 */
final class ManagementServer implements AutoCloseable {
  static final String ADMIN = "admin-key";
  static final String DEFAULT_KEY = "default-key";
  static final String ACME_KEY = "acme-key";
  static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();
  private static final ObjectMapper JSON = new ObjectMapper();

  final Database db;
  final AuthmailConfig config;
  final ConnectorInstances instances;
  final FileCaptureInbox inbox;
  final SecretBox box = SecretBox.random();
  final ManagementModule module;
  final Outbox outbox;
  final ApiServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  ManagementServer(Path dir) throws IOException {
    this(dir, 0);
  }

  /** @param tenantLimit messages per tenant per minute, 0 for none */
  ManagementServer(Path dir, int tenantLimit) throws IOException {
    db = Database.open("jdbc:h2:file:" + dir.resolve("authmail").toAbsolutePath());
    config = new ConfigLoader(REGISTRY, Map.of())
        .load(Files.writeString(dir.resolve("authmail.yaml"), "network: {allowPrivateAddresses: true}\n"))
        .orThrow();
    Clock clock = Clock.systemUTC();
    inbox = new FileCaptureInbox(dir.resolve("inbox"), config.platform().fromAddress(), clock);
    instances = ConnectorInstances.start(config, REGISTRY, inbox, clock);
    ServeModule.Environment environment = new ServeModule.Environment(db, config, REGISTRY, instances, inbox, dir,
        Map.of(), clock);
    module = ManagementModule.create(environment, box, Duration.ZERO, Duration.ZERO);
    OutboxConfig outboxConfig = OutboxConfig.builder().workerThreads(2).pollInterval(Duration.ofMillis(50))
        .retry(Duration.ofMillis(50), Duration.ofMillis(200)).tenantLimit(tenantLimit, Duration.ofMinutes(1)).build();
    outbox = Outbox.create(db, module.chains(tenant -> instances.chain(tenant).stream()
        .map(i -> new NamedConnector(i.name(), i.connector())).toList()), outboxConfig, clock, OutboxListener.NONE);
    outbox.start();
    server = ApiServer.builder()
        .authenticator(Authenticator.fixed(Map.of(
            ADMIN, ApiPrincipal.admin("admin"),
            DEFAULT_KEY, ApiPrincipal.tenant("default", "k-default"),
            ACME_KEY, ApiPrincipal.tenant("acme", "k-acme"))))
        .routes(module.routes(outbox))
        .build()
        .start();
  }

  /** An answer: status, body as JSON (null when empty), and headers. */
  record Answer(int status, JsonNode json, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }

  Answer call(String method, String path, String key, Object body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
          .timeout(Duration.ofSeconds(20))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      if (key != null) {
        request.header("Authorization", "Bearer " + key);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Answer(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer admin(String method, String path, Object body) {
    return call(method, path, ADMIN, body);
  }

  @Override
  public void close() {
    server.close();
    outbox.close();
    module.close();
    instances.close();
    db.close();
  }
}
