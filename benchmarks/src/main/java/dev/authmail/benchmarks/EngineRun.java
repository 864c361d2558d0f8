package dev.authmail.benchmarks;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.context.RuntimeContext;
import dev.authmail.runtime.outbox.AcceptResult;
import dev.authmail.runtime.outbox.MessageStatus;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.outbox.NewMessage;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.outbox.OutboxConfig;
import dev.authmail.runtime.outbox.OutboxListener;
import dev.authmail.runtime.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine alone, in this JVM, without HTTP: {@link Outbox} on SQLite with the SMTP connector
 * into the sink. Not the figure (that goes through the API); it separates the engine's cost
 * from the HTTP layer's when profiling.
 */
final class EngineRun {
  private EngineRun() {}

  record Result(double perSecond, Latencies accepts) {}

  static Result run(int port, int count, int clients) throws Exception {
    Path dir = Files.createTempDirectory("authmail-bench-engine");
    EmailConnector smtp = smtpConnector(port);
    try (Database db =
        Database.open("jdbc:sqlite:" + dir.resolve("authmail.db").toAbsolutePath())) {
      AtomicInteger finished = new AtomicInteger();
      OutboxListener counting =
          new OutboxListener() {
            @Override
            public void completed(
                String tenant,
                UsageType type,
                MessageStatus status,
                java.time.Duration sinceCreated) {
              if (status.isFinal()) {
                finished.incrementAndGet();
              }
            }
          };
      Outbox outbox =
          Outbox.create(
              db,
              tenant -> List.of(new NamedConnector("sink", smtp)),
              OutboxConfig.defaults(),
              Clock.systemUTC(),
              counting);
      outbox.start();
      Latencies accepts = new Latencies(count);
      AtomicInteger next = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        Thread thread =
            new Thread(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    NewMessage command =
                        NewMessage.of(
                            "default",
                            EmailAddress.parse("user" + i + "@example.com"),
                            UsageType.SignIn,
                            Payload.builder().code(String.format("%06d", i % 1_000_000)).build());
                    long t0 = System.nanoTime();
                    AcceptResult result = outbox.accept(command);
                    accepts.add(System.nanoTime() - t0);
                    if (!(result instanceof AcceptResult.Accepted)) {
                      throw new IllegalStateException("not accepted: " + result);
                    }
                  }
                },
                "engine-client-" + c);
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      while (finished.get()
          < count) { // counted by the listener: polling queueDepth() would cost a COUNT(*)
        Thread.sleep(1);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      outbox.close();
      return new Result(count / seconds, accepts);
    } finally {
      smtp.close();
      Main.deleteTree(dir);
    }
  }

  /**
   * The product's SMTP connector, found by ServiceLoader as the runtime finds it, with its
   * defaults.
   */
  static EmailConnector smtpConnector(int port) {
    ConnectorFactory factory =
        ServiceLoader.load(ConnectorFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.id().equals("simple-mail-transfer-protocol"))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("the SMTP connector is not on the class path"));
    Map<String, Object> config = smtpConfig(port);
    List<ConfigProblem> problems = factory.configSpec().check(config);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("SMTP config: " + problems);
    }
    RuntimeContext context =
        new RuntimeContext(
            "default",
            NetworkPolicy.allowingPrivateAddresses(),
            EmailAddress.parse("no-reply@example.com"),
            null,
            Clock.systemUTC());
    return factory.create(factory.configSpec().bind(config), context);
  }

  /** The SMTP connector's config for the sink: Logto's keys, defaults for pool and timeouts. */
  static Map<String, Object> smtpConfig(int port) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", port);
    config.put("fromEmail", "noreply@example.com");
    config.put("ignoreTLS", true);
    List<Map<String, Object>> templates = new ArrayList<>();
    for (String type : List.of("Register", "SignIn", "ForgotPassword", "Generic")) {
      templates.add(
          Map.of(
              "usageType",
              type,
              "contentType",
              "text/plain",
              "subject",
              "Your code",
              "content",
              "Your code is {{code}}. It expires in 10 minutes."));
    }
    config.put("templates", templates);
    return config;
  }
}
