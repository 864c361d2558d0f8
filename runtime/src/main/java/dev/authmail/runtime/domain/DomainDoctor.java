package dev.authmail.runtime.domain;

import dev.authmail.connector.dkim.DkimAlgorithm;
import dev.authmail.connector.dkim.DkimKey;
import dev.authmail.connector.dkim.DkimKeys;
import dev.authmail.runtime.domain.DnsClient.DnsFailure;
import dev.authmail.runtime.domain.Finding.Fix;
import dev.authmail.runtime.domain.Finding.Status;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sender-domain doctor: MX, SPF, DKIM and DMARC of a From domain, each a {@link Finding} with
 * the record that fixes it. Asks DNS only; sends nothing. Thread-safe if its {@link DnsClient} is.
 *
 * <p>Over 400 lines: one method per record type, each with the record it suggests (SPF's parsing is
 * already {@link SpfRecord}'s). The DMARC check ({@code dmarc}, about 90 lines) is the next to move
 * into a class of its own if the doctor grows another check.
 */
public final class DomainDoctor {
  private final DnsClient dns;

  public DomainDoctor(DnsClient dns) {
    this.dns = Objects.requireNonNull(dns, "dns is null");
  }

  /** The report of a domain: the findings in the order MX, SPF, DKIM (per selector), DMARC. */
  public record Report(String domain, String resolver, List<Finding> findings) {
    public Report {
      findings = List.copyOf(findings);
    }

    /** The worst status of all findings. */
    public Status status() {
      return findings.stream().map(Finding::status).max(Enum::compareTo).orElse(Status.PASS);
    }
  }

  public Report check(String domain, Sender sender) {
    String stripped = domain.strip().toLowerCase(Locale.ROOT);
    String d = stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    List<Finding> findings = new ArrayList<>();
    findings.add(guard("mx", () -> mx(d)));
    findings.add(guard("spf", () -> spf(d, sender)));
    findings.addAll(dkim(d, sender));
    findings.add(guard("dmarc", () -> dmarc(d, sender)));
    return new Report(d, dns.description(), findings);
  }

  private interface Check {
    Finding run() throws DnsFailure;
  }

  private static Finding guard(String name, Check check) {
    try {
      return check.run();
    } catch (DnsFailure e) {
      return new Finding(
          name,
          Status.FAIL,
          null,
          "DNS did not answer: "
              + e.getMessage()
              + "; check the resolver (--resolver, AUTHMAIL_DNS_RESOLVER) and try again",
          null);
    }
  }

  private Finding mx(String d) throws DnsFailure {
    List<String> mx = dns.mx(d);
    if (mx.isEmpty()) {
      return new Finding(
          "mx",
          Status.FAIL,
          null,
          "no MX record: receivers refuse or distrust mail from a domain "
              + "that cannot receive replies and bounces",
          new Fix(d, "MX", "10 <your inbound mail server, e.g. mx." + d + ">"));
    }
    return new Finding("mx", Status.PASS, String.join(", ", mx), "the domain receives mail", null);
  }

  private Finding spf(String d, Sender sender) throws DnsFailure {
    List<String> records = SpfRecord.spfOf(dns.txt(d));
    if (records.isEmpty()) {
      return new Finding(
          "spf",
          Status.FAIL,
          null,
          "no SPF record (TXT v=spf1): receivers cannot tell the "
              + "servers allowed to send as "
              + d,
          new Fix(d, "TXT", suggestedSpf(List.of(), sender, "~all")));
    }
    if (records.size() > 1) {
      return new Finding(
          "spf",
          Status.FAIL,
          String.join(" | ", records),
          records.size()
              + " SPF records: RFC 7208 makes that a permanent error, so SPF fails everywhere;"
              + " merge them into one",
          new Fix(d, "TXT", suggestedSpf(List.of(records.get(0)), sender, "~all")));
    }
    String record = records.get(0);
    SpfRecord spf = new SpfRecord(dns);
    spf.walk(d, record, 0);
    if (!spf.errors.isEmpty()) {
      return new Finding(
          "spf",
          Status.FAIL,
          record,
          "invalid: " + String.join("; ", spf.errors),
          new Fix(d, "TXT", suggestedSpf(List.of(record), sender, "~all")));
    }
    if (spf.lookups > SpfRecord.MAX_LOOKUPS) {
      return new Finding(
          "spf",
          Status.FAIL,
          record,
          "needs "
              + spf.lookups
              + " DNS lookups, more than the "
              + SpfRecord.MAX_LOOKUPS
              + " receivers follow (RFC 7208 4.6.4): SPF fails; replace includes you no longer "
              + "use or a and mx terms by ip4/ip6 ranges",
          null);
    }
    List<String> missing = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Sender.Transport t : sender.transports()) {
      if (t.spfInclude() != null && !spf.includes(t.spfInclude())) {
        missing.add("include:" + t.spfInclude());
      } else if (t.relayHost() != null) {
        List<InetAddress> addresses = relayAddresses(t.relayHost());
        if (addresses.isEmpty()) {
          unknown.add(t.connector() + " (" + t.relayHost() + " does not resolve)");
        } else if (addresses.stream().noneMatch(spf::authorizes)) {
          InetAddress a = addresses.get(0);
          missing.add((a.getAddress().length == 4 ? "ip4:" : "ip6:") + a.getHostAddress());
        }
      }
    }
    String found = record + " (" + spf.lookups + " of " + SpfRecord.MAX_LOOKUPS + " DNS lookups)";
    if (!missing.isEmpty()) {
      return new Finding(
          "spf",
          Status.FAIL,
          found,
          "does not authorize the configured transport(s): add " + String.join(" ", missing),
          new Fix(d, "TXT", withTerms(record, missing)));
    }
    if ("+".equals(spf.allQualifier)) {
      return new Finding(
          "spf",
          Status.FAIL,
          found,
          "+all authorizes every server on the internet to send as " + d,
          new Fix(d, "TXT", record.replaceAll("(?i)\\s\\+?all\\b", " ~all")));
    }
    if (spf.allQualifier == null || "?".equals(spf.allQualifier)) {
      return new Finding(
          "spf",
          Status.WARN,
          found,
          "ends without ~all or -all: other servers are not marked " + "as unauthorized",
          new Fix(d, "TXT", record.replaceAll("(?i)\\s\\?all\\b", "") + " ~all"));
    }
    String detail =
        "valid, within "
            + SpfRecord.MAX_LOOKUPS
            + " lookups"
            + (sender.transports().isEmpty() ? "" : ", authorizes the configured transport(s)")
            + (unknown.isEmpty() ? "" : "; not known for " + String.join(", ", unknown));
    return new Finding("spf", unknown.isEmpty() ? Status.PASS : Status.WARN, found, detail, null);
  }

  private List<InetAddress> relayAddresses(String host) throws DnsFailure {
    String h = host.replaceAll("[\\[\\]]", "");
    if (h.matches("[0-9.]+") || h.contains(":")) {
      try {
        return List.of(InetAddress.getByName(h));
      } catch (UnknownHostException e) {
        return List.of();
      }
    }
    return dns.addresses(h);
  }

  /** A record with {@code terms} added before its all (or the suggested new record). */
  private static String withTerms(String record, List<String> terms) {
    String all = record.replaceAll("(?i).*\\s([+?~-]?all)\\s*$", "$1");
    String head =
        all.equals(record)
            ? record.strip()
            : record.strip().substring(0, record.strip().length() - all.length()).strip();
    return head + " " + String.join(" ", terms) + " " + (all.equals(record) ? "~all" : all);
  }

  private static String suggestedSpf(List<String> existing, Sender sender, String all) {
    List<String> terms = new ArrayList<>();
    for (Sender.Transport t : sender.transports()) {
      if (t.spfInclude() != null) {
        terms.add("include:" + t.spfInclude());
      } else if (t.relayHost() != null) {
        terms.add(t.relayHost().matches("[0-9.]+") ? "ip4:" + t.relayHost() : "a:" + t.relayHost());
      }
    }
    if (terms.isEmpty()) {
      terms.add("mx");
    }
    return existing.isEmpty()
        ? "v=spf1 " + String.join(" ", terms.stream().distinct().toList()) + " " + all
        : withTerms(
            existing.get(0),
            terms.stream().filter(t -> !existing.get(0).contains(t)).distinct().toList());
  }

  private List<Finding> dkim(String d, Sender sender) {
    List<Finding> out = new ArrayList<>();
    Map<String, DkimKey> keys = new LinkedHashMap<>();
    for (DkimKey key : sender.keys()) {
      keys.put(key.selector() + "._domainkey." + key.domain(), key);
    }
    for (String selector : sender.selectors()) {
      keys.putIfAbsent(selector + "._domainkey." + d, null);
    }
    if (keys.isEmpty()) {
      out.add(
          new Finding(
              "dkim",
              Status.WARN,
              null,
              "no DKIM key is configured for "
                  + d
                  + " and no selector given: mail is unsigned and DMARC rests on SPF alone; make a"
                  + " key with: authmail dkim keygen --domain "
                  + d
                  + " --selector s1",
              null));
      return out;
    }
    keys.forEach(
        (name, key) ->
            out.add(
                guard(
                    "dkim:" + name.substring(0, name.indexOf("._domainkey.")),
                    () -> dkimRecord(name, key))));
    return out;
  }

  private Finding dkimRecord(String name, DkimKey key) throws DnsFailure {
    String check = "dkim:" + name.substring(0, name.indexOf("._domainkey."));
    Fix fix = key == null ? null : new Fix(name, "TXT", key.txtRecord());
    List<String> records = dns.txt(name).stream().filter(t -> t.contains("p=")).toList();
    if (records.isEmpty()) {
      return new Finding(
          check,
          Status.FAIL,
          null,
          "no DKIM key record at "
              + name
              + ": receivers cannot verify "
              + "the signature"
              + (key == null ? "" : "; publish the record of the configured key"),
          fix);
    }
    if (records.size() > 1) {
      return new Finding(
          check,
          Status.FAIL,
          String.join(" | ", records),
          records.size() + " key records at one name: verifiers fail on it; keep one",
          fix);
    }
    String record = records.get(0);
    Map<String, String> tags = tags(record);
    String p = tags.getOrDefault("p", "").replaceAll("\\s", "");
    DkimAlgorithm type = DkimAlgorithm.parse(tags.getOrDefault("k", "rsa")).orElse(null);
    if (tags.containsKey("v") && !tags.get("v").equals("DKIM1")) {
      return new Finding(check, Status.FAIL, record, "v= must be DKIM1", fix);
    }
    if (p.isEmpty()) {
      return new Finding(check, Status.FAIL, record, "the key is revoked (empty p=)", fix);
    }
    if (type == null) {
      return new Finding(
          check, Status.FAIL, record, "k=" + tags.get("k") + " is not rsa or ed25519", fix);
    }
    if (key != null) {
      if (type != key.algorithm()) {
        return new Finding(
            check,
            Status.FAIL,
            record,
            "the record is a "
                + type.keyType()
                + " key but the configured "
                + "key is "
                + key.algorithm().keyType(),
            fix);
      }
      if (!p.equals(DkimKeys.publicKeyData(key.privateKey()))) {
        return new Finding(
            check,
            Status.FAIL,
            record,
            "the published key does not match the configured private key: every signature fails;"
                + " publish the configured key's record (or configure the key that matches)",
            fix);
      }
      return new Finding(
          check,
          Status.PASS,
          shorten(record),
          "matches the configured " + key.algorithm().tag() + " key",
          null);
    }
    return new Finding(
        check,
        Status.PASS,
        shorten(record),
        "a " + type.keyType() + " key is published (no configured key to compare it with)",
        null);
  }

  private Finding dmarc(String d, Sender sender) throws DnsFailure {
    String at = "_dmarc." + d;
    Optional<String> record = dmarcAt(at);
    String policyDomain = d;
    if (record.isEmpty() && d.indexOf('.') != d.lastIndexOf('.')) {
      // a subdomain without its own record takes the organizational domain's (RFC 7489 6.6.3); the
      // parent is a stand-in for the organizational domain, which needs the public suffix list
      policyDomain = d.substring(d.indexOf('.') + 1);
      record = dmarcAt("_dmarc." + policyDomain);
    }
    String suggested = "v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:dmarc-reports@" + d;
    if (record.isEmpty()) {
      return new Finding(
          "dmarc",
          Status.FAIL,
          null,
          "no DMARC record at "
              + at
              + ": Gmail and Yahoo require one "
              + "from bulk senders, and without it a forged From is not refused",
          new Fix(at, "TXT", suggested));
    }
    Map<String, String> tags = tags(record.get());
    String p = tags.get("p");
    if (!record.get().startsWith("v=DMARC1") || p == null || !p.matches("none|quarantine|reject")) {
      return new Finding(
          "dmarc",
          Status.FAIL,
          record.get(),
          "invalid: it must start with v=DMARC1 and have " + "p=none, quarantine or reject",
          new Fix(at, "TXT", suggested));
    }
    String policy = !policyDomain.equals(d) && tags.containsKey("sp") ? tags.get("sp") : p;
    String found =
        record.get() + (policyDomain.equals(d) ? "" : " (at _dmarc." + policyDomain + ")");
    List<String> misaligned = new ArrayList<>();
    boolean strict = "s".equals(tags.get("adkim"));
    for (DkimKey key : sender.keys()) {
      if (strict ? !key.domain().equals(d) : !key.alignsWith(d)) {
        misaligned.add("d=" + key.domain() + " (s=" + key.selector() + ")");
      }
    }
    if (!misaligned.isEmpty()) {
      return new Finding(
          "dmarc",
          Status.WARN,
          found,
          "DKIM "
              + String.join(", ", misaligned)
              + " is not aligned with "
              + "the From domain "
              + d
              + (strict ? " under adkim=s" : "")
              + ": those signatures do not count for DMARC; sign as "
              + d,
          strict ? new Fix(at, "TXT", record.get().replaceAll("adkim=s", "adkim=r")) : null);
    }
    if (policy.equals("none")) {
      return new Finding(
          "dmarc",
          Status.WARN,
          found,
          "p=none only monitors: mail that fails DMARC is still delivered, so the domain can be"
              + " forged; move to quarantine once reports show your mail passes",
          new Fix(at, "TXT", record.get().replaceFirst("p=none", "p=quarantine")));
    }
    return new Finding(
        "dmarc",
        Status.PASS,
        found,
        "policy "
            + policy
            + (sender.keys().isEmpty() ? "" : ", the configured DKIM keys are aligned with " + d),
        null);
  }

  private Optional<String> dmarcAt(String name) throws DnsFailure {
    return dns.txt(name).stream().filter(t -> t.startsWith("v=DMARC1")).findFirst();
  }

  /** {@code tag=value; …} of DKIM key and DMARC records. */
  static Map<String, String> tags(String record) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : record.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(
            part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
      }
    }
    return out;
  }

  private static String shorten(String record) {
    return record.length() > 100 ? record.substring(0, 97) + "…" : record;
  }
}
