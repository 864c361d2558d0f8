package dev.authmail.runtime.suppression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.api.ApiPrincipal;
import dev.authmail.runtime.api.Authenticator;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.node.ManagementModule;
import dev.authmail.runtime.node.ServeModule;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.outbox.OutboxConfig;
import dev.authmail.runtime.registry.ConnectorRegistry;
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
 * A node with the management module (for {@code /api/services/mails}) and the suppression module,
 * on SQLite in a temporary directory; tenants {@code default} (suppression on) and {@code acme}
 * ({@code suppression: false}), both on the built-in service and the capture inbox.
 */
final class SuppressionServer implements AutoCloseable {
  static final String ADMIN = "admin-key";
  static final String DEFAULT_KEY = "default-key";
  static final String ACME_KEY = "acme-key";
  private static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();
  private static final ObjectMapper JSON = new ObjectMapper();

  final ServiceNode node;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  SuppressionServer(Path dir, String moreYaml, ServeModule.Factory suppression) throws IOException {
    Files.createDirectories(dir);
    AuthmailConfig config =
        new ConfigLoader(REGISTRY, Map.of())
            .load(
                Files.writeString(
                    dir.resolve("authmail.yaml"),
                    "tenants:\n"
                        + "  default: {email: [logto-email]}\n"
                        + "  acme: {email: [logto-email], suppression: false}\n"
                        + moreYaml))
            .orThrow();
    node =
        ServiceNode.builder(config, REGISTRY)
            .dataDir(dir)
            .outboxConfig(
                OutboxConfig.builder()
                    .workerThreads(1)
                    .pollInterval(Duration.ofMillis(50))
                    .shutdownGrace(Duration.ofSeconds(2))
                    .build())
            .modules(
                List.of(
                    environment ->
                        ManagementModule.create(
                            environment, SecretBox.random(), Duration.ZERO, Duration.ZERO),
                    suppression))
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
  }

  SuppressionServer(Path dir) throws IOException {
    this(dir, "", SuppressionModule::create);
  }

  record Answer(int status, JsonNode json, String body) {}

  Answer call(String method, String path, String key, Object body) {
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
        request.header(
            "Content-Type",
            body instanceof String ? "text/plain; charset=UTF-8" : "application/json");
      }
      if (key != null) {
        request.header("Authorization", "Bearer " + key);
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      boolean json =
          response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
      return new Answer(
          response.statusCode(),
          json && !response.body().isEmpty() ? JSON.readTree(response.body()) : null,
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Posts {@code body} as JSON with {@code headers}, without a key, as a provider would. */
  Answer post(String path, String body, Map<String, String> headers) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(node.url() + path))
              .timeout(Duration.ofSeconds(20))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(request::header);
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.body().isEmpty() ? null : JSON.readTree(response.body()),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  long queued() {
    return node.outbox().queueDepth();
  }

  @Override
  public void close() {
    node.close();
  }
}
