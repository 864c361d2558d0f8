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
 * {@code authmail serve} as a child process with no configuration: the admin key is printed once,
 * a send over HTTP reaches the capture inbox through the built-in service, SIGTERM stops it cleanly.
 */
class ServeProcessTest {
  private static final Pattern URL = Pattern.compile("serving .* on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir
  Path dir;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void servesWithEmbeddedDefaultsAndPrintsTheAdminKeyOnlyOnTheFirstStart() throws Exception {
    Started first = serve();
    assertThat(first.adminKey).startsWith("amk_");

    ApiClient admin = new ApiClient(first.url, first.adminKey);
    HttpResponse<String> sent = admin.post("/api/messages?wait=20s",
        Map.of("to", "carol@example.com", "type", "SignIn", "payload", Map.of("code", "246810", "locale", "en")));
    JsonNode view = json(sent);
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    assertThat(view.get("status").asText()).isEqualTo("DELIVERED");
    assertThat(view.get("connector").asText()).isEqualTo("logto-email");
    try (Stream<Path> files = Files.list(dir.resolve("data").resolve("inbox"))) {
      List<Path> captured = files.filter(p -> p.toString().endsWith(".json")).toList();
      assertThat(captured).hasSize(1);
      assertThat(Files.readString(captured.get(0))).contains("246810").contains("carol@example.com");
    }
    stop(first);

    Started second = serve();
    assertThat(second.adminKey).isNull();
    assertThat(new ApiClient(second.url, first.adminKey).get("/api/messages").statusCode()).isEqualTo(200);
    stop(second);
  }

  private record Started(Process process, String url, String adminKey, List<String> output) {}

  private Started serve() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, "dev.authmail.runtime.cli.Main", "serve", "--port", "0", "--host", "127.0.0.1",
        "--data", dir.resolve("data").toString())
        .directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().remove(ApiKeys.ENV_ADMIN_KEY);
    Process process = builder.start();
    processes.add(process);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> output = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "serve-output");
    reader.setDaemon(true);
    reader.start();
    String adminKey = null;
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
        return new Started(process, m.group(1), adminKey, output);
      }
    }
    throw new AssertionError("serve did not start: " + output);
  }

  private static void stop(Started started) throws InterruptedException {
    started.process.destroy(); // SIGTERM: the shutdown hook drains and closes
    assertThat(started.process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
  }
}
