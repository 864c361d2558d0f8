package dev.authmail.runtime.config;

import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.runtime.auth.TokenIssuer;
import dev.authmail.runtime.outbox.NewMessage;
import dev.authmail.runtime.outbox.OutboxConfig;
import dev.authmail.runtime.storage.Durability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The runtime's configuration as docs/configuration.md describes it, checked and with defaults
 * filled in: storage, the operator's network policy and platform sender, the outbox's settings,
 * tenants with their connector chains, and the named connector instances. Made by {@link
 * ConfigLoader}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} and {@link #masked()} never show a secret.
 *
 * @param source where it came from: the file path, or {@value #EMBEDDED}
 * @param tenants by name, in file order
 * @param connectors by name, in file order; includes the built-in service when a chain names it
 *     without defining it
 * @param secrets every secret value in the connectors' configurations, for scrubbing text
 */
public record AuthmailConfig(
    String source,
    Storage storage,
    Network network,
    Platform platform,
    Outbox outbox,
    Map<String, Tenant> tenants,
    Map<String, ConnectorDefinition> connectors,
    Secrets secrets,
    Auth auth,
    Domains domains) {

  /** The source name of the configuration used when no file is given. */
  public static final String EMBEDDED = "(embedded defaults)";

  public static final String DEFAULT_STORAGE_URL = "jdbc:sqlite:./data/authmail.db";

  /**
   * The built-in service's sender when {@code platform.fromAddress} is not set. {@code .localhost}
   * is reserved (RFC 6761) and never routes on the internet: fine for the capture inbox, and an
   * obvious thing to change before mail leaves the machine.
   */
  public static final String DEFAULT_FROM_ADDRESS = "no-reply@authmail.localhost";

  public static final String DEFAULT_TENANT = "default";

  /**
   * The built-in email service's factory id, the one place the runtime names it (its metadata has
   * no property that marks it): a chain may name it without defining it, the hosted service sends
   * through it, and the domain doctor and {@code authmail send} look behind it to the platform
   * transport.
   */
  public static final String BUILT_IN_SERVICE = "logto-email";

  public AuthmailConfig {
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(storage, "storage is null");
    Objects.requireNonNull(network, "network is null");
    Objects.requireNonNull(platform, "platform is null");
    Objects.requireNonNull(outbox, "outbox is null");
    tenants = Collections.unmodifiableMap(new LinkedHashMap<>(tenants));
    connectors = Collections.unmodifiableMap(new LinkedHashMap<>(connectors));
    Objects.requireNonNull(secrets, "secrets is null");
    Objects.requireNonNull(auth, "auth is null");
    Objects.requireNonNull(domains, "domains is null");
  }

  /** Without a {@code domains} block: the doctor's DNS defaults. */
  public AuthmailConfig(
      String source,
      Storage storage,
      Network network,
      Platform platform,
      Outbox outbox,
      Map<String, Tenant> tenants,
      Map<String, ConnectorDefinition> connectors,
      Secrets secrets,
      Auth auth) {
    this(
        source,
        storage,
        network,
        platform,
        outbox,
        tenants,
        connectors,
        secrets,
        auth,
        Domains.DEFAULTS);
  }

  /** {@code auth}: how the API authenticates callers beside API keys. */
  public record Auth(List<TokenIssuer> issuers) {
    public static final Auth NONE = new Auth(List.of());

    public Auth {
      issuers = List.copyOf(issuers);
    }
  }

  /**
   * {@code domains}: how the sender-domain doctor asks DNS. {@code AUTHMAIL_DNS_RESOLVER} and
   * {@code AUTHMAIL_DNS_TIMEOUT}, and the CLI's {@code --resolver}/{@code --timeout}, take
   * precedence.
   *
   * @param dnsResolver {@code host}, {@code host:port} or {@code [v6]:port}; {@code null} for the
   *     system's first resolver
   * @param dnsTimeout how long each question waits
   */
  public record Domains(String dnsResolver, Duration dnsTimeout) {
    public static final Domains DEFAULTS = new Domains(null, Duration.ofSeconds(5));

    public Domains {
      Objects.requireNonNull(dnsTimeout, "dnsTimeout is null");
    }
  }

  /** {@code storage}: where the outbox lives, and (SQLite) what a commit survives. */
  public record Storage(String url, Durability durability) {
    public Storage {
      Objects.requireNonNull(url, "url is null");
      Objects.requireNonNull(durability, "durability is null");
    }
  }

  /**
   * {@code network}: the operator's outbound address policy for connectors stored through the API
   * (tenants'); connectors in the configuration file are the operator's and trusted ({@link
   * NetworkPolicy#trusted()}).
   *
   * @param allow internal destinations tenants may reach: CIDRs and host names, already checked
   */
  public record Network(boolean allowPrivateAddresses, List<String> allow) {
    public Network {
      allow = List.copyOf(allow);
    }

    /** The policy of the connectors tenants store through the API. */
    public NetworkPolicy tenantPolicy() {
      return NetworkPolicy.of(allowPrivateAddresses, allow);
    }
  }

  /**
   * {@code platform}: the built-in service's shared sender and the connector it delivers through.
   *
   * @param transport a connector name, or {@code null} for the capture inbox
   */
  public record Platform(EmailAddress fromAddress, String transport) {
    public Platform {
      Objects.requireNonNull(fromAddress, "fromAddress is null");
    }

    public Optional<String> transportName() {
      return Optional.ofNullable(transport);
    }
  }

  /**
   * {@code outbox}: how this node's outbox sends, retries, fails over and rate-limits. Defaults are
   * {@link OutboxConfig#defaults()}'s and {@link NewMessage#DEFAULT_TTL}.
   *
   * @param workers concurrent sends on this node; 0 makes a node that only accepts
   * @param lease how long a claim lasts without renewal
   * @param ttl a message's time to live when the request names none
   * @param failoverAfter consecutive retryable failures on one connector before the next takes over
   * @param circuitFailures consecutive failures that open a connector's circuit
   * @param circuitOpen how long an open circuit stays open before one probe
   * @param retention how long a finished message is kept (with its attempts and idempotency key)
   */
  public record Outbox(
      int workers,
      Duration lease,
      Duration ttl,
      Duration retryBase,
      Duration retryCap,
      int failoverAfter,
      int circuitFailures,
      Duration circuitOpen,
      Limit perRecipient,
      Limit perTenant,
      Duration retention,
      Limit perRecipientAndType) {
    public Outbox {
      Objects.requireNonNull(retention, "retention is null");
      Objects.requireNonNull(lease, "lease is null");
      Objects.requireNonNull(ttl, "ttl is null");
      Objects.requireNonNull(retryBase, "retryBase is null");
      Objects.requireNonNull(retryCap, "retryCap is null");
      Objects.requireNonNull(circuitOpen, "circuitOpen is null");
      Objects.requireNonNull(perRecipient, "perRecipient is null");
      Objects.requireNonNull(perTenant, "perTenant is null");
      Objects.requireNonNull(perRecipientAndType, "perRecipientAndType is null");
    }

    /**
     * A rate limit: {@code count} accepts per rolling {@code window}; a count of 0 turns it off.
     */
    public record Limit(int count, Duration window) {
      public Limit {
        Objects.requireNonNull(window, "window is null");
      }

      Map<String, Object> masked() {
        return ordered("count", count, "windowSeconds", window.toSeconds());
      }
    }

    /** The outbox without an {@code outbox} block. */
    public static Outbox defaults() {
      OutboxConfig d = OutboxConfig.defaults();
      return new Outbox(
          d.workerThreads(),
          d.lease(),
          NewMessage.DEFAULT_TTL,
          d.retryBase(),
          d.retryCap(),
          d.failoverAfter(),
          d.breakerThreshold(),
          d.breakerCooldown(),
          new Limit(d.recipientLimit(), d.recipientWindow()),
          new Limit(d.tenantLimit(), d.tenantWindow()),
          d.retention(),
          new Limit(d.typeLimit(), d.typeWindow()));
    }

    /**
     * The outbox settings of a node: these over {@code base}, which keeps what the file does not
     * set (node id, claim batch, poll interval, group commit, shutdown grace).
     */
    public OutboxConfig applyTo(OutboxConfig base) {
      return base.toBuilder()
          .workerThreads(workers)
          .lease(lease)
          .retry(retryBase, retryCap)
          .failoverAfter(failoverAfter)
          .breaker(circuitFailures, circuitOpen)
          .recipientLimit(perRecipient.count(), perRecipient.window())
          .tenantLimit(perTenant.count(), perTenant.window())
          .typeLimit(perRecipientAndType.count(), perRecipientAndType.window())
          .retention(retention)
          .build();
    }

    Map<String, Object> masked() {
      return ordered(
          "workers",
          workers,
          "leaseSeconds",
          lease.toSeconds(),
          "ttlSeconds",
          ttl.toSeconds(),
          "retry",
          ordered("baseMillis", retryBase.toMillis(), "capSeconds", retryCap.toSeconds()),
          "failoverAfter",
          failoverAfter,
          "circuit",
          ordered("failures", circuitFailures, "openSeconds", circuitOpen.toSeconds()),
          "limits",
          ordered(
              "perRecipient",
              perRecipient.masked(),
              "perRecipientAndType",
              perRecipientAndType.masked(),
              "perTenant",
              perTenant.masked()),
          "retentionDays",
          retention.toDays());
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < keysAndValues.length; i += 2) {
        out.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
      return out;
    }
  }

  /**
   * {@code tenants.<name>}: the connector chain, primary first, then fallbacks.
   *
   * @param suppression whether sends to the tenant's suppressed addresses are refused (default
   *     true)
   */
  public record Tenant(String name, List<String> email, boolean suppression) {
    public Tenant {
      Objects.requireNonNull(name, "name is null");
      email = List.copyOf(email);
    }

    public Tenant(String name, List<String> email) {
      this(name, email, true);
    }
  }

  /**
   * {@code connectors.<name>}: a factory and its configuration, checked against the factory's spec
   * (types coerced, defaults filled). {@link ConnectorConfig#toString()} masks secrets.
   *
   * @param factoryId the factory's canonical id, even when the file used an alias
   * @param implicit whether the file did not define it (the built-in service named by a chain)
   */
  public record ConnectorDefinition(
      String name, String factoryId, ConnectorConfig config, boolean implicit) {
    public ConnectorDefinition {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(factoryId, "factoryId is null");
      Objects.requireNonNull(config, "config is null");
    }
  }

  public Optional<Tenant> tenant(String name) {
    return Optional.ofNullable(tenants.get(name));
  }

  public Optional<ConnectorDefinition> connector(String name) {
    return Optional.ofNullable(connectors.get(name));
  }

  /** The whole configuration as a JSON-shaped tree, secrets replaced by {@code ******}. */
  public Map<String, Object> masked() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("storage", Map.of("url", storage.url(), "durability", storage.durability().wireName()));
    out.put(
        "network",
        Map.of("allowPrivateAddresses", network.allowPrivateAddresses(), "allow", network.allow()));
    Map<String, Object> platformOut = new LinkedHashMap<>();
    platformOut.put("fromAddress", platform.fromAddress().value());
    platformOut.put("transport", platform.transport());
    out.put("platform", platformOut);
    out.put("outbox", outbox.masked());
    Map<String, Object> tenantsOut = new LinkedHashMap<>();
    tenants.forEach(
        (name, tenant) ->
            tenantsOut.put(
                name,
                tenant.suppression()
                    ? Map.of("email", new ArrayList<>(tenant.email()))
                    : Map.of("email", new ArrayList<>(tenant.email()), "suppression", false)));
    out.put("tenants", tenantsOut);
    Map<String, Object> connectorsOut = new LinkedHashMap<>();
    connectors.forEach(
        (name, definition) -> {
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("factory", definition.factoryId());
          c.put("config", definition.config().masked());
          connectorsOut.put(name, c);
        });
    out.put("connectors", connectorsOut);
    if (!auth.issuers().isEmpty()) {
      List<Map<String, Object>> issuersOut = new ArrayList<>();
      for (TokenIssuer issuer : auth.issuers()) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("issuer", issuer.issuer());
        i.put("jwksUri", issuer.jwksUri().toString());
        i.put("audience", issuer.audience());
        i.put(
            issuer.tenant() != null ? "tenant" : "tenantClaim",
            issuer.tenant() != null ? issuer.tenant() : issuer.tenantClaim());
        if (issuer.scope() != null) {
          i.put("scope", issuer.scope());
        }
        issuersOut.add(i);
      }
      out.put("auth", Map.of("issuers", issuersOut));
    }
    if (!domains.equals(Domains.DEFAULTS)) {
      Map<String, Object> dns = new LinkedHashMap<>();
      if (domains.dnsResolver() != null) {
        dns.put("resolver", domains.dnsResolver());
      }
      dns.put("timeoutSeconds", domains.dnsTimeout().toSeconds());
      out.put("domains", Map.of("dns", dns));
    }
    return out;
  }

  @Override
  public String toString() {
    return "AuthmailConfig" + masked();
  }
}
