package dev.authmail.runtime.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code authmail serve} in a child JVM ({@code java -cp <test class path> …Main serve --config
 * FILE --port P --data DIR}) on 127.0.0.1, started from the test's own class path. The admin key
 * comes from {@code AUTHMAIL_ADMIN_KEY}, so every start knows it. Output is kept for diagnostics.
 */
final class ServeProcess implements AutoCloseable {
  static final String ADMIN_KEY = "process-test-admin-key-0123456789";

  /** A fixed key for stored connector secrets, the same on every node (base64 of 32 bytes). */
  static final String SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  private static final Pattern SERVING =
      Pattern.compile("serving .* on (http://127\\.0\\.0\\.1:\\d+)");

  private final Process process;
  private final String url;
  private final List<String> output;

  private ServeProcess(Process process, String url, List<String> output) {
    this.process = process;
    this.url = url;
    this.output = output;
  }

  /** Starts a node and waits (at most 60 s) until it prints its URL. */
  static ServeProcess start(Path config, Path dataDir, String name)
      throws IOException, InterruptedException {
    return start(config, dataDir, name, Map.of());
  }

  /** Starts a node with more environment variables. */
  static ServeProcess start(Path config, Path dataDir, String name, Map<String, String> moreEnv)
      throws IOException, InterruptedException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return start(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            classPath,
            "dev.authmail.runtime.cli.Main"),
        config,
        dataDir,
        name,
        moreEnv);
  }

  /**
   * Starts {@code launcher serve …} (e.g. {@code java -jar authmail.jar}, or the {@code authmail}
   * script) in {@code dataDir}'s parent and waits (at most 60 s) until it prints its URL.
   */
  static ServeProcess start(List<String> launcher, Path config, Path dataDir, String name)
      throws IOException, InterruptedException {
    return start(launcher, config, dataDir, name, Map.of());
  }

  /** {@link #start(List, Path, Path, String)} with more environment variables. */
  static ServeProcess start(
      List<String> launcher, Path config, Path dataDir, String name, Map<String, String> moreEnv)
      throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>(launcher);
    command.addAll(
        List.of(
            "serve",
            "--config",
            config.toString(),
            "--port",
            String.valueOf(port),
            "--host",
            "127.0.0.1",
            "--data",
            dataDir.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dataDir.getParent().toFile())
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("AUTHMAIL_ADMIN_KEY", ADMIN_KEY);
    env.put("AUTHMAIL_SECRET_KEY", SECRET_KEY);
    env.putAll(moreEnv);
    Process process = builder.start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch serving = new CountDownLatch(1);
    String[] found = new String[1];
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (output.size() < 2000) {
                    output.add(line);
                  }
                  Matcher m = SERVING.matcher(line);
                  if (m.find()) {
                    found[0] = m.group(1);
                    serving.countDown();
                  }
                }
              } catch (IOException e) {
                // the process ended
              } finally {
                serving.countDown();
              }
            },
            "serve-output-" + name);
    reader.setDaemon(true);
    reader.start();
    if (!serving.await(60, TimeUnit.SECONDS) || found[0] == null) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not start: " + output);
    }
    return new ServeProcess(process, found[0], output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  String url() {
    return url;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no graceful anything. Waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** SIGTERM (graceful), then SIGKILL if it has not ended within 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
