package dev.authmail.runtime.console;

import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real runtime for the console's tests, as {@code authmail serve} runs it: SQLite in a
 * temporary directory, every serve module (management API, console), the capture inbox as the
 * platform transport, a known admin key. Private addresses are allowed so that SMTP can reach
 * GreenMail on loopback. {@link #main} runs one by hand: {@code ConsoleTestServer [port]}.
 */
final class ConsoleTestServer implements AutoCloseable {
  static final String ADMIN_KEY = "console-test-admin-key-0123456789";
  private static final String CONFIG =
      """
      network:
        allowPrivateAddresses: true
      tenants:
        default:
          email: [logto-email]
      """;

  private final Path dataDir;
  private final ServiceNode node;

  private ConsoleTestServer(Path dataDir, int port, Map<String, String> extraEnv) {
    this.dataDir = dataDir;
    ConnectorRegistry registry = ConnectorRegistry.load();
    AuthmailConfig config =
        new ConfigLoader(registry, Map.of())
            .parse(CONFIG, ConfigLoader.Format.YAML, "console test")
            .orThrow();
    this.node =
        ServiceNode.builder(config, registry)
            .dataDir(dataDir)
            .port(port)
            .env(env(extraEnv))
            .start();
  }

  private static Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("AUTHMAIL_ADMIN_KEY", ADMIN_KEY);
    return env;
  }

  static ConsoleTestServer start(Path dataDir) {
    return new ConsoleTestServer(dataDir, 0, Map.of());
  }

  /** With more environment, e.g. the DNS resolver of the domain doctor. */
  static ConsoleTestServer start(Path dataDir, Map<String, String> extraEnv) {
    return new ConsoleTestServer(dataDir, 0, extraEnv);
  }

  String url() {
    return node.url();
  }

  ServiceNode node() {
    return node;
  }

  Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    node.close();
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Path dir = Files.createTempDirectory("authmail-console");
    ConsoleTestServer server = new ConsoleTestServer(dir, port, Map.of());
    System.out.println(
        "console: " + server.url() + "/console/  admin key: " + ADMIN_KEY + "  data: " + dir);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}
