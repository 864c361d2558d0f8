package dev.authmail.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every outbox scenario of issue 5, written once; {@link SqliteOutboxTest} and {@link
 * PostgresOutboxTest} run it against each database.
 */
abstract class OutboxContractTest extends OutboxScenarios {

  @Test
  void acceptedMessageIsDeliveredOnceWithItsAttemptRecorded() {
    FakeConnector primary = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary));
    Outbox outbox = outbox();

    String id =
        accepted(outbox.accept(signIn("Alice@Example.com", "123456").withIp("203.0.113.9")));
    assertThat(outbox.find(TENANT, id))
        .get()
        .extracting(MessageView::status)
        .isEqualTo(MessageStatus.QUEUED);
    outbox.start();
    MessageView view = outbox.await(TENANT, id, WAIT).orElseThrow();

    assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(view.providerMessageId()).isEqualTo("provider-" + id);
    assertThat(view.maybeDuplicate()).isFalse();
    assertThat(view.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.number()).isEqualTo(1);
              assertThat(a.connector()).isEqualTo("primary");
              assertThat(a.outcome()).isEqualTo(AttemptView.Outcome.DELIVERED);
            });
    EmailRequest sent = primary.delivered().get(0);
    assertThat(sent.to().value()).isEqualTo("Alice@Example.com");
    assertThat(sent.type()).isEqualTo(UsageType.SignIn);
    assertThat(sent.payload().code()).hasValue("123456");
    assertThat(sent.messageId()).isEqualTo(id);
    assertThat(sent.ip()).isEqualTo("203.0.113.9");
    assertThat(outbox.queueDepth()).isZero();
    assertThat(outbox.find("another-tenant", id)).isEmpty();
  }

  @Test
  void sameIdempotencyKeyAndBodyReturnsTheSameMessageAndSendsOnce() {
    FakeConnector primary = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary));
    Outbox outbox = outbox();
    NewMessage command = signIn("bob@example.com", "111111").withIdempotencyKey("key-1");

    AcceptResult first = outbox.accept(command);
    AcceptResult again = outbox.accept(command);
    AcceptResult otherBody =
        outbox.accept(signIn("bob@example.com", "222222").withIdempotencyKey("key-1"));
    outbox.start();
    outbox.await(TENANT, accepted(first), WAIT);

    assertThat(again).isEqualTo(new AcceptResult.Accepted(accepted(first), true));
    assertThat(otherBody).isEqualTo(new AcceptResult.IdempotencyConflict(accepted(first)));
    assertThat(primary.sendsById()).containsExactly(Map.entry(accepted(first), 1));
    assertThat(outbox.list(TENANT, null, null, 10)).hasSize(1);
  }

  @Test
  void eleventhMessageToOneRecipientIsRateLimitedUntilTheOldestLeavesTheWindow() {
    Outbox outbox = outbox(c -> c.workerThreads(0));
    for (int i = 0; i < 10; i++) {
      assertThat(outbox.accept(signIn("carol@example.com", "00000" + i)))
          .isInstanceOf(AcceptResult.Accepted.class);
      clock.advance(Duration.ofSeconds(30));
    }
    // the first was accepted at START; the window is 10 minutes; now is START + 5 min

    AcceptResult eleventh = outbox.accept(signIn("CAROL@example.com", "999999"));
    AcceptResult otherRecipient = outbox.accept(signIn("dave@example.com", "999999"));
    AcceptResult otherType =
        outbox.accept(
            NewMessage.of(
                TENANT,
                EmailAddress.parse("carol@example.com"),
                UsageType.ForgotPassword,
                Payload.builder().code("1").build()));
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    AcceptResult later = outbox.accept(signIn("carol@example.com", "888888"));

    assertThat(eleventh)
        .isEqualTo(new AcceptResult.RateLimited(Duration.ofMinutes(5), "recipient"));
    assertThat(otherRecipient).isInstanceOf(AcceptResult.Accepted.class);
    // one limit per recipient whatever the usage type (issue 11, item 4)
    assertThat(otherType)
        .isEqualTo(new AcceptResult.RateLimited(Duration.ofMinutes(5), "recipient"));
    assertThat(later).isInstanceOf(AcceptResult.Accepted.class);
  }

  @Test
  void theOptionalPerTypeLimitAppliesOnTopOfThePerRecipientOne() {
    Outbox outbox = outbox(c -> c.workerThreads(0).typeLimit(2, Duration.ofMinutes(1)));
    accepted(outbox.accept(signIn("fay@example.com", "1")));
    accepted(outbox.accept(signIn("fay@example.com", "2")));

    AcceptResult third = outbox.accept(signIn("fay@example.com", "3"));
    AcceptResult otherType =
        outbox.accept(
            NewMessage.of(
                TENANT,
                EmailAddress.parse("fay@example.com"),
                UsageType.ForgotPassword,
                Payload.builder().code("1").build()));

    assertThat(third).isEqualTo(new AcceptResult.RateLimited(Duration.ofMinutes(1), "recipient"));
    assertThat(otherType).isInstanceOf(AcceptResult.Accepted.class);
  }

  @Test
  void tenantLimitCountsEveryRecipient() {
    Outbox outbox = outbox(c -> c.workerThreads(0).tenantLimit(3, Duration.ofMinutes(1)));
    for (int i = 0; i < 3; i++) {
      accepted(outbox.accept(signIn("user" + i + "@example.com", "1")));
    }
    assertThat(outbox.accept(signIn("user9@example.com", "1")))
        .isEqualTo(new AcceptResult.RateLimited(Duration.ofMinutes(1), "tenant"));
  }

  @Test
  void messageWhoseTimeToLivePassedIsExpiredNotSent() {
    FakeConnector primary = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary));
    Outbox outbox = outbox();
    String id =
        accepted(outbox.accept(signIn("erin@example.com", "1").withTtl(Duration.ofMinutes(1))));

    clock.advance(Duration.ofMinutes(2));
    outbox.start();
    MessageView view = outbox.await(TENANT, id, WAIT).orElseThrow();

    assertThat(view.status()).isEqualTo(MessageStatus.EXPIRED);
    assertThat(view.attempts()).isEmpty();
    assertThat(primary.calls()).isZero();
  }

  @Test
  void newerMessageCancelsQueuedOlderOneForSameRecipientAndType() {
    FakeConnector primary = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary));
    Outbox outbox = outbox();
    String old = accepted(outbox.accept(signIn("frank@example.com", "111111")));
    String invitation1 =
        accepted(
            outbox.accept(
                NewMessage.of(
                    TENANT,
                    EmailAddress.parse("frank@example.com"),
                    UsageType.OrganizationInvitation,
                    Payload.builder().link("https://a.example/i/1").build())));
    String invitation2 =
        accepted(
            outbox.accept(
                NewMessage.of(
                    TENANT,
                    EmailAddress.parse("frank@example.com"),
                    UsageType.OrganizationInvitation,
                    Payload.builder().link("https://b.example/i/2").build())));

    String newer = accepted(outbox.accept(signIn("frank@example.com", "222222")));
    outbox.start();
    waitForStatus(outbox, newer, MessageStatus.DELIVERED);
    waitForStatus(outbox, invitation2, MessageStatus.DELIVERED);

    MessageView cancelled = outbox.find(TENANT, old).orElseThrow();
    assertThat(cancelled.status()).isEqualTo(MessageStatus.CANCELLED);
    assertThat(cancelled.lastErrorCode()).isEqualTo("SUPERSEDED");
    assertThat(primary.sendsById()).containsOnlyKeys(newer, invitation1, invitation2);
    assertThat(primary.delivered())
        .filteredOn(r -> r.type() == UsageType.SignIn)
        .singleElement()
        .satisfies(r -> assertThat(r.payload().code()).hasValue("222222"));
  }

  @Test
  void retryableFailureIsRetriedNoEarlierThanRetryAfterThenDelivered() {
    FakeConnector primary =
        new FakeConnector()
            .failNext(
                ConnectorException.withRetryAfter(
                    ErrorCode.RATE_LIMITED, "429 slow down", Duration.ofSeconds(30), null));
    chain(TENANT, new NamedConnector("primary", primary));
    Outbox outbox = outbox();
    String id = accepted(outbox.accept(signIn("gina@example.com", "1")));
    outbox.start();

    MessageView afterFirst = waitForAttempts(outbox, id, 1);
    clock.advance(Duration.ofSeconds(29));
    sleep(200); // several poll intervals: nothing may happen before Retry-After
    MessageView beforeRetryAfter = outbox.find(TENANT, id).orElseThrow();
    clock.advance(Duration.ofSeconds(2));
    MessageView delivered = waitForStatus(outbox, id, MessageStatus.DELIVERED);

    assertThat(afterFirst.status()).isEqualTo(MessageStatus.QUEUED);
    assertThat(afterFirst.nextAttemptAt()).isAfterOrEqualTo(START.plusSeconds(30));
    assertThat(afterFirst.lastErrorCode()).isEqualTo("RATE_LIMITED");
    assertThat(beforeRetryAfter.attempts()).hasSize(1);
    assertThat(delivered.attempts())
        .extracting(AttemptView::outcome)
        .containsExactly(AttemptView.Outcome.RETRYABLE_FAILURE, AttemptView.Outcome.DELIVERED);
    assertThat(delivered.attempts().get(0).errorCode()).isEqualTo("RATE_LIMITED");
    assertThat(primary.calls()).isEqualTo(2);
  }

  @Test
  void permanentFailureStopsWithoutFailover() {
    FakeConnector primary =
        new FakeConnector()
            .failAlways(new ConnectorException(ErrorCode.REJECTED, "550 mailbox unavailable"));
    FakeConnector backup = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary), new NamedConnector("backup", backup));
    Outbox outbox = outbox();
    String id = accepted(outbox.accept(signIn("hank@example.com", "1")));
    outbox.start();

    MessageView view = waitForStatus(outbox, id, MessageStatus.FAILED);
    clock.advance(Duration.ofMinutes(5));
    sleep(100);

    assertThat(view.lastErrorCode()).isEqualTo("REJECTED");
    assertThat(view.lastErrorMessage()).isEqualTo("550 mailbox unavailable");
    assertThat(view.attempts())
        .singleElement()
        .extracting(AttemptView::outcome)
        .isEqualTo(AttemptView.Outcome.PERMANENT_FAILURE);
    assertThat(primary.calls()).isEqualTo(1);
    assertThat(backup.calls()).isZero();
  }

  @Test
  void failingPrimaryFailsOverToWorkingFallback() {
    FakeConnector primary = new FakeConnector().failAlways(unavailable());
    FakeConnector backup = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary), new NamedConnector("backup", backup));
    Outbox outbox = outbox(c -> c.failoverAfter(2).breaker(100, Duration.ofMinutes(1)));
    String id = accepted(outbox.accept(signIn("ivy@example.com", "1")));
    outbox.start();

    waitForAttempts(outbox, id, 1);
    clock.advance(Duration.ofSeconds(2)); // past the first back-off step (at most 1 s)
    MessageView view = waitForStatus(outbox, id, MessageStatus.DELIVERED);

    assertThat(view.attempts())
        .extracting(AttemptView::connector)
        .containsExactly("primary", "primary", "backup");
    assertThat(view.connector()).isEqualTo("backup");
    assertThat(backup.sendsById()).containsExactly(Map.entry(id, 1));
  }

  @Test
  void authenticationFailureFailsOverAtOnce() {
    FakeConnector primary =
        new FakeConnector()
            .failAlways(
                new ConnectorException(
                    ErrorCode.AUTHENTICATION_FAILED, "535 authentication failed"));
    FakeConnector backup = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary), new NamedConnector("backup", backup));
    Outbox outbox = outbox();
    String id = accepted(outbox.accept(signIn("jack@example.com", "1")));
    outbox.start();

    MessageView view = waitForStatus(outbox, id, MessageStatus.DELIVERED);

    assertThat(view.attempts())
        .extracting(AttemptView::connector)
        .containsExactly("primary", "backup");
  }

  @Test
  void openCircuitSkipsThePrimaryUntilItsProbeSucceeds() {
    FakeConnector primary = new FakeConnector().failAlways(unavailable());
    FakeConnector backup = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary), new NamedConnector("backup", backup));
    Outbox outbox =
        outbox(c -> c.failoverAfter(1).breaker(2, Duration.ofMinutes(1)).workerThreads(1));
    outbox.start();

    String first = accepted(outbox.accept(signIn("k1@example.com", "1")));
    waitForStatus(outbox, first, MessageStatus.DELIVERED);
    String second = accepted(outbox.accept(signIn("k2@example.com", "1")));
    waitForStatus(outbox, second, MessageStatus.DELIVERED);
    String third = accepted(outbox.accept(signIn("k3@example.com", "1")));
    MessageView skipped = waitForStatus(outbox, third, MessageStatus.DELIVERED);
    CircuitBreakerSnapshot open =
        new CircuitBreakerSnapshot(outbox.circuitState(TENANT, "primary"), primary.calls());

    primary.failAlways(null);
    clock.advance(Duration.ofMinutes(1));
    String fourth = accepted(outbox.accept(signIn("k4@example.com", "1")));
    MessageView probed = waitForStatus(outbox, fourth, MessageStatus.DELIVERED);

    assertThat(open).isEqualTo(new CircuitBreakerSnapshot(CircuitBreaker.State.OPEN, 2));
    assertThat(skipped.attempts()).extracting(AttemptView::connector).containsExactly("backup");
    assertThat(probed.attempts()).extracting(AttemptView::connector).containsExactly("primary");
    assertThat(outbox.circuitState(TENANT, "primary")).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  record CircuitBreakerSnapshot(CircuitBreaker.State state, int primaryCalls) {}

  @Test
  void crashedWorkersLeaseExpiresAndAnotherWorkerDeliversMarkedMaybeDuplicate() {
    FakeConnector primary = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary));
    Outbox outbox = outbox(c -> c.lease(Duration.ofSeconds(30)));
    String id = accepted(outbox.accept(signIn("liam@example.com", "1")));
    // a node claims it, starts sending it and dies without a word
    List<Claimed> lost =
        outbox.workStore().claim("dead-node", clock.instant(), Duration.ofSeconds(30), 10);
    outbox
        .workStore()
        .transaction(
            c -> outbox.workStore().markStarted(c, "dead-node", List.of(id), clock.instant()));
    outbox.start();

    sleep(150);
    MessageView whileLeased = outbox.find(TENANT, id).orElseThrow();
    clock.advance(Duration.ofSeconds(31));
    MessageView view = waitForStatus(outbox, id, MessageStatus.DELIVERED);
    Claimed stale = lost.get(0);
    int overwritten =
        outbox
            .workStore()
            .complete(
                List.of(
                    new Outcome.Failed(
                        stale, null, 0, new Outcome.Error("REJECTED", "late"), clock.instant())));

    assertThat(stale.id()).isEqualTo(id);
    assertThat(whileLeased.status()).isEqualTo(MessageStatus.SENDING);
    assertThat(view.maybeDuplicate()).isTrue();
    assertThat(primary.sendsById()).containsExactly(Map.entry(id, 1));
    assertThat(overwritten).isZero();
    assertThat(outbox.find(TENANT, id))
        .get()
        .extracting(MessageView::status)
        .isEqualTo(MessageStatus.DELIVERED);
  }

  @Test
  void twoNodesDeliverAThousandMessagesWithoutLossOrDuplicate() throws Exception {
    FakeConnector shared = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", shared));
    Outbox nodeA = outbox(c -> c.nodeId("node-a").workerThreads(4).claimBatch(16));
    Outbox nodeB = outbox(c -> c.nodeId("node-b").workerThreads(4).claimBatch(16));
    nodeA.start();
    nodeB.start();

    ExecutorService callers = Executors.newFixedThreadPool(8);
    List<Future<String>> ids = new ArrayList<>();
    try {
      for (int i = 0; i < 1000; i++) {
        Outbox node = i % 2 == 0 ? nodeA : nodeB;
        String to = "user" + i + "@example.com";
        ids.add(callers.submit(() -> accepted(node.accept(signIn(to, "1")))));
      }
      List<String> accepted = new ArrayList<>();
      for (Future<String> id : ids) {
        accepted.add(id.get(60, TimeUnit.SECONDS));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (nodeA.queueDepth() > 0 && System.nanoTime() < deadline) {
        sleep(50);
      }

      assertThat(nodeA.queueDepth()).isZero();
      assertThat(shared.sendsById()).hasSize(1000).containsOnlyKeys(accepted);
      assertThat(shared.sendsById().values()).containsOnly(1);
      assertThat(nodeB.list(TENANT, MessageStatus.DELIVERED, null, 2000)).hasSize(1000);
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * One Idempotency-Key reaching two nodes at once with two bodies (a client bug, or two clients
   * sharing keys). On PostgreSQL the inserts race on the unique index: one node's round fails, its
   * accepts are retried one by one, and the loser's request is refused as a conflict naming the
   * winner's message while the other accepts of its round are stored all the same.
   */
  @Test
  void sameIdempotencyKeyOnTwoNodesAtOnceStoresOneMessageAndFailsNoOtherAccept() throws Exception {
    Outbox nodeA = outbox(c -> c.nodeId("node-a").workerThreads(0));
    Outbox nodeB = outbox(c -> c.nodeId("node-b").workerThreads(0));
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 20; round++) {
        String key = "shared-" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AcceptResult>> shared = new ArrayList<>();
        List<Future<AcceptResult>> others = new ArrayList<>();
        for (int caller = 0; caller < 4; caller++) {
          Outbox node = caller % 2 == 0 ? nodeA : nodeB;
          NewMessage mine =
              signIn((caller % 2 == 0 ? "anna" : "ben") + round + "@example.com", "1")
                  .withIdempotencyKey(key);
          shared.add(
              callers.submit(
                  () -> {
                    go.await();
                    return node.accept(mine);
                  }));
          NewMessage other =
              signIn("other" + round + "-" + caller + "@example.com", "1")
                  .withIdempotencyKey("other-" + round + "-" + caller);
          others.add(
              callers.submit(
                  () -> {
                    go.await();
                    return node.accept(other);
                  }));
        }
        go.countDown();

        List<AcceptResult> results = new ArrayList<>();
        for (Future<AcceptResult> result : shared) {
          results.add(result.get(30, TimeUnit.SECONDS));
        }
        String winner =
            results.stream()
                .filter(r -> r instanceof AcceptResult.Accepted)
                .map(r -> ((AcceptResult.Accepted) r).messageId())
                .findFirst()
                .orElseThrow();
        // the two callers with the winning body get its message, the two with the other body a
        // conflict
        assertThat(results)
            .as("round %d", round)
            .containsExactlyInAnyOrder(
                new AcceptResult.Accepted(winner, false), new AcceptResult.Accepted(winner, true),
                new AcceptResult.IdempotencyConflict(winner),
                    new AcceptResult.IdempotencyConflict(winner));
        for (Future<AcceptResult> result : others) {
          accepted(result.get(30, TimeUnit.SECONDS));
        }
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(nodeA.list(TENANT, null, null, 1000)).hasSize(20 + 20 * 4);
  }

  @Test
  void gracefulShutdownFinishesInFlightSendAndReleasesUnsentLeases() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeConnector blocking = FakeConnector.blocking(entered, release);
    chain(TENANT, new NamedConnector("primary", blocking));
    Outbox node = outbox(c -> c.workerThreads(1).nodeId("leaving"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(accepted(node.accept(signIn("m" + i + "@example.com", "1"))));
    }
    node.start();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(node::close);
    closer.start();
    sleep(100);
    release.countDown();
    closer.join(10_000);

    List<MessageView> after = node.list(TENANT, null, null, 10);
    assertThat(after).extracting(MessageView::status).doesNotContain(MessageStatus.SENDING);
    assertThat(after).filteredOn(v -> v.status() == MessageStatus.DELIVERED).hasSize(1);
    assertThat(after).filteredOn(v -> v.status() == MessageStatus.QUEUED).hasSize(4);
    assertThat(after).noneMatch(MessageView::maybeDuplicate);

    Outbox next = outbox(c -> c.nodeId("next"));
    next.start();
    for (String id : ids) {
      waitForStatus(next, id, MessageStatus.DELIVERED);
    }
    assertThat(blocking.sendsById()).hasSize(5);
    assertThat(blocking.sendsById().values()).containsOnly(1);
  }

  @Test
  void messageAcceptedWhileSendersAreIdleIsLeasedToThisNodeByTheAcceptItself() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeConnector blocking = FakeConnector.blocking(new CountDownLatch(1), release);
    chain(TENANT, new NamedConnector("primary", blocking));
    Outbox outbox = outbox(c -> c.workerThreads(2));
    outbox.start();

    String id = accepted(outbox.accept(signIn("olga@example.com", "1")));

    // no claim round in between: the accept's own commit leased it to this node's senders
    assertThat(outbox.find(TENANT, id))
        .get()
        .extracting(MessageView::status)
        .isEqualTo(MessageStatus.SENDING);
    release.countDown();
    MessageView view = waitForStatus(outbox, id, MessageStatus.DELIVERED);
    assertThat(view.maybeDuplicate()).isFalse();
    assertThat(blocking.sendsById()).containsExactly(Map.entry(id, 1));
  }

  @Test
  void withABacklogANewMessageWaitsItsTurnInsteadOfOvertakingOlderOnes() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeConnector blocking = FakeConnector.blocking(entered, release);
    chain(TENANT, new NamedConnector("primary", blocking));
    Outbox outbox =
        outbox(c -> c.workerThreads(1)); // holds at most 4: the first claim comes back full
    List<String> older = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      older.add(accepted(outbox.accept(signIn("queue" + i + "@example.com", "1"))));
    }
    outbox.start();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    String newest = accepted(outbox.accept(signIn("late@example.com", "1")));

    assertThat(outbox.find(TENANT, newest))
        .get()
        .extracting(MessageView::status)
        .isEqualTo(MessageStatus.QUEUED);
    release.countDown();
    waitForStatus(outbox, newest, MessageStatus.DELIVERED);
    for (String id : older) {
      waitForStatus(outbox, id, MessageStatus.DELIVERED);
    }
    assertThat(blocking.delivered())
        .hasSize(13)
        .last()
        .extracting(EmailRequest::messageId)
        .isEqualTo(newest);
  }

  @Test
  void finishedMessagesAreDeletedWithTheirAttemptsAfterTheRetentionAndQueuedOnesAreKept() {
    FakeConnector primary = new FakeConnector();
    chain(TENANT, new NamedConnector("primary", primary));
    Outbox outbox = outbox(c -> c.retention(Duration.ofDays(2)));
    String delivered =
        accepted(outbox.accept(signIn("vera@example.com", "1").withIdempotencyKey("v-1")));
    outbox.start();
    waitForStatus(outbox, delivered, MessageStatus.DELIVERED);
    clock.advance(Duration.ofDays(1));
    String recent = accepted(outbox.accept(signIn("walt@example.com", "1")));
    waitForStatus(outbox, recent, MessageStatus.DELIVERED);

    assertThat(outbox.purge()).isZero(); // nothing finished two days ago yet
    clock.advance(Duration.ofDays(1).plusMinutes(1));
    int deleted = outbox.purge();

    assertThat(deleted).isEqualTo(1);
    assertThat(outbox.find(TENANT, delivered)).isEmpty();
    assertThat(outbox.find(TENANT, recent)).get().extracting(v -> v.attempts().size()).isEqualTo(1);
    // the key is forgotten with its message: the same request is a new message now
    String again =
        accepted(outbox.accept(signIn("vera@example.com", "1").withIdempotencyKey("v-1")));
    assertThat(again).isNotEqualTo(delivered);
  }

  @Test
  void aMessageStillQueuedIsNotDeletedHoweverOld() {
    Outbox outbox = outbox(c -> c.workerThreads(0).retention(Duration.ofDays(1)));
    String queued = accepted(outbox.accept(signIn("xena@example.com", "1")));

    clock.advance(Duration.ofDays(3));

    assertThat(outbox.purge()).isZero();
    assertThat(outbox.find(TENANT, queued))
        .get()
        .extracting(MessageView::status)
        .isEqualTo(MessageStatus.QUEUED);
  }

  @Test
  void awaitReturnsAtMaxWhenNothingHappened() {
    Outbox outbox = outbox(c -> c.workerThreads(0));
    String id = accepted(outbox.accept(signIn("nina@example.com", "1")));

    MessageView view = outbox.await(TENANT, id, Duration.ofMillis(50)).orElseThrow();

    assertThat(view.status()).isEqualTo(MessageStatus.QUEUED);
    assertThat(outbox.await(TENANT, "msg_unknown", Duration.ofMillis(10))).isEmpty();
  }

  @Test
  void tenantWithoutConnectorsKeepsMessageQueuedUntilItExpires() {
    Outbox outbox = outbox();
    String id =
        accepted(
            outbox.accept(
                NewMessage.of(
                    "nobody",
                    EmailAddress.parse("o@example.com"),
                    UsageType.SignIn,
                    Payload.empty())));
    outbox.start();

    MessageView view = waitFor(outbox, "nobody", id, v -> v.lastErrorCode() != null);

    assertThat(view.status()).isEqualTo(MessageStatus.QUEUED);
    assertThat(view.lastErrorCode()).isEqualTo("INVALID_CONFIG");
    assertThat(view.attempts()).isEmpty();
  }

  static MessageView waitFor(
      Outbox outbox,
      String tenant,
      String id,
      java.util.function.Predicate<MessageView> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    MessageView view = outbox.find(tenant, id).orElseThrow();
    while (!condition.test(view) && System.nanoTime() < deadline) {
      sleep(10);
      view = outbox.find(tenant, id).orElseThrow();
    }
    return view;
  }
}
