package dev.authmail.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every outbox scenario needs: a fresh database (the subclass says which kind), a clock the
 * test moves, fake connector chains, outboxes closed after the test.
 */
abstract class OutboxScenarios {
  static final String TENANT = "acme";
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration WAIT = Duration.ofSeconds(20);

  final MutableClock clock = new MutableClock(START);
  final Map<String, List<NamedConnector>> chains = new ConcurrentHashMap<>();
  private final List<Outbox> outboxes = new ArrayList<>();
  Database db;

  /** A new, empty, migrated database for one test. */
  abstract Database openDatabase() throws Exception;

  @BeforeEach
  void openDb() throws Exception {
    db = openDatabase();
  }

  @AfterEach
  void closeAll() {
    outboxes.forEach(Outbox::close);
    db.close();
  }

  void chain(String tenant, NamedConnector... connectors) {
    chains.put(tenant, List.of(connectors));
  }

  Outbox outbox(Consumer<OutboxConfig.Builder> tweak) {
    return outbox(clock, tweak);
  }

  /** An outbox on another clock (the system clock, for tests of real-time lease renewal). */
  Outbox outbox(Clock outboxClock, Consumer<OutboxConfig.Builder> tweak) {
    OutboxConfig.Builder config =
        OutboxConfig.builder()
            .workerThreads(2)
            .pollInterval(Duration.ofMillis(20))
            .retry(Duration.ofSeconds(1), Duration.ofMinutes(1))
            .shutdownGrace(Duration.ofSeconds(5));
    tweak.accept(config);
    Outbox outbox =
        Outbox.create(
            db,
            tenant -> chains.getOrDefault(tenant, List.of()),
            config.build(),
            outboxClock,
            OutboxListener.NONE);
    outboxes.add(outbox);
    return outbox;
  }

  Outbox outbox() {
    return outbox(c -> {});
  }

  static NewMessage signIn(String to, String code) {
    return NewMessage.of(
        TENANT,
        EmailAddress.parse(to),
        UsageType.SignIn,
        Payload.builder().code(code).locale("en").build());
  }

  static String accepted(AcceptResult result) {
    assertThat(result).isInstanceOf(AcceptResult.Accepted.class);
    return ((AcceptResult.Accepted) result).messageId();
  }

  /** Polls until the view satisfies the condition (bounded); returns the last view. */
  static MessageView waitFor(Outbox outbox, String id, Predicate<MessageView> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    MessageView view = outbox.find(TENANT, id).orElseThrow();
    while (!condition.test(view) && System.nanoTime() < deadline) {
      sleep(10);
      view = outbox.find(TENANT, id).orElseThrow();
    }
    return view;
  }

  static MessageView waitForStatus(Outbox outbox, String id, MessageStatus status) {
    return waitFor(outbox, id, v -> v.status() == status);
  }

  static MessageView waitForAttempts(Outbox outbox, String id, int attempts) {
    return waitFor(
        outbox, id, v -> v.attempts().size() >= attempts && v.status() != MessageStatus.SENDING);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static ConnectorException unavailable() {
    return new ConnectorException(ErrorCode.UNAVAILABLE, "451 try again later");
  }
}
