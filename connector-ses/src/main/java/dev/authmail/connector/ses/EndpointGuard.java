package dev.authmail.connector.ses;

import dev.authmail.connector.api.NetworkPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;

/**
 * Checks an endpoint override's resolved addresses against the operator's {@link NetworkPolicy}
 * before each call. The SDK's url-connection client has no name-lookup hook, so the check resolves
 * the host itself just before the client does (both go through the JVM's DNS cache). The regional
 * AWS endpoints are not checked: they are Amazon's, not configuration. Thread-safe.
 */
final class EndpointGuard {
  private final NetworkPolicy policy;
  private final URI endpoint;

  EndpointGuard(NetworkPolicy policy, URI endpoint) {
    this.policy = Objects.requireNonNull(policy, "policy is null");
    this.endpoint = endpoint;
  }

  /**
   * @throws dev.authmail.connector.api.ConnectorException INVALID_CONFIG when an address is refused,
   *     UNAVAILABLE when the host does not resolve
   */
  void check() {
    if (endpoint == null) {
      return;
    }
    boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
    for (InetAddress address : policy.resolve(endpoint.getHost())) {
      policy.checkAddress(address, https);
    }
  }
}
