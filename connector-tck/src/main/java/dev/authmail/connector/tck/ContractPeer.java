package dev.authmail.connector.tck;

/**
 * A connector test's peer (MockWebServer, a socket server, an in-memory provider…) that speaks the
 * contract's language: it can play each {@link Fault} and count what it accepted. A contract test
 * whose peer implements it extends {@link PeerContractTest} and needs none of the four hooks.
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
}
