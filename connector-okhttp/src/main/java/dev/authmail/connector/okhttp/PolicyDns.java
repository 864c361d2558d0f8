package dev.authmail.connector.okhttp;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.NetworkPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import okhttp3.Dns;

/**
 * OkHttp's name lookup through the operator's {@link NetworkPolicy}: every address a host name
 * resolves to is checked before OkHttp may connect to any of them. A refusal travels through OkHttp
 * as a {@link PolicyRefusalException} and comes out of {@link HttpCalls#execute} as the policy's
 * own {@link ConnectorException}. OkHttp does not consult the DNS for IP literals; {@link
 * AddressGuard} covers those.
 *
 * <p>A record so that two connectors under the same policy may share pooled connections (OkHttp
 * pools by address, the DNS included). Thread-safe.
 */
record PolicyDns(NetworkPolicy policy) implements Dns {
  PolicyDns {
    Objects.requireNonNull(policy, "policy is null");
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    try {
      return policy.resolve(hostname);
    } catch (ConnectorException e) {
      throw new PolicyRefusalException(e);
    }
  }
}
