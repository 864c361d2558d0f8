package dev.authmail.connector.tck;

import dev.authmail.connector.api.ErrorCode;
import java.util.Map;

/**
 * A connector test's peer (MockWebServer, a socket server, an in-memory provider…) that speaks the
 * contract's language: it can play each {@link Fault}, count what it accepted, and say what it
 * received ({@link #lastReceived()}, required: a peer that only counts requests on a route passes a
 * connector that drops its credentials). A contract test whose peer implements it extends {@link
 * PeerContractTest} and needs none of the hooks.
 *
 * <p>Implementations must be safe for concurrent use: the contract sends from several threads.
 */
public interface ContractPeer {
  /** Fails the next send(s) with {@code fault}, until {@link #arrangeSuccess()}. */
  void arrangeFault(Fault fault);

  /** Accepts sends again. */
  void arrangeSuccess();

  /** How many messages the peer accepted so far. */
  int acceptedCount();

  /** How many connections (or requests) the peer has seen so far. */
  int connectionCount();

  /**
   * The last message the peer accepted, decoded as the provider reads it, with whether its
   * credentials were present and correct.
   *
   * @throws AssertionError when the peer accepted nothing yet
   */
  ReceivedEmail lastReceived();

  /**
   * The provider's own failures that the connector classifies from the answer's body rather than
   * its status (Postmark's {@code ErrorCode 405} "out of credits" in a 422 → {@code
   * QUOTA_EXCEEDED}), by a name for messages, with the code each must map to; empty by default.
   */
  default Map<String, ErrorCode> declaredFaults() {
    return Map.of();
  }

  /**
   * Fails the next send(s) with the declared fault {@code name}, until {@link #arrangeSuccess()}.
   */
  default void arrangeDeclaredFault(String name) {
    throw new UnsupportedOperationException(
        "declaredFaults() names " + name + " but arrangeDeclaredFault() is not implemented");
  }
}
