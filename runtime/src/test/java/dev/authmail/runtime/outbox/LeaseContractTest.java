package dev.authmail.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.authmail.runtime.storage.StorageException;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * Leases under stress: renewal while a send is slow, giving messages up when the lease cannot be
 * kept, maybe-duplicate only for sends that may have started, and accepts failing fast when the
 * writer thread died. {@link SqliteLeaseOutboxTest} and {@link PostgresLeaseOutboxTest} run it on
 * each database.
 */
abstract class LeaseContractTest extends OutboxScenarios {
  private static final Duration SHORT_LEASE = Duration.ofMillis(600);

  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicReference<String> inFlight = new AtomicReference<>();

  /** A connector whose sends all block until the test releases them. */
  private FakeConnector slowConnector() {
    return new FakeConnector()
        .behave(
            request -> {
              inFlight.compareAndSet(null, request.messageId());
              entered.countDown();
              try {
                release.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return null;
            });
  }

  @Test
  void slowSendRenewsItsLeaseAndIsNeverTakenOver() throws Exception {
    FakeConnector slow = slowConnector();
    chain(TENANT, new NamedConnector("primary", slow));
    Outbox sending =
        outbox(Clock.systemUTC(), c -> c.nodeId("slow").workerThreads(1).lease(SHORT_LEASE));
    String id = accepted(sending.accept(signIn("pat@example.com", "1")));
    sending.start();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    Outbox other = outbox(Clock.systemUTC(), c -> c.nodeId("other").lease(SHORT_LEASE));
    other.start();
    sleep(SHORT_LEASE.toMillis() * 4); // four leases pass while the send is still running
    MessageView whileSlow = other.find(TENANT, id).orElseThrow();
    release.countDown();
    MessageView view = waitForStatus(sending, id, MessageStatus.DELIVERED);

    assertThat(whileSlow.status()).isEqualTo(MessageStatus.SENDING);
    assertThat(slow.sendsById()).containsExactly(Map.entry(id, 1));
    assertThat(view.maybeDuplicate()).isFalse();
    assertThat(view.attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo(AttemptView.Outcome.DELIVERED));
  }

  @Test
  void nodeThatCannotRenewItsLeasesStopsSending() throws Exception {
    FakeConnector slow = slowConnector();
    chain(TENANT, new NamedConnector("primary", slow));
    Outbox node =
        outbox(
            Clock.systemUTC(),
            c -> c.workerThreads(1).lease(SHORT_LEASE).shutdownGrace(Duration.ofMillis(500)));
    for (int i = 0; i < 3; i++) {
      accepted(node.accept(signIn("q" + i + "@example.com", "1")));
    }
    node.start();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    awaitValue(node::heldLeases, 3); // one in flight, two claimed and waiting for the sender

    db.close(); // the database goes away: renewals fail, the leases run out
    sleep(SHORT_LEASE.toMillis() * 2);
    release.countDown();
    awaitValue(node::heldLeases, 0);

    assertThat(slow.calls()).isEqualTo(1);
  }

  @Test
  void messageWhoseLeaseWasTakenBeforeItsSendStartedIsNotSent() throws Exception {
    FakeConnector slow = slowConnector();
    chain(TENANT, new NamedConnector("primary", slow));
    Outbox node = outbox(c -> c.workerThreads(1).nodeId("holder"));
    List<String> ids =
        List.of(
            accepted(node.accept(signIn("r1@example.com", "1"))),
            accepted(node.accept(signIn("r2@example.com", "1"))));
    node.start();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    awaitValue(node::heldLeases, 2);
    String waiting = ids.get(0).equals(inFlight.get()) ? ids.get(1) : ids.get(0);

    // another node took the waiting message over (as if this node had stalled past its lease)
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("UPDATE messages SET lease_owner = 'thief' WHERE id = ?")) {
            s.setString(1, waiting);
            return s.executeUpdate();
          }
        });
    release.countDown();
    waitForStatus(node, inFlight.get(), MessageStatus.DELIVERED);
    awaitValue(node::heldLeases, 0);

    assertThat(slow.sendsById()).containsExactly(Map.entry(inFlight.get(), 1));
    assertThat(node.find(TENANT, waiting))
        .get()
        .extracting(MessageView::status)
        .isEqualTo(MessageStatus.SENDING);
  }

  @Test
  void claimedButNeverStartedMessageIsTakenOverWithoutMaybeDuplicate() {
    FakeConnector primary = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary));
    Outbox outbox = outbox(c -> c.lease(Duration.ofSeconds(30)));
    String id = accepted(outbox.accept(signIn("sam@example.com", "1")));
    // a node claims it and dies before its send started
    outbox.workStore().claim("dead-node", clock.instant(), Duration.ofSeconds(30), 10);
    outbox.start();

    clock.advance(Duration.ofSeconds(31));
    MessageView view = waitForStatus(outbox, id, MessageStatus.DELIVERED);

    assertThat(view.maybeDuplicate()).isFalse();
    assertThat(primary.sendsById()).containsExactly(Map.entry(id, 1));
  }

  @Test
  void acceptsFailFastWhenTheWriterThreadDied() throws Exception {
    Outbox outbox = outbox(c -> c.workerThreads(0));
    accepted(outbox.accept(signIn("tom@example.com", "1")));
    Thread writer = outbox.ledger().thread();

    writer.interrupt(); // stands for anything that ends the thread (an Error, a bug)
    writer.join(10_000);

    assertThat(outbox.isAccepting()).isFalse();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> outbox.accept(signIn("uma@example.com", "1")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("writer thread has stopped"));
  }

  /** Polls until the value is reached (bounded); the assertion afterwards says what was seen. */
  static void awaitValue(IntSupplier value, int expected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (value.getAsInt() != expected && System.nanoTime() < deadline) {
      sleep(10);
    }
    assertThat(value.getAsInt()).isEqualTo(expected);
  }
}
