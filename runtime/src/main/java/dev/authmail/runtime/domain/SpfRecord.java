package dev.authmail.runtime.domain;

import dev.authmail.runtime.domain.DnsClient.DnsFailure;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SPF record (RFC 7208) followed through its includes and redirect: syntax, the DNS lookups it
 * costs (receivers give up after 10, section 4.6.4), the included domains and the networks it
 * authorizes. Macros ({@code %{i}}) are not expanded: a term with one is counted but not followed.
 * Not thread-safe; one per check.
 */
final class SpfRecord {
  static final int MAX_LOOKUPS = 10;
  private static final Pattern TERM =
      Pattern.compile(
          "(?i)([+?~-]?)(all|include|a|mx|ptr|ip4|ip6|exists)(?::([^/\\s]*))?"
              + "(?:/(\\d{1,3}))?(?://(\\d{1,3}))?");
  private static final Pattern MODIFIER = Pattern.compile("(?i)([a-z][a-z0-9_.-]*)=(\\S*)");

  private final DnsClient dns;
  int lookups;
  final List<String> errors = new ArrayList<>();
  final Set<String> includes = new LinkedHashSet<>();
  final List<String> networks = new ArrayList<>();
  String allQualifier;

  SpfRecord(DnsClient dns) {
    this.dns = dns;
  }

  /** The {@code v=spf1} records among a name's TXT records. */
  static List<String> spfOf(List<String> txt) {
    return txt.stream()
        .filter(
            t ->
                t.toLowerCase(Locale.ROOT).equals("v=spf1")
                    || t.toLowerCase(Locale.ROOT).startsWith("v=spf1 "))
        .toList();
  }

  /** Walks {@code record} of {@code domain}; results in the fields. */
  void walk(String domain, String record, int depth) throws DnsFailure {
    if (depth > 10) {
      errors.add("includes nest deeper than 10 levels (a loop?)");
      return;
    }
    String redirect = null;
    String[] terms = record.strip().split("\\s+");
    for (int i = 1; i < terms.length; i++) {
      String term = terms[i];
      Matcher m = TERM.matcher(term);
      if (m.matches()) {
        String mech = m.group(2).toLowerCase(Locale.ROOT);
        String arg = m.group(3);
        boolean macro = arg != null && arg.contains("%");
        switch (mech) {
          case "all" -> {
            if (depth == 0) {
              allQualifier = m.group(1).isEmpty() ? "+" : m.group(1);
            }
          }
          case "include" -> {
            lookups++;
            if (arg == null || arg.isEmpty()) {
              errors.add("include needs a domain: " + term);
            } else if (!macro) {
              includes.add(arg.toLowerCase(Locale.ROOT));
              List<String> inner = spfOf(dns.txt(arg));
              if (inner.size() != 1) {
                errors.add(
                    "include:"
                        + arg
                        + " has "
                        + (inner.isEmpty() ? "no" : inner.size())
                        + " SPF records");
              } else {
                walk(arg, inner.get(0), depth + 1);
              }
            }
          }
          case "a", "mx" -> {
            lookups++;
            String host = arg == null || arg.isEmpty() ? domain : arg;
            if (!macro) {
              int prefix4 = m.group(4) == null ? 32 : Integer.parseInt(m.group(4));
              List<String> hosts = mech.equals("a") ? List.of(host) : dns.mxHosts(host);
              for (String h : hosts) {
                for (InetAddress address : dns.addresses(h)) {
                  networks.add(
                      address.getHostAddress()
                          + "/"
                          + (address.getAddress().length == 4 ? prefix4 : 128));
                }
              }
            }
          }
          case "ptr", "exists" -> lookups++;
          case "ip4", "ip6" -> {
            if (arg == null || arg.isEmpty() || !validAddress(arg, mech.equals("ip4"))) {
              errors.add("bad address in " + term);
            } else {
              networks.add(arg + (m.group(4) == null ? "" : "/" + m.group(4)));
            }
          }
          default -> errors.add("unknown mechanism " + term);
        }
        continue;
      }
      Matcher mod = MODIFIER.matcher(term);
      if (mod.matches()) {
        if (mod.group(1).equalsIgnoreCase("redirect")) {
          redirect = mod.group(2);
        }
        continue;
      }
      errors.add("not an SPF term: " + term);
    }
    if (redirect != null && (depth > 0 || allQualifier == null)) {
      lookups++;
      List<String> inner = spfOf(dns.txt(redirect));
      if (inner.size() != 1) {
        errors.add(
            "redirect="
                + redirect
                + " has "
                + (inner.isEmpty() ? "no" : inner.size())
                + " SPF records");
      } else {
        includes.add(redirect.toLowerCase(Locale.ROOT));
        String saved = allQualifier;
        allQualifier = null;
        walk(redirect, inner.get(0), depth + 1);
        allQualifier = saved;
      }
    }
  }

  /** Whether the domain, or one it includes at any depth, is {@code provider} or under it. */
  boolean includes(String provider) {
    return includes.stream().anyMatch(d -> d.equals(provider) || d.endsWith("." + provider));
  }

  /** Whether an address is in one of the authorized networks. */
  boolean authorizes(InetAddress address) {
    for (String network : networks) {
      String[] parts = network.split("/");
      try {
        InetAddress base = InetAddress.getByName(parts[0]);
        if (base.getAddress().length != address.getAddress().length) {
          continue;
        }
        int bits = base.getAddress().length * 8;
        int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bits;
        BigInteger mask =
            prefix == 0
                ? BigInteger.ZERO
                : BigInteger.ONE
                    .shiftLeft(bits)
                    .subtract(BigInteger.ONE)
                    .shiftRight(bits - prefix)
                    .shiftLeft(bits - prefix);
        if (new BigInteger(1, base.getAddress())
            .and(mask)
            .equals(new BigInteger(1, address.getAddress()).and(mask))) {
          return true;
        }
      } catch (UnknownHostException | NumberFormatException e) {
        // a bad network was reported as an error already
      }
    }
    return false;
  }

  private static boolean validAddress(String text, boolean v4) {
    if (v4 ? !text.matches("\\d{1,3}(\\.\\d{1,3}){3}") : !text.contains(":")) {
      return false;
    }
    try {
      InetAddress.getByName(text);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
