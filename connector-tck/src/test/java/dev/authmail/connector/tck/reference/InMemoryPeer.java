package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.Fault;
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
 * reference connector's peer. It answers like an HTTP API (status codes) and can be told to fail.
 */
public final class InMemoryPeer implements ContractPeer, AutoCloseable {
  private static final Map<String, InMemoryPeer> PEERS = new ConcurrentHashMap<>();
  private static final AtomicInteger NAMES = new AtomicInteger();

  /** What the peer answered instead of accepting: an HTTP-like status. */
  public static final class StatusException extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String retryAfter;

    StatusException(int status, String retryAfter) {
      super("status " + status);
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  private final String name;
  private final String apiKey;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<RenderedEmail> accepted = new ArrayList<>();
  private volatile Fault fault;

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
      return List.copyOf(accepted);
    }
  }

  /** Delivers one email; returns the peer's message id. */
  String exchange(String key, RenderedEmail email, Duration timeout) throws StatusException, SocketTimeoutException {
    connections.incrementAndGet();
    answerFault(key, timeout);
    synchronized (accepted) {
      accepted.add(email);
      return name + "-msg-" + accepted.size();
    }
  }

  /** Checks the credentials without delivering. */
  void verify(String key, Duration timeout) throws StatusException, SocketTimeoutException {
    connections.incrementAndGet();
    answerFault(key, timeout);
  }

  private void answerFault(String key, Duration timeout) throws StatusException, SocketTimeoutException {
    Fault f = fault;
    if (f == Fault.TIMEOUT) {
      try {
        Thread.sleep(timeout.toMillis()); // the peer never answers; the caller's timeout ends the wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new SocketTimeoutException("Read timed out");
    }
    if (f == Fault.AUTHENTICATION_FAILED || !apiKey.equals(key)) {
      throw new StatusException(401, null);
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
