package dev.authmail.runtime.api;

import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.outbox.OutboxConfig;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.testing.SmtpTestConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds configurations and nodes for the API tests: real connectors, real storage, 127.0.0.1 only.
 */
final class TestNodes {
  static final String ADMIN_KEY = "test-admin-key-0123456789";
  static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();

  private TestNodes() {}

  /** An SMTP connector definition pointing at 127.0.0.1:port, with short timeouts. */
  static Map<String, Object> smtp(int port) {
    return Map.of("factory", "smtp", "config", SmtpTestConfig.loopback(port));
  }

  /** A port on 127.0.0.1 where nothing listens (connections are refused). */
  static int deadPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static AuthmailConfig config(Map<String, Object> connectors, Map<String, List<String>> chains)
      throws Exception {
    Map<String, Object> tenants = new LinkedHashMap<>();
    chains.forEach((tenant, chain) -> tenants.put(tenant, Map.of("email", chain)));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("network", Map.of("allowPrivateAddresses", true));
    root.put("tenants", tenants);
    root.put("connectors", connectors);
    ConfigLoader.Result result =
        new ConfigLoader(REGISTRY, Map.of())
            .parse(ApiJson.mapper().writeValueAsString(root), ConfigLoader.Format.JSON, "test");
    return result.orThrow();
  }

  /** Quick retries and a breaker that stays open, so scenarios end within seconds. */
  static OutboxConfig fastOutbox() {
    return OutboxConfig.builder()
        .retry(Duration.ofMillis(100), Duration.ofMillis(500))
        .breaker(3, Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(50))
        .workerThreads(4)
        .shutdownGrace(Duration.ofSeconds(2))
        .build();
  }

  static ServiceNode start(AuthmailConfig config, Path dir, OutboxConfig outbox) {
    return ServiceNode.builder(config, REGISTRY)
        .dataDir(dir)
        .env(Map.of(ApiKeys.ENV_ADMIN_KEY, ADMIN_KEY))
        .outboxConfig(outbox)
        .modules(List.of())
        .server(server -> server.stopTimeoutMillis(2000))
        .start();
  }

  /** A new tenant key made through the API with the admin key. */
  static String tenantKey(ServiceNode node, String tenant) throws Exception {
    ApiClient admin = new ApiClient(node.url(), ADMIN_KEY);
    var response = admin.post("/api/keys", Map.of("tenant", tenant, "label", "test"));
    if (response.statusCode() != 201) {
      throw new AssertionError("key not made: " + response.body());
    }
    return ApiClient.json(response).get("key").asText();
  }
}
