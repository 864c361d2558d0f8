package dev.authmail.connector.api;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's rule for where a connector may connect, checked on resolved addresses so that a
 * host name pointing at an internal address is caught too. Who wrote the connector decides:
 *
 * <ul>
 *   <li>{@link #trusted()}: connectors in the operator's configuration file. Any address, and plain
 *       {@code http://}: the operator's own Postfix on localhost, a docker-compose mailpit, an HTTP
 *       mailer on the internal network.
 *   <li>{@link #strict()}: connectors a tenant stores through the API. {@code https} only, and no
 *       loopback, private, link-local (cloud metadata at 169.254.169.254 among them), shared,
 *       multicast or unspecified address, also when embedded in an IPv6 address (IPv4-mapped and
 *       -compatible, NAT64 {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, 6to4 {@code
 *       2002::/16}). The operator lifts this with {@code network.allowPrivateAddresses: true}
 *       (every internal address) or opens exactly some destinations with {@code network.allow}
 *       (CIDRs and host names, {@link #of(boolean, List)}); plain {@code http} is then allowed to
 *       those internal destinations, never to a public address.
 * </ul>
 *
 * <p>This is an operator setting, never a tenant's. Immutable and thread-safe.
 *
 * <p>Over 400 lines because the address rules are one idea a connector author meets as one type:
 * the policy, the URL and host checks, and the decoding of IPv4 addresses embedded in IPv6 ones.
 * The decoding (about 80 lines) is the part that could move to a package-private class.
 */
public final class NetworkPolicy {
  private static final NetworkPolicy STRICT = new NetworkPolicy(false, false, List.of(), Set.of());
  private static final NetworkPolicy ALLOW_PRIVATE =
      new NetworkPolicy(false, true, List.of(), Set.of());
  private static final NetworkPolicy TRUSTED = new NetworkPolicy(true, true, List.of(), Set.of());
  private static final String FIX =
      "; an operator can open it with network.allow (a CIDR or host name) or "
          + "network.allowPrivateAddresses: true";
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private final boolean trusted;
  private final boolean allowPrivateAddresses;
  private final List<Range> allowedRanges;
  private final Set<String> allowedHosts;

  private NetworkPolicy(
      boolean trusted, boolean allowPrivateAddresses, List<Range> ranges, Set<String> hosts) {
    this.trusted = trusted;
    this.allowPrivateAddresses = allowPrivateAddresses;
    this.allowedRanges = ranges;
    this.allowedHosts = hosts;
  }

  /** For connectors stored through the API (tenants'): public https destinations only. */
  public static NetworkPolicy strict() {
    return STRICT;
  }

  public static NetworkPolicy allowingPrivateAddresses() {
    return ALLOW_PRIVATE;
  }

  /** For connectors in the operator's configuration file: any address, plain http too. */
  public static NetworkPolicy trusted() {
    return TRUSTED;
  }

  public static NetworkPolicy of(boolean allowPrivateAddresses) {
    return allowPrivateAddresses ? ALLOW_PRIVATE : STRICT;
  }

  /**
   * The policy for tenants' connectors with the operator's {@code network} settings.
   *
   * @param allow {@code network.allow}: CIDRs ({@code 10.1.2.0/24}, {@code fd00::/8}), single
   *     addresses, or host names ({@code mailpit}) that tenants may reach although internal
   * @throws IllegalArgumentException naming the first entry that is none of these ({@link
   *     #allowProblem})
   */
  public static NetworkPolicy of(boolean allowPrivateAddresses, List<String> allow) {
    if (allow.isEmpty()) {
      return of(allowPrivateAddresses);
    }
    List<Range> ranges = new ArrayList<>();
    Set<String> hosts = new LinkedHashSet<>();
    for (String entry : allow) {
      String why = allowProblem(entry);
      if (why != null) {
        throw new IllegalArgumentException(why);
      }
      if (looksLikeAddress(entry.strip())) {
        ranges.add(Range.parse(entry.strip()));
      } else {
        hosts.add(entry.strip().toLowerCase(Locale.ROOT));
      }
    }
    return new NetworkPolicy(false, allowPrivateAddresses, List.copyOf(ranges), Set.copyOf(hosts));
  }

  /** Why an entry of {@code network.allow} is not usable, or {@code null} when it is. */
  public static String allowProblem(String entry) {
    if (entry == null || entry.isBlank()) {
      return "is empty; write a CIDR such as 10.1.2.0/24 or a host name such as mailpit";
    }
    String e = entry.strip();
    if (looksLikeAddress(e)) {
      try {
        return Range.parse(e) != null ? null : "is not a CIDR or address";
      } catch (IllegalArgumentException ex) {
        return ex.getMessage();
      }
    }
    return HOST_NAME.matcher(e).matches()
        ? null
        : "\""
            + e.replaceAll("\\p{Cntrl}", "?")
            + "\" is neither a CIDR (10.1.2.0/24) nor a host name (mailpit)";
  }

  private static boolean looksLikeAddress(String entry) {
    return entry.contains("/") || entry.contains(":") || entry.matches("[0-9.]+");
  }

  public boolean isTrusted() {
    return trusted;
  }

  public boolean allowsPrivateAddresses() {
    return allowPrivateAddresses;
  }

  /**
   * Checks an endpoint URL from configuration without any network I/O: absolute, {@code https} (or
   * {@code http} when trusted, or when some internal destinations are allowed), a host, no user
   * info, and not a literal address the policy refuses. Host names are checked when resolved
   * ({@link #resolve}).
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
      throw ConnectorException.invalidConfig(
          key, "must not carry a user name or password; use the authorization settings");
    }
    if (scheme.equals("http")
        && !trusted
        && !allowPrivateAddresses
        && allowedRanges.isEmpty()
        && allowedHosts.isEmpty()) {
      throw ConnectorException.invalidConfig(
          key, "must use https:// (plain http:// is refused)" + FIX);
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
   * Resolves a host name and checks every address it resolves to. Does DNS I/O. The addresses keep
   * the name, so that {@link #checkAddress} honours a host name in {@code network.allow}.
   *
   * @throws ConnectorException {@link ErrorCode#INVALID_CONFIG} when an address is refused, {@link
   *     ErrorCode#UNAVAILABLE} when the name does not resolve
   */
  public List<InetAddress> resolve(String host) {
    List<InetAddress> addresses;
    try {
      addresses = List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException e) {
      throw new ConnectorException(
          ErrorCode.UNAVAILABLE, "the host name " + host + " does not resolve", e);
    }
    if (!trusted
        && !allowPrivateAddresses
        && !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
      for (InetAddress address : addresses) {
        if (isInternal(address) && !inAllowedRange(address)) {
          throw new ConnectorException(
              ErrorCode.INVALID_CONFIG,
              "the host name "
                  + host
                  + " resolves to the internal address "
                  + address.getHostAddress()
                  + ", which is refused"
                  + FIX);
        }
      }
    }
    return addresses;
  }

  /**
   * Checks one address about to be connected to.
   *
   * @param https whether the connection uses TLS; unless trusted, plain http is allowed only to
   *     internal addresses the policy allows
   * @throws ConnectorException {@link ErrorCode#INVALID_CONFIG} saying why
   */
  public void checkAddress(InetAddress address, boolean https) {
    if (trusted) {
      return;
    }
    boolean internal = isInternal(address);
    if (internal
        && !allowPrivateAddresses
        && !inAllowedRange(address)
        && !allowedHosts.contains(nameOf(address))) {
      throw new ConnectorException(
          ErrorCode.INVALID_CONFIG,
          "the address "
              + address.getHostAddress()
              + " is "
              + kind(address)
              + " and refused"
              + FIX);
    }
    if (!https && !internal) {
      throw new ConnectorException(
          ErrorCode.INVALID_CONFIG,
          "plain http:// is allowed only to internal addresses; use https:// for "
              + address.getHostAddress());
    }
  }

  /**
   * Loopback, private, link-local, shared (CGNAT), unique-local, multicast, unspecified or
   * reserved; for IPv6, also an address that embeds such an IPv4 address (IPv4-mapped and
   * -compatible, NAT64, 6to4), since a translator or relay would deliver it there.
   */
  public static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || (first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved and broadcast
    }
    if (address instanceof Inet6Address) {
      if (((b[0] & 0xff) & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7
      }
      Inet4Address embedded = embeddedIpv4(b);
      return embedded != null && isInternal(embedded);
    }
    return false;
  }

  /** The IPv4 address an IPv6 address carries, or {@code null}. */
  static Inet4Address embeddedIpv4(byte[] b) {
    byte[] v4 = null;
    if (zeros(b, 0, 10)
        && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || (b[10] == 0 && b[11] == 0))) {
      v4 =
          new byte[] {
            b[12], b[13], b[14], b[15]
          }; // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible)
    } else if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && zeros(b, 4, 12)) {
      v4 =
          new byte[] {
            b[12], b[13], b[14], b[15]
          }; // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052)
    } else if (prefix(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {
      v4 =
          new byte[] {
            b[6], b[7], b[9], b[10]
          }; // local-use NAT64 64:ff9b:1::/48 (RFC 8215), /48 layout
    } else if (prefix(b, 0x20, 0x02)) {
      v4 = new byte[] {b[2], b[3], b[4], b[5]}; // 6to4 2002:aabb:ccdd::/48 (RFC 3056)
    }
    if (v4 == null) {
      return null;
    }
    try {
      return (Inet4Address) InetAddress.getByAddress(v4);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always an address
    }
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean prefix(byte[] b, int... bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if ((b[i] & 0xff) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean inAllowedRange(InetAddress address) {
    for (Range range : allowedRanges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The name an address was resolved from, without a reverse lookup; "" for a literal. */
  private static String nameOf(InetAddress address) {
    String shown = address.toString(); // "name/1.2.3.4", or "/1.2.3.4" for a literal
    return shown.substring(0, Math.max(shown.indexOf('/'), 0)).toLowerCase(Locale.ROOT);
  }

  private static String kind(InetAddress address) {
    if (address instanceof Inet6Address
        && embeddedIpv4(address.getAddress()) != null
        && !address.isLoopbackAddress()
        && !address.isAnyLocalAddress()) {
      return "an IPv6 address embedding the IPv4 address "
          + embeddedIpv4(address.getAddress()).getHostAddress()
          + " ("
          + kind(embeddedIpv4(address.getAddress()))
          + ")";
    }
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
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
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

  /** An address range of {@code network.allow}. */
  private record Range(byte[] network, int bits) {
    /** {@code a.b.c.d/n}, {@code x::/n} or a single address. */
    static Range parse(String text) {
      int slash = text.indexOf('/');
      String host = slash < 0 ? text : text.substring(0, slash);
      InetAddress address = literalAddress(host);
      if (address == null) {
        throw new IllegalArgumentException(
            "\"" + text.replaceAll("\\p{Cntrl}", "?") + "\" is not a CIDR or address");
      }
      int max = address.getAddress().length * 8;
      int bits = max;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > max) {
          throw new IllegalArgumentException(
              "\"" + text + "\" has a prefix length that is not 0 to " + max);
        }
      }
      return new Range(address.getAddress(), bits);
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }
  }

  @Override
  public String toString() {
    return "NetworkPolicy[trusted="
        + trusted
        + ", allowPrivateAddresses="
        + allowPrivateAddresses
        + ", allow="
        + allowedRanges.size()
        + " ranges, "
        + allowedHosts
        + "]";
  }
}
