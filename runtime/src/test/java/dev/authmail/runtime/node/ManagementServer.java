package dev.authmail.runtime.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.api.ApiPrincipal;
import dev.authmail.runtime.api.Authenticator;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.outbox.OutboxConfig;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.stored.SecretBox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The node {@code authmail serve} runs ({@link ServiceNode}), assembled for a management test on
 * 127.0.0.1 and an ephemeral port: SQLite in a temporary directory, the configuration (private
 * addresses allowed for GreenMail, plus the test's YAML), the file capture inbox, the outbox with
 * two quick workers, and the management module with a random secret key and no refresh delays.
 * Requests authenticate with three fixed keys: admin, tenant {@code default}, tenant {@code acme}.
 */
public final class ManagementServer implements AutoCloseable {
  public static final String ADMIN = "admin-key";
  public static final String DEFAULT_KEY = "default-key";
  public static final String ACME_KEY = "acme-key";
  public static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();
  private static final ObjectMapper JSON = new ObjectMapper();

  public final ServiceNode node;
  public final Database db;
  public final Outbox outbox;
  public final ManagementModule module;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public ManagementServer(Path dir) throws IOException {
    this(dir, 0);
  }

  /**
   * @param tenantLimit messages per tenant per minute, 0 for none
   */
  public ManagementServer(Path dir, int tenantLimit) throws IOException {
    this(dir, REGISTRY, "", tenantLimit);
  }

  /**
   * @param yaml more configuration (tenants, connectors) after {@code network:
   *     {allowPrivateAddresses: true}}
   * @param tenantLimit messages per tenant per minute, 0 for none
   */
  public ManagementServer(Path dir, ConnectorRegistry registry, String yaml, int tenantLimit)
      throws IOException {
    Files.createDirectories(dir);
    AuthmailConfig config =
        new ConfigLoader(registry, Map.of())
            .load(
                Files.writeString(
                    dir.resolve("authmail.yaml"),
                    "network: {allowPrivateAddresses: true}\n" + yaml))
            .orThrow();
    ManagementModule[] made = new ManagementModule[1];
    node =
        ServiceNode.builder(config, registry)
            .dataDir(dir)
            .outboxConfig(
                OutboxConfig.builder()
                    .workerThreads(2)
                    .pollInterval(Duration.ofMillis(50))
                    .retry(Duration.ofMillis(50), Duration.ofMillis(200))
                    .tenantLimit(tenantLimit, Duration.ofMinutes(1))
                    .shutdownGrace(Duration.ofSeconds(2))
                    .build())
            .modules(
                List.of(
                    environment ->
                        made[0] =
                            ManagementModule.create(
                                environment, SecretBox.random(), Duration.ZERO, Duration.ZERO)))
            .server(
                server ->
                    server
                        .stopTimeoutMillis(2000)
                        .authenticator(
                            Authenticator.fixed(
                                Map.of(
                                    ADMIN, ApiPrincipal.admin("admin"),
                                    DEFAULT_KEY, ApiPrincipal.tenant("default", "k-default"),
                                    ACME_KEY, ApiPrincipal.tenant("acme", "k-acme")))))
            .start();
    module = made[0];
    db = node.database();
    outbox = node.outbox();
  }

  public String url() {
    return node.url();
  }

  /** An answer: status, body as JSON (null when empty), and headers. */
  public record Answer(int status, JsonNode json, HttpResponse<String> raw) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }

  public Answer call(String method, String path, String key, Object body) {
    return call(method, path, key, body, null);
  }

  /** A call with an {@code Idempotency-Key} header when {@code idempotencyKey} is not null. */
  public Answer call(String method, String path, String key, Object body, String idempotencyKey) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(node.url() + path))
              .timeout(Duration.ofSeconds(20))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(
                          body instanceof String s ? s : JSON.writeValueAsString(body)));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      if (key != null) {
        request.header("Authorization", "Bearer " + key);
      }
      if (idempotencyKey != null) {
        request.header("Idempotency-Key", idempotencyKey);
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Answer(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Answer admin(String method, String path, Object body) {
    return call(method, path, ADMIN, body);
  }

  @Override
  public void close() {
    node.close();
  }
}
