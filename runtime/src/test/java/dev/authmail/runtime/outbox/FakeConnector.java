package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.SendResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test connector: fails with scripted errors (in order, then with the fallback behaviour) and
 * counts every send per message id. Thread-safe.
 */
final class FakeConnector implements EmailConnector {
  private final Queue<ConnectorException> scripted = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicInteger> sendsById = new ConcurrentHashMap<>();
  private final List<EmailRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Function<EmailRequest, ConnectorException> always = r -> null;

  /** The next sends fail with these errors, in order. */
  FakeConnector failNext(ConnectorException... errors) {
    scripted.addAll(List.of(errors));
    return this;
  }

  /** Every send (after the scripted ones) fails with this error; {@code null} to succeed again. */
  FakeConnector failAlways(ConnectorException error) {
    always = r -> error;
    return this;
  }

  FakeConnector behave(Function<EmailRequest, ConnectorException> behaviour) {
    always = behaviour;
    return this;
  }

  /**
   * A connector whose sends count {@code entered} down, then wait (at most 10 s) for {@code
   * release} before they succeed: a send that is in progress for as long as a test needs.
   */
  static FakeConnector blocking(CountDownLatch entered, CountDownLatch release) {
    return new FakeConnector()
        .behave(
            request -> {
              entered.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return null;
            });
  }

  @Override
  public SendResult send(EmailRequest request) {
    calls.incrementAndGet();
    ConnectorException error = scripted.poll();
    if (error == null) {
      error = always.apply(request);
    }
    if (error != null) {
      throw error;
    }
    requests.add(request);
    sendsById.computeIfAbsent(request.messageId(), k -> new AtomicInteger()).incrementAndGet();
    return new SendResult("provider-" + request.messageId(), Instant.EPOCH);
  }

  /** Calls of send, successful or not. */
  int calls() {
    return calls.get();
  }

  /** Successful sends. */
  List<EmailRequest> delivered() {
    return List.copyOf(requests);
  }

  Map<String, Integer> sendsById() {
    Map<String, Integer> copy = new ConcurrentHashMap<>();
    sendsById.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }
}
