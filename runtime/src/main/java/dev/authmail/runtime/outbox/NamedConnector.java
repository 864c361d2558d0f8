package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.EmailConnector;
import java.util.Objects;

/**
 * One connector instance of a tenant's chain.
 *
 * @param name its name in the configuration; recorded with every attempt and keys the circuit
 *     breaker (with the tenant)
 */
public record NamedConnector(String name, EmailConnector connector) {
  public NamedConnector {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(connector, "connector is null");
  }
}
