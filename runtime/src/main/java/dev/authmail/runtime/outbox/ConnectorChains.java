package dev.authmail.runtime.outbox;

import java.util.List;

/**
 * Where the outbox finds a tenant's connectors: primary first, then fallbacks. The runtime's
 * registry implements it; tests implement it with fakes.
 *
 * <p>Called by every worker for every attempt: implementations must be fast (no I/O) and safe for
 * concurrent use. A chain may change between calls (a connector was reconfigured); the outbox keeps
 * a message's place by position.
 */
@FunctionalInterface
public interface ConnectorChains {
  /** The tenant's chain, possibly empty when the tenant has none configured. */
  List<NamedConnector> chain(String tenant);
}
