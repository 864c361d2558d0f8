package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.ReceivedEmail;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider that lives in memory, reached by name the way a real one is reached by host name: the
 * reference connector's peer. It answers like an HTTP API (status codes) and can be told to fail,
 * also with a fault only its body tells ({@link #OUT_OF_CREDITS}). Like a MockWebServer, it accepts
 * a message whatever credentials come with it, and records whether they were right: the contract
 * checks that through {@link #lastReceived()}.
 */
public final class InMemoryPeer implements ContractPeer, AutoCloseable {
  private static final Map<String, InMemoryPeer> PEERS = new ConcurrentHashMap<>();
  private static final AtomicInteger NAMES = new AtomicInteger();

  /** The declared fault: a 422 whose body says the account is out of credits. */
  public static final String OUT_OF_CREDITS = "out of credits";

  static final String OUT_OF_CREDITS_BODY =
      "{\"error\":\"out_of_credits\",\"message\":\"The account has no credits left\"}";

  /** What the peer answered instead of accepting: an HTTP-like status and body. */
  public static final class StatusException extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String retryAfter;
    final String body;

    StatusException(int status, String retryAfter) {
      this(status, retryAfter, null);
    }

    StatusException(int status, String retryAfter, String body) {
      super("status " + status);
      this.status = status;
      this.retryAfter = retryAfter;
      this.body = body;
    }
  }

  private record Delivery(String key, RenderedEmail email) {}

  private final String name;
  private final String apiKey;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Delivery> accepted = new ArrayList<>();
  private volatile Fault fault;
  private volatile boolean outOfCredits;

  private InMemoryPeer(String name, String apiKey) {
    this.name = name;
    this.apiKey = apiKey;
  }

  /** A new peer, reachable by its {@link #name()} until closed, that accepts {@code apiKey}. */
  public static InMemoryPeer start(String apiKey) {
    InMemoryPeer peer = new InMemoryPeer("peer-" + NAMES.incrementAndGet(), apiKey);
    PEERS.put(peer.name, peer);
    return peer;
  }

  static Optional<InMemoryPeer> lookup(String name) {
    return Optional.ofNullable(PEERS.get(name));
  }

  public String name() {
    return name;
  }

  @Override
  public void arrangeFault(Fault fault) {
    this.fault = fault;
  }

  @Override
  public void arrangeSuccess() {
    this.fault = null;
    this.outOfCredits = false;
  }

  @Override
  public Map<String, ErrorCode> declaredFaults() {
    return Map.of(OUT_OF_CREDITS, ErrorCode.QUOTA_EXCEEDED);
  }

  @Override
  public void arrangeDeclaredFault(String name) {
    if (!OUT_OF_CREDITS.equals(name)) {
      throw new IllegalArgumentException("no declared fault " + name);
    }
    outOfCredits = true;
  }

  @Override
  public ReceivedEmail lastReceived() {
    Delivery last;
    synchronized (accepted) {
      if (accepted.isEmpty()) {
        throw new AssertionError("the in-memory peer accepted no message");
      }
      last = accepted.get(accepted.size() - 1);
    }
    return ReceivedEmail.of(last.email(), apiKey.equals(last.key()));
  }

  @Override
  public int connectionCount() {
    return connections.get();
  }

  @Override
  public int acceptedCount() {
    synchronized (accepted) {
      return accepted.size();
    }
  }

  public List<RenderedEmail> accepted() {
    synchronized (accepted) {
      return accepted.stream().map(Delivery::email).toList();
    }
  }

  /** Delivers one email; returns the peer's message id. */
  String exchange(String key, RenderedEmail email, Duration timeout)
      throws StatusException, SocketTimeoutException {
    connections.incrementAndGet();
    answerFault(key, timeout);
    synchronized (accepted) {
      accepted.add(new Delivery(key, email));
      return name + "-msg-" + accepted.size();
    }
  }

  /** Checks the credentials without delivering. */
  void verify(String key, Duration timeout) throws StatusException, SocketTimeoutException {
    connections.incrementAndGet();
    answerFault(key, timeout);
    if (!apiKey.equals(key)) {
      throw new StatusException(401, null); // the credential check verify() is for
    }
  }

  private void answerFault(String key, Duration timeout)
      throws StatusException, SocketTimeoutException {
    Fault f = fault;
    if (f == Fault.TIMEOUT) {
      try {
        Thread.sleep(
            timeout.toMillis()); // the peer never answers; the caller's timeout ends the wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new SocketTimeoutException("Read timed out");
    }
    if (f == Fault.AUTHENTICATION_FAILED) {
      throw new StatusException(401, null);
    }
    if (outOfCredits) {
      throw new StatusException(422, null, OUT_OF_CREDITS_BODY);
    }
    if (f == Fault.REJECTED) {
      throw new StatusException(422, null);
    }
    if (f == Fault.RATE_LIMITED) {
      throw new StatusException(429, "3");
    }
    if (f == Fault.UNAVAILABLE) {
      throw new StatusException(503, null);
    }
  }

  @Override
  public void close() {
    PEERS.remove(name, this);
  }
}
