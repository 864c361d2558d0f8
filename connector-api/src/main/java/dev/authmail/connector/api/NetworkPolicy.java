package dev.authmail.connector.api;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The operator's rule for where connectors may connect, checked on resolved addresses so that a
 * host name pointing at an internal address is caught too. Strict by default: {@code https} only,
 * and no loopback, private, link-local (cloud metadata at 169.254.169.254 among them), shared,
 * multicast or unspecified address. With {@code network.allowPrivateAddresses: true} such
 * addresses are allowed, and plain {@code http} with them (never with public addresses).
 *
 * <p>This is an operator setting, never a tenant's. Immutable and thread-safe.
 */
public final class NetworkPolicy {
  private static final NetworkPolicy STRICT = new NetworkPolicy(false);
  private static final NetworkPolicy ALLOW_PRIVATE = new NetworkPolicy(true);
  private static final String FIX = "; an operator can allow internal addresses with network.allowPrivateAddresses: true";

  private final boolean allowPrivateAddresses;

  private NetworkPolicy(boolean allowPrivateAddresses) {
    this.allowPrivateAddresses = allowPrivateAddresses;
  }

  public static NetworkPolicy strict() {
    return STRICT;
  }

  public static NetworkPolicy allowingPrivateAddresses() {
    return ALLOW_PRIVATE;
  }

  public static NetworkPolicy of(boolean allowPrivateAddresses) {
    return allowPrivateAddresses ? ALLOW_PRIVATE : STRICT;
  }

  public boolean allowsPrivateAddresses() {
    return allowPrivateAddresses;
  }

  /**
   * Checks an endpoint URL from configuration without any network I/O: absolute, {@code https}
   * (or {@code http} when private addresses are allowed), a host, no user info, and not a literal
   * address the policy refuses. Host names are checked when resolved ({@link #resolve}).
   *
   * @param key the configuration key, named in errors
   * @throws ConnectorException {@link ErrorCode#INVALID_CONFIG} naming the key and the fix
   */
  public URI checkEndpoint(String key, String url) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.trim());
    } catch (URISyntaxException e) {
      throw ConnectorException.invalidConfig(key, "is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw ConnectorException.invalidConfig(key, "must be an https:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw ConnectorException.invalidConfig(key, "has no host name");
    }
    if (uri.getRawUserInfo() != null) {
      throw ConnectorException.invalidConfig(key, "must not carry a user name or password; use the authorization settings");
    }
    if (scheme.equals("http") && !allowPrivateAddresses) {
      throw ConnectorException.invalidConfig(key, "must use https:// (plain http:// is refused)" + FIX);
    }
    InetAddress literal = literalAddress(uri.getHost());
    if (literal != null) {
      try {
        checkAddress(literal, scheme.equals("https"));
      } catch (ConnectorException e) {
        throw ConnectorException.invalidConfig(key, e.getMessage());
      }
    }
    return uri;
  }

  /**
   * Resolves a host name and checks every address it resolves to. Does DNS I/O.
   *
   * @throws ConnectorException {@link ErrorCode#INVALID_CONFIG} when an address is refused,
   *     {@link ErrorCode#UNAVAILABLE} when the name does not resolve
   */
  public List<InetAddress> resolve(String host) {
    List<InetAddress> addresses;
    try {
      addresses = List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException e) {
      throw new ConnectorException(ErrorCode.UNAVAILABLE, "the host name " + host + " does not resolve", e);
    }
    if (!allowPrivateAddresses) {
      for (InetAddress address : addresses) {
        if (isInternal(address)) {
          throw new ConnectorException(ErrorCode.INVALID_CONFIG,
              "the host name " + host + " resolves to the internal address " + address.getHostAddress()
                  + ", which is refused" + FIX);
        }
      }
    }
    return addresses;
  }

  /**
   * Checks one address about to be connected to.
   *
   * @param https whether the connection uses TLS; plain http is allowed only to internal
   *     addresses, and only when the policy allows those
   * @throws ConnectorException {@link ErrorCode#INVALID_CONFIG} saying why
   */
  public void checkAddress(InetAddress address, boolean https) {
    boolean internal = isInternal(address);
    if (internal && !allowPrivateAddresses) {
      throw new ConnectorException(ErrorCode.INVALID_CONFIG,
          "the address " + address.getHostAddress() + " is " + kind(address) + " and refused" + FIX);
    }
    if (!https && !internal) {
      throw new ConnectorException(ErrorCode.INVALID_CONFIG,
          "plain http:// is allowed only to internal addresses; use https:// for " + address.getHostAddress());
    }
  }

  /** Loopback, private, link-local, shared (CGNAT), unique-local, multicast or unspecified. */
  public static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0                                   // "this network"
          || (first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240;                                // reserved and broadcast
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7
      }
      boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  private static String kind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (address.getHostAddress().equals("169.254.169.254")) {
      return "the cloud metadata address";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local address";
    }
    if (address.isSiteLocalAddress()) {
      return "a private address";
    }
    return "an internal address";
  }

  /** The address when {@code host} is an IP literal, without DNS; {@code null} for names. */
  private static InetAddress literalAddress(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean ipv4 = h.matches("[0-9.]+");
    boolean ipv6 = h.contains(":") && h.matches("[0-9a-fA-F:.]+");
    if (!ipv4 && !ipv6) {
      return null;
    }
    try {
      return InetAddress.getByName(h); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "NetworkPolicy[allowPrivateAddresses=" + allowPrivateAddresses + "]";
  }
}
