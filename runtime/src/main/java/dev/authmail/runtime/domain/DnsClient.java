package dev.authmail.runtime.domain;

import dev.authmail.runtime.config.AuthmailConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The doctor's DNS questions, asked through dnsjava of one resolver (the system's first, or the one
 * configured) with a timeout; no cache, so a record just published is seen. A name that does not
 * exist, or has no record of the type, is an empty answer; a resolver that fails or does not answer
 * is a {@link DnsFailure}. Thread-safe.
 */
public final class DnsClient {
  /** The resolver ({@code host[:port]}); before {@code domains.dns.resolver}, else the system's. */
  public static final String RESOLVER_ENV = "AUTHMAIL_DNS_RESOLVER";

  /** Seconds per question; before {@code domains.dns.timeoutSeconds} (default 5). */
  public static final String TIMEOUT_ENV = "AUTHMAIL_DNS_TIMEOUT";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final Resolver resolver;
  private final String description;

  private DnsClient(Resolver resolver, String description) {
    this.resolver = resolver;
    this.description = description;
  }

  /** A DNS question that could not be answered: the resolver failed, refused or timed out. */
  public static final class DnsFailure extends Exception {
    DnsFailure(String message) {
      super(message);
    }
  }

  /**
   * @param resolver {@code host}, {@code host:port} or {@code [v6]:port}; {@code null} for the
   *     system's
   * @throws IllegalArgumentException when the address or timeout is not usable, naming it
   */
  public static DnsClient create(String resolver, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout is null");
    if (timeout.isNegative() || timeout.isZero() || timeout.toSeconds() > 60) {
      throw new IllegalArgumentException(
          "the DNS timeout must be from 1 ms to 60 s, got " + timeout);
    }
    try {
      SimpleResolver simple;
      String shown;
      if (resolver == null || resolver.isBlank()) {
        List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
        simple = servers.isEmpty() ? new SimpleResolver() : new SimpleResolver(servers.get(0));
        shown = "the system resolver " + simple.getAddress();
      } else {
        InetSocketAddress address = parseAddress(resolver.strip());
        simple = new SimpleResolver(address);
        shown = "resolver " + resolver.strip();
      }
      simple.setTimeout(timeout);
      return new DnsClient(simple, shown);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "the DNS resolver " + resolver + " is not an address: " + e.getMessage());
    }
  }

  /**
   * From {@link #RESOLVER_ENV} and {@link #TIMEOUT_ENV}, with the CLI's or API's overrides when
   * given; the configuration file's defaults ({@link AuthmailConfig.Domains#DEFAULTS}).
   */
  public static DnsClient fromEnv(Map<String, String> env, String resolver, Duration timeout) {
    return of(AuthmailConfig.Domains.DEFAULTS, env, resolver, timeout);
  }

  /**
   * Each setting from the first that has it: the CLI's override ({@code resolver}, {@code timeout},
   * may be null), the environment ({@link #RESOLVER_ENV}, {@link #TIMEOUT_ENV}), the configuration
   * file's {@code domains.dns}, else the system's first resolver and 5 s. The environment wins over
   * the file as {@code AUTHMAIL_PLUGINS} wins over {@code plugins.dir}: an operator can point one
   * run elsewhere without editing the file.
   *
   * @throws IllegalArgumentException when the address or timeout is not usable, naming its source
   */
  public static DnsClient of(
      AuthmailConfig.Domains file, Map<String, String> env, String resolver, Duration timeout) {
    String address =
        resolver != null
            ? resolver
            : env.get(RESOLVER_ENV) != null ? env.get(RESOLVER_ENV) : file.dnsResolver();
    Duration t = timeout;
    if (t == null && env.get(TIMEOUT_ENV) != null) {
      try {
        t = Duration.ofMillis((long) (Double.parseDouble(env.get(TIMEOUT_ENV).strip()) * 1000));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(TIMEOUT_ENV + " must be a number of seconds, e.g. 5");
      }
    }
    return create(address, t == null ? file.dnsTimeout() : t);
  }

  private static InetSocketAddress parseAddress(String text) throws UnknownHostException {
    String host = text;
    int port = 53;
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      host = text.substring(1, end);
      if (text.length() > end + 2 && text.charAt(end + 1) == ':') {
        port = Integer.parseInt(text.substring(end + 2));
      }
    } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      host = text.substring(0, text.indexOf(':'));
      port = Integer.parseInt(text.substring(text.indexOf(':') + 1));
    }
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }

  /** Which resolver is asked, for reports. */
  public String description() {
    return description;
  }

  /** The TXT records of a name, each as its strings joined. */
  public List<String> txt(String name) throws DnsFailure {
    List<String> out = new ArrayList<>();
    for (Record r : ask(name, Type.TXT)) {
      if (r instanceof TXTRecord txt) {
        out.add(String.join("", txt.getStrings()));
      }
    }
    return out;
  }

  /** The MX records, as {@code "priority host"}, the host without its final dot. */
  public List<String> mx(String name) throws DnsFailure {
    List<String> out = new ArrayList<>();
    for (Record r : ask(name, Type.MX)) {
      if (r instanceof MXRecord mx) {
        out.add(mx.getPriority() + " " + strip(mx.getTarget()));
      }
    }
    return out;
  }

  /** The A and AAAA addresses of a name. */
  public List<InetAddress> addresses(String name) throws DnsFailure {
    List<InetAddress> out = new ArrayList<>();
    for (Record r : ask(name, Type.A)) {
      if (r instanceof ARecord a) {
        out.add(a.getAddress());
      }
    }
    for (Record r : ask(name, Type.AAAA)) {
      if (r instanceof AAAARecord a) {
        out.add(a.getAddress());
      }
    }
    return out;
  }

  /** The MX hosts of a name, without priorities. */
  public List<String> mxHosts(String name) throws DnsFailure {
    return mx(name).stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList();
  }

  private List<Record> ask(String name, int type) throws DnsFailure {
    Name qname;
    try {
      qname = Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      throw new DnsFailure(name + " is not a DNS name: " + e.getMessage());
    }
    Message response;
    try {
      response = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
    } catch (IOException e) {
      throw new DnsFailure(
          "no answer from "
              + description
              + " for "
              + Type.string(type)
              + " "
              + name
              + ": "
              + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
    }
    int rcode = response.getRcode();
    if (rcode == Rcode.NXDOMAIN) {
      return List.of();
    }
    if (rcode != Rcode.NOERROR) {
      throw new DnsFailure(
          description
              + " answered "
              + Rcode.string(rcode)
              + " for "
              + Type.string(type)
              + " "
              + name);
    }
    return response.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).toList();
  }

  private static String strip(Name name) {
    String text = name.toString();
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
