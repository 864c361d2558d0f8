package dev.authmail.connector.tck;

import dev.authmail.connector.api.ErrorCode;
import java.util.Map;

/**
 * {@link ConnectorContractTest} for a connector whose test peer is a {@link ContractPeer}: the
 * fault, success, counting, received-message and declared-fault hooks are answered by {@link
 * #peer()}, so the subclass gives the factory id, the config, the secrets and the peer.
 *
 * <pre>{@code
 * class AcmeConnectorContractTest extends PeerContractTest {
 *   @RegisterExtension final AcmePeer peer = new AcmePeer();   // implements ContractPeer
 *
 *   @Override protected ContractPeer peer() { return peer; }
 *   @Override protected String factoryId() { return "acme"; }
 *   @Override protected Map<String, Object> validConfig() { ... peer.endpoint() ... }
 *   @Override protected Set<String> secretValues() { return Set.of("acme-secret-key"); }
 * }
 * }</pre>
 */
public abstract class PeerContractTest extends ConnectorContractTest {
  /** The peer of the current test, started by the subclass (or a JUnit extension). */
  protected abstract ContractPeer peer();

  @Override
  protected void arrangeFault(Fault fault) {
    peer().arrangeFault(fault);
  }

  @Override
  protected void arrangeSuccess() {
    peer().arrangeSuccess();
  }

  @Override
  protected int acceptedCount() {
    return peer().acceptedCount();
  }

  @Override
  protected int connectionCount() {
    return peer().connectionCount();
  }

  @Override
  protected ReceivedEmail lastReceived() {
    return peer().lastReceived();
  }

  @Override
  protected Map<String, ErrorCode> declaredFaults() {
    return peer().declaredFaults();
  }

  @Override
  protected void arrangeDeclaredFault(String name) {
    peer().arrangeDeclaredFault(name);
  }
}
