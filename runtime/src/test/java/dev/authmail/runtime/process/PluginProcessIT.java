package dev.authmail.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.testing.PluginJars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins through what a user runs: the shaded {@code runtime/target/authmail.jar} with {@code java
 * -jar}, and the {@code authmail} launcher script (with {@code AUTHMAIL_NO_REBUILD=1}, so it runs
 * the jar this build made). A plugin jar built in the test (connector-api and connector-toolkit
 * only on its class path, neither in the jar) and a plugin whose factory throws sit in a plugins
 * directory; each way of naming the directory is used once: {@code --plugins}, {@code
 * AUTHMAIL_PLUGINS}, the configuration's {@code plugins.dir}, and {@code ./plugins}. Runs as a
 * failsafe integration test, after the jar is built.
 */
class PluginProcessIT {
  private static final long TIMEOUT_SECONDS = 90;

  @TempDir Path dir;

  private Path plugins;
  private Path goodJar;
  private Path throwingJar;
  private Path out;
  private Path config;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void pluginsDirectory() throws IOException {
    plugins = Files.createDirectories(dir.resolve("plugins"));
    goodJar =
        PluginJars.build(
            plugins.resolve("file-drop.jar"),
            PluginJars.FILE_DROP,
            List.of("com.example.filedrop.FileDropFactory"),
            "1.4.2");
    throwingJar =
        PluginJars.build(
            plugins.resolve("throwing.jar"),
            PluginJars.THROWING,
            List.of("com.example.throwing.ThrowingFactory"),
            "0.1");
    out = Files.createDirectories(dir.resolve("out"));
    // in a folder of its own, naming the plugins relative to itself
    config = Files.createDirectories(dir.resolve("conf")).resolve("authmail.yaml");
    Files.writeString(
        config,
        """
        plugins:
          dir: ../plugins
        tenants:
          default:
            email: [drop]
        connectors:
          drop:
            factory: file-drop
            config: {dir: "%s"}
        """
            .formatted(out));
  }

  @Test
  void connectorsListsThePluginWithItsSourceAndReportsTheBrokenOne() throws Exception {
    // java -jar, --plugins
    Run run = run(dir, Map.of(), javaJar("connectors", "--plugins", plugins.toString()));

    assertThat(run.exit()).as(run.toString()).isEqualTo(1); // a plugin failed to load
    assertThat(run.out())
        .contains(
            "file-drop\n  File drop — writes each send to a file; jackson from the plugin\n"
                + "  source: plugin "
                + goodJar
                + ", version 1.4.2\n");
    assertThat(run.out())
        .containsPattern("simple-mail-transfer-protocol .*\n.*\n  source: built in, version ");
    assertThat(run.out())
        .contains(
            "problems:\n  plugin "
                + throwingJar
                + ": com.example.throwing.ThrowingFactory: could not be instantiated:"
                + " IllegalStateException: no licence key found");
  }

  @Test
  void theLauncherScriptTakesThePluginsFromTheEnvironmentAndFromDotPlugins() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Run fromEnv =
        run(
            elsewhere,
            Map.of("AUTHMAIL_PLUGINS", plugins.toString()),
            launcher("connectors", "--json"));
    Run fromDefault = run(dir, Map.of(), launcher("connectors", "--json"));
    Run none = run(elsewhere, Map.of(), launcher("connectors", "--json"));

    for (Run run : List.of(fromEnv, fromDefault)) {
      JsonNode json = new ObjectMapper().readTree(run.out());
      JsonNode drop = find(json.get("factories"), "id", "file-drop");
      assertThat(drop).as(run.toString()).isNotNull();
      assertThat(drop.get("source").asText()).isEqualTo(goodJar.toString());
      assertThat(drop.get("version").asText()).isEqualTo("1.4.2");
      JsonNode problem =
          find(json.get("problems"), "className", "com.example.throwing.ThrowingFactory");
      assertThat(problem.get("plugin").asText()).isEqualTo(throwingJar.toString());
    }
    assertThat(find(new ObjectMapper().readTree(none.out()).get("factories"), "id", "file-drop"))
        .isNull();
  }

  @Test
  void sendAndServeDeliverThroughThePluginNamedByTheConfigurationFile() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    // the launcher: one send through the plugin, the broken plugin reported but not in the way
    Run send =
        run(
            elsewhere,
            Map.of(),
            launcher(
                "send",
                "--config",
                config.toString(),
                "--to",
                "ana@example.com",
                "--type",
                "SignIn",
                "--code",
                "123456",
                "--data",
                elsewhere.resolve("data").toString()));

    assertThat(send.exit()).as(send.toString()).isZero();
    assertThat(send.out())
        .contains("sent SignIn through drop")
        .contains("provider message id: drop-");
    assertThat(Files.readString(out.resolve("sent.txt")))
        .contains(" ana@example.com SignIn 123456 {\"tenant\":\"default\"}\n");

    // java -jar serve: an accepted message is delivered by the plugin
    try (ServeProcess node =
        ServeProcess.start(javaJar(), config, elsewhere.resolve("serve-data"), "plugin-serve")) {
      String id = new ProcessApi(node.url()).send("bo@example.com", "654321");
      Senders.await(() -> sent().contains(id + " bo@example.com SignIn 654321"), 60);
    }
  }

  /**
   * The example connector of examples/acme-connector (the connector guide's source), installed the
   * way the guide says: its plugin jar copied into the plugins directory. It sends through its own
   * bundled OkHttp and connector-okhttp to an Acme API on loopback, which the configuration file
   * (the operator's, trusted) may reach.
   */
  @Test
  void theExampleConnectorInstalledAsAPluginSendsToItsProvider() throws Exception {
    Path installed = Files.createDirectories(dir.resolve("acme-plugins"));
    Files.copy(
        Path.of(property("acme.plugin")), installed.resolve("acme-connector-1.0.0-plugin.jar"));
    List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer acme =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    acme.createContext(
        "/v1/messages",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          keys.add(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] answer = "{\"id\":\"acme-42\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(202, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    acme.start();
    try {
      Path acmeConfig = dir.resolve("acme.yaml");
      Files.writeString(
          acmeConfig,
          """
          plugins:
            dir: acme-plugins
          network:
            allowPrivateAddresses: true
          tenants:
            default:
              email: [acme]
          connectors:
            acme:
              factory: acme
              config:
                apiKey: "${ACME_API_KEY}"
                fromEmail: noreply@example.com
                endpoint: "http://127.0.0.1:%d"
                templates:
                  - &code {usageType: SignIn, contentType: text/html,
                           subject: "Your code: {{code}}", content: "<p>Code <b>{{code}}</b></p>"}
                  - {<<: *code, usageType: Register}
                  - {<<: *code, usageType: ForgotPassword}
                  - {<<: *code, usageType: Generic}
          """
              .formatted(acme.getAddress().getPort()));

      Run connectors = run(dir, Map.of(), javaJar("connectors", "--plugins", installed.toString()));
      Run send =
          run(
              dir,
              Map.of("ACME_API_KEY", "acme-live-key-123"),
              launcher(
                  "send",
                  "--config",
                  acmeConfig.toString(),
                  "--to",
                  "cy@example.com",
                  "--type",
                  "SignIn",
                  "--code",
                  "777111",
                  "--data",
                  dir.resolve("acme-data").toString()));

      assertThat(connectors.out())
          .contains(
              "acme-mail (aliases: acme)\n  Acme Mail — Sends through Acme Mail's HTTP API.\n"
                  + "  source: plugin "
                  + installed.resolve("acme-connector-1.0.0-plugin.jar")
                  + ", version 1.0.0\n");
      assertThat(send.exit()).as(send.toString()).isZero();
      assertThat(send.out()).contains("provider message id: acme-42");
      // the SPI and the toolkit (its renderer, Json) came from the runtime, not from the plugin
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(property("acme.plugin"))) {
        assertThat(jar.stream().map(java.util.jar.JarEntry::getName))
            .contains("com/example/acme/AcmeConnector.class", "okhttp3/OkHttpClient.class")
            .noneMatch(n -> n.startsWith("dev/authmail/connector/api/"))
            .noneMatch(n -> n.startsWith("dev/authmail/connector/toolkit/"));
      }
      assertThat(keys).containsExactly("Bearer acme-live-key-123");
      assertThat(bodies)
          .singleElement()
          .asString()
          .contains("\"to\":\"cy@example.com\"")
          .contains("\"subject\":\"Your code: 777111\"")
          .contains("<b>777111</b>");
    } finally {
      acme.stop(0);
    }
  }

  private String sent() {
    try {
      return Files.readString(out.resolve("sent.txt"));
    } catch (IOException e) {
      return "";
    }
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (value.equals(node.path(field).asText())) {
        return node;
      }
    }
    return null;
  }

  private static List<String> javaJar(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                property("authmail.jar")));
    command.addAll(List.of(args));
    return command;
  }

  private static List<String> launcher(String... args) {
    List<String> command = new ArrayList<>(List.of(property("authmail.launcher")));
    command.addAll(List.of(args));
    return command;
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value)
        .as("system property " + name + " (set by the failsafe configuration)")
        .isNotNull();
    return Path.of(value).toAbsolutePath().normalize().toString();
  }

  private static Run run(Path workDir, Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
    Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().put("AUTHMAIL_NO_REBUILD", "1");
    builder.environment().put("AUTHMAIL_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    builder.environment().remove("AUTHMAIL_PLUGINS");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not finish within " + TIMEOUT_SECONDS + " s: " + command);
    }
    Run run =
        new Run(
            process.exitValue(),
            Files.readString(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
    Files.delete(stdout);
    Files.delete(stderr);
    return run;
  }
}
