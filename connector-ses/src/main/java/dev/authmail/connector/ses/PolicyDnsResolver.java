package dev.authmail.connector.ses;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.NetworkPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import org.apache.http.conn.DnsResolver;

/**
 * The HTTP client's name lookup through the operator's {@link NetworkPolicy}: each address the
 * endpoint's host resolves to is checked before a connection is opened, IP literals included (the
 * Apache client resolves those through here too). Thread-safe.
 */
final class PolicyDnsResolver implements DnsResolver {
  private final NetworkPolicy policy;
  private final boolean https;

  PolicyDnsResolver(NetworkPolicy policy, boolean https) {
    this.policy = Objects.requireNonNull(policy, "policy is null");
    this.https = https;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    try {
      List<InetAddress> addresses = policy.resolve(host);
      for (InetAddress address : addresses) {
        policy.checkAddress(address, https);
      }
      return addresses.toArray(new InetAddress[0]);
    } catch (ConnectorException e) {
      if (e.getCause() instanceof UnknownHostException unknown) {
        throw unknown;
      }
      throw new PolicyRefusal(e);
    }
  }
}
