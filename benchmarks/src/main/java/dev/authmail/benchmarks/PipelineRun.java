package dev.authmail.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The full pipeline: {@code authmail serve} as a child process (the same class path, default JVM
 * settings) on SQLite in a temporary data directory, its SMTP connector (defaults: pool, timeouts)
 * pointing at the sink; messages are POSTed to {@code /api/messages} as Logto's HTTP email
 * connector would. Throughput counts from the first POST until the sink has every message.
 */
final class PipelineRun implements AutoCloseable {
  static final String ADMIN_KEY = "benchmark-admin-key-0123456789abcdef";

  /**
   * Connections of the open-loop run: a request waits for a free one only when this many are busy
   * at once, and that wait counts in its latency (it counts from when the request was due).
   */
  private static final int OPEN_LOOP_CONNECTIONS = 64;

  private static final long DONE = Long.MIN_VALUE;
  private static final Pattern SERVING =
      Pattern.compile("serving .* on (http://127\\.0\\.0\\.1:\\d+)");

  /**
   * @param serveCpuMicros CPU of the authmail serve process per message, microseconds
   * @param machineCpuMicros CPU of this harness (HTTP clients), serve and the sink per message
   */
  record Result(
      double perSecond,
      Latencies accepts,
      int failed,
      double serveCpuMicros,
      double machineCpuMicros) {}

  private final Process process;
  private final String url;
  private final Path dir;
  private final SmtpSink sink;
  private final AtomicInteger sequence = new AtomicInteger();

  private PipelineRun(Process process, String url, Path dir, SmtpSink sink) {
    this.process = process;
    this.url = url;
    this.dir = dir;
    this.sink = sink;
  }

  static PipelineRun start(SmtpSink sink) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("authmail-bench-pipeline");
    Path config = dir.resolve("authmail.yaml");
    // -Dauthmail.bench.storageUrl=jdbc:postgresql://... (or another jdbc:sqlite: file) tries
    // another store
    String storage = System.getProperty("authmail.bench.storageUrl", "");
    // -Dauthmail.bench.durability=process-crash measures SQLite without an fsync per commit
    String durability = System.getProperty("authmail.bench.durability", "");
    Files.writeString(
        config,
        (storage.isBlank() && durability.isBlank() ? "" : "storage:\n")
            + (storage.isBlank() ? "" : "  url: \"" + storage + "\"\n")
            + (durability.isBlank() ? "" : "  durability: " + durability + "\n")
            + """
            network:
              allowPrivateAddresses: true
            tenants:
              default:
                email: [sink]
            connectors:
              sink:
                factory: smtp
                config:
                  host: 127.0.0.1
                  port: %d
                  fromEmail: noreply@example.com
                  ignoreTLS: true
                  templates:
                    - {usageType: Register, contentType: text/plain, subject: "Your code",
                       content: "Your code is {{code}}. It expires in 10 minutes."}
                    - {usageType: SignIn, contentType: text/plain, subject: "Your code",
                       content: "Your code is {{code}}. It expires in 10 minutes."}
                    - {usageType: ForgotPassword, contentType: text/plain, subject: "Your code",
                       content: "Your code is {{code}}. It expires in 10 minutes."}
                    - {usageType: Generic, contentType: text/plain, subject: "Your code",
                       content: "Your code is {{code}}. It expires in 10 minutes."}
            """
                .formatted(sink.port()));
    int port = SmtpSink.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String jvmOptions = System.getProperty("authmail.bench.serveJvm", "");
    if (!jvmOptions.isBlank()) {
      command.addAll(List.of(jvmOptions.trim().split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.authmail.runtime.cli.Main",
            "serve",
            "--config",
            config.toString(),
            "--port",
            String.valueOf(port),
            "--host",
            "127.0.0.1",
            "--data",
            dir.resolve("data").toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("AUTHMAIL_ADMIN_KEY", ADMIN_KEY);
    builder
        .environment()
        .putIfAbsent("AUTHMAIL_SECRET_KEY", "YmVuY2htYXJrLXNlY3JldC1rZXktMzItYnl0ZXMhIT0=");
    Process process = builder.start();
    CountDownLatch serving = new CountDownLatch(1);
    String[] found = new String[1];
    List<String> output = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  Matcher m = SERVING.matcher(line);
                  if (found[0] == null) {
                    output.add(line);
                  }
                  if (m.find()) {
                    found[0] = m.group(1);
                    serving.countDown();
                  } else if (line.contains("WARN") || line.contains("ERROR")) {
                    System.out.println("  serve: " + line);
                  }
                }
              } catch (IOException e) {
                // the process ended
              } finally {
                serving.countDown();
              }
            },
            "serve-output");
    reader.setDaemon(true);
    reader.start();
    if (!serving.await(120, TimeUnit.SECONDS) || found[0] == null) {
      process.destroyForcibly();
      throw new IllegalStateException("authmail serve did not start: " + output);
    }
    return new PipelineRun(process, found[0], dir, sink);
  }

  long pid() {
    return process.pid();
  }

  /** A Logto HTTP email connector's body, to a recipient no other request of the run uses. */
  private String body() {
    int n = sequence.getAndIncrement();
    return "{\"to\":\"user"
        + n
        + "@example.com\",\"type\":\"SignIn\",\"payload\":{\"code\":\""
        + String.format("%06d", n % 1_000_000)
        + "\",\"locale\":\"en\"}}";
  }

  private ApiClient client() {
    return new ApiClient(url, "/api/messages", ADMIN_KEY);
  }

  /**
   * POSTs {@code count} messages from {@code clients} threads; waits until the sink has them all.
   */
  Result throughput(int count, int clients) throws Exception {
    return post(count, clients, this::body, 202, true);
  }

  /**
   * The HTTP floor: POSTs {@code count} requests the API refuses (a malformed address, 400) from
   * {@code clients} threads: authentication, parsing and an error answer, with no storage and no
   * sending. Its CPU per request is what the HTTP layer costs before the outbox does anything.
   */
  Result rejected(int count, int clients) throws Exception {
    String body =
        "{\"to\":\"not-an-address\",\"type\":\"SignIn\",\"payload\":{\"code\":\"123456\"}}";
    return post(count, clients, () -> body, 400, false);
  }

  private Result post(
      int count, int clients, Supplier<String> bodies, int expected, boolean delivered)
      throws Exception {
    long target = sink.messages() + count;
    Cpu cpu = new Cpu();
    Latencies accepts = new Latencies(count);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Thread thread =
          new Thread(
              () -> {
                try (ApiClient client = client()) {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                      int status = client.post(bodies.get());
                      accepts.add(System.nanoTime() - t0);
                      if (status != expected) {
                        failed.incrementAndGet();
                      }
                    } catch (IOException e) {
                      failed.incrementAndGet();
                    }
                  }
                }
              },
              "api-client-" + c);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    boolean all = !delivered || sink.awaitMessages(target - failed.get(), 300);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!all) {
      System.out.println("  the sink did not get every message within 300 s");
    }
    return new Result(
        (count - failed.get()) / seconds,
        accepts,
        failed.get(),
        cpu.serveMicros(count),
        cpu.allMicros(count));
  }

  /**
   * Open loop: one request every 1/rate s for {@code seconds}, each sent when due whatever the
   * earlier ones are doing; latency counts from when the request was due (no coordinated omission).
   */
  Result fixedRate(int rate, int seconds) throws Exception {
    int count = rate * seconds;
    Cpu cpu = new Cpu();
    Latencies accepts = new Latencies(count);
    AtomicInteger failed = new AtomicInteger();
    BlockingQueue<Long> due = new LinkedBlockingQueue<>();
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < OPEN_LOOP_CONNECTIONS; c++) {
      Thread sender =
          new Thread(
              () -> {
                try (ApiClient client = client()) {
                  for (long at = due.take(); at != DONE; at = due.take()) {
                    try {
                      if (client.post(body()) != 202) {
                        failed.incrementAndGet();
                      }
                    } catch (IOException e) {
                      failed.incrementAndGet();
                    }
                    accepts.add(System.nanoTime() - at);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "api-open-loop-" + c);
      sender.start();
      senders.add(sender);
    }
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long at = start + i * interval;
      long wait = at - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      due.add(at);
    }
    double achieved = count / ((System.nanoTime() - start) / 1e9);
    senders.forEach(t -> due.add(DONE));
    for (Thread sender : senders) {
      sender.join(120_000);
    }
    return new Result(
        achieved, accepts, failed.get(), cpu.serveMicros(count), cpu.allMicros(count));
  }

  /** CPU used from now on by serve, and by serve + the sink + this harness. */
  private final class Cpu {
    private final double serve = ProcCpu.seconds(process.pid());
    private final double all =
        ProcCpu.seconds(process.pid())
            + ProcCpu.seconds(sink.pid())
            + ProcCpu.seconds(ProcessHandle.current().pid());

    double serveMicros(int messages) {
      return (ProcCpu.seconds(process.pid()) - serve) * 1e6 / messages;
    }

    double allMicros(int messages) {
      return (ProcCpu.seconds(process.pid())
              + ProcCpu.seconds(sink.pid())
              + ProcCpu.seconds(ProcessHandle.current().pid())
              - all)
          * 1e6
          / messages;
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    Main.deleteTree(dir);
  }
}
