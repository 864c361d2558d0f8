package dev.authmail.runtime.api;

import static dev.authmail.runtime.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code authmail serve} as a child process. With no configuration: the admin key is printed once
 * and the console's address at every start, a send over HTTP reaches the capture inbox through the
 * built-in service, SIGTERM stops it cleanly. With a configuration file: its {@code outbox} block
 * sets the outbox's limits.
 */
class ServeProcessTest {
  private static final Pattern URL = Pattern.compile("serving .* on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void servesWithEmbeddedDefaultsAndPrintsTheAdminKeyOnlyOnTheFirstStart() throws Exception {
    Started first = serve();
    assertThat(first.adminKey).startsWith("amk_");
    assertThat(first.output).contains("  console: " + first.url + "/console/");
    assertThat(new ApiClient(first.url, null).get("/console/").statusCode()).isEqualTo(200);

    ApiClient admin = new ApiClient(first.url, first.adminKey);
    HttpResponse<String> sent =
        admin.post(
            "/api/messages?wait=20s",
            Map.of(
                "to",
                "carol@example.com",
                "type",
                "SignIn",
                "payload",
                Map.of("code", "246810", "locale", "en")));
    JsonNode view = json(sent);
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    assertThat(view.get("status").asText()).isEqualTo("DELIVERED");
    assertThat(view.get("connector").asText()).isEqualTo("logto-email");
    try (Stream<Path> files = Files.list(dir.resolve("data").resolve("inbox"))) {
      List<Path> captured = files.filter(p -> p.toString().endsWith(".json")).toList();
      assertThat(captured).hasSize(1);
      assertThat(Files.readString(captured.get(0)))
          .contains("246810")
          .contains("carol@example.com");
    }
    stop(first);

    Started second = serve();
    assertThat(second.adminKey).isNull();
    assertThat(new ApiClient(second.url, first.adminKey).get("/api/messages").statusCode())
        .isEqualTo(200);
    stop(second);
  }

  @Test
  void theOutboxBlockOfTheConfigurationFileSetsTheTenantsRateLimit() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("authmail.yaml"),
            """
            outbox:
              limits:
                perTenant: {count: 2, windowSeconds: 600}
            """);
    String adminKey = "serve-process-admin-key-0123456789";
    Started started = serve(adminKey, "--config", config.toString());

    ApiClient admin = new ApiClient(started.url, adminKey);
    List<Integer> statuses = new ArrayList<>();
    for (String to : List.of("a@example.com", "b@example.com", "c@example.com")) {
      statuses.add(
          admin
              .post(
                  "/api/messages",
                  Map.of("to", to, "type", "SignIn", "payload", Map.of("code", "1")))
              .statusCode());
    }
    HttpResponse<String> fourth =
        admin.post(
            "/api/messages",
            Map.of("to", "d@example.com", "type", "SignIn", "payload", Map.of("code", "1")));

    assertThat(statuses).containsExactly(202, 202, 429);
    assertThat(json(fourth).get("code").asText()).isEqualTo("request.message_rate_limited");
    assertThat(fourth.headers().firstValue("Retry-After")).isPresent();
    stop(started);
  }

  private record Started(Process process, String url, String adminKey, List<String> output) {}

  private Started serve() throws Exception {
    return serve(null);
  }

  /**
   * @param envAdminKey the {@code AUTHMAIL_ADMIN_KEY} of the process, or {@code null} for none
   */
  private Started serve(String envAdminKey, String... extraArgs) throws Exception {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "dev.authmail.runtime.cli.Main",
                "serve",
                "--port",
                "0",
                "--host",
                "127.0.0.1",
                "--data",
                dir.resolve("data").toString()));
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().remove(ApiKeys.ENV_ADMIN_KEY);
    if (envAdminKey != null) {
      builder.environment().put(ApiKeys.ENV_ADMIN_KEY, envAdminKey);
    }
    Process process = builder.start();
    processes.add(process);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> output = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "serve-output");
    reader.setDaemon(true);
    reader.start();
    String adminKey = null;
    String url = null;
    boolean keyNext = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        if (!process.isAlive()) {
          break;
        }
        continue;
      }
      output.add(line);
      if (keyNext) {
        adminKey = line.trim();
        keyNext = false;
      } else if (line.startsWith("Admin API key")) {
        keyNext = true;
      }
      Matcher m = URL.matcher(line);
      if (m.find()) {
        url = m.group(1);
      } else if (url != null
          && line.startsWith("  console: ")) { // the last line of the start-up banner
        return new Started(process, url, adminKey, output);
      }
    }
    throw new AssertionError("serve did not start: " + output);
  }

  private static void stop(Started started) throws InterruptedException {
    started.process.destroy(); // SIGTERM: the shutdown hook drains and closes
    assertThat(started.process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
  }
}
