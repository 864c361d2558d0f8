package dev.authmail.runtime.config;

import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.runtime.auth.TokenIssuer;
import dev.authmail.runtime.storage.Durability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The schema of the runtime's own keys: one {@link ConfigSpec} per section of the file ({@link
 * #ROOT} checks the whole tree's shape, types and ranges, each key with its default and
 * description), and the readers that turn the runtime's single sections ({@code storage}, {@code
 * network}, {@code platform}, {@code outbox}) into records: each valid value, else its default (the
 * spec's check has reported it), plus the checks that need more than one key of a section. The
 * sections that refer to each other (connectors, tenants, chains) are {@link ConfigChecks}'s.
 * Stateless; thread-safe.
 *
 * <p>Just over 400 lines: the specs are long declarations (each key with its default and help).
 * When another section is added, its spec and reader (like {@code domains}) move to a class of
 * their own.
 */
final class RuntimeSchema {
  private RuntimeSchema() {}

  static final ConfigSpec STORAGE =
      ConfigSpec.builder()
          .string(
              "url",
              k ->
                  k.defaultValue(AuthmailConfig.DEFAULT_STORAGE_URL)
                      .description("a JDBC URL, e.g. jdbc:postgresql://db/authmail"))
          .string(
              "durability",
              k ->
                  k.defaultValue(Durability.POWER_LOSS.wireName())
                      .oneOf(Durability.POWER_LOSS.wireName(), Durability.PROCESS_CRASH.wireName())
                      .description(
                          "SQLite only: power-loss (fsync every commit) or process-crash (fsync at"
                              + " checkpoints)"))
          .build();
  static final ConfigSpec NETWORK =
      ConfigSpec.builder()
          .bool(
              "allowPrivateAddresses",
              k ->
                  k.defaultValue(false)
                      .description(
                          "lets connectors stored through the API (tenants') reach loopback and"
                              + " private addresses; connectors in this file are the operator's and"
                              + " may reach any address"))
          .list(
              "allow",
              ConfigKey.Type.STRING,
              k ->
                  k.description(
                      "internal destinations tenants' connectors may reach: CIDRs (10.1.2.0/24) and"
                          + " host names (mailpit)"))
          .build();
  static final ConfigSpec PLATFORM =
      ConfigSpec.builder()
          .string(
              "fromAddress",
              k ->
                  k.defaultValue(AuthmailConfig.DEFAULT_FROM_ADDRESS)
                      .description("the built-in service's sender, e.g. no-reply@mail.example.com"))
          .string(
              "transport", k -> k.min(1).description("the name of a connector under connectors"))
          .build();
  static final AuthmailConfig.Outbox OUTBOX_DEFAULTS = AuthmailConfig.Outbox.defaults();
  static final ConfigSpec RETRY =
      ConfigSpec.builder()
          .integer(
              "baseMillis",
              k ->
                  k.range(1, 3_600_000)
                      .defaultValue(OUTBOX_DEFAULTS.retryBase().toMillis())
                      .description("the first back-off step in milliseconds"))
          .integer(
              "capSeconds",
              k ->
                  k.range(1, 86_400)
                      .defaultValue(OUTBOX_DEFAULTS.retryCap().toSeconds())
                      .description("the largest back-off step in seconds"))
          .build();
  static final ConfigSpec CIRCUIT =
      ConfigSpec.builder()
          .integer(
              "failures",
              k ->
                  k.range(1, 1000)
                      .defaultValue((long) OUTBOX_DEFAULTS.circuitFailures())
                      .description("consecutive failures that open a connector's circuit"))
          .integer(
              "openSeconds",
              k ->
                  k.range(1, 86_400)
                      .defaultValue(OUTBOX_DEFAULTS.circuitOpen().toSeconds())
                      .description("how long an open circuit stays open before one probe"))
          .build();
  static final ConfigSpec PER_RECIPIENT = limit(OUTBOX_DEFAULTS.perRecipient());
  static final ConfigSpec PER_TENANT = limit(OUTBOX_DEFAULTS.perTenant());
  static final ConfigSpec PER_RECIPIENT_AND_TYPE = limit(OUTBOX_DEFAULTS.perRecipientAndType());
  static final ConfigSpec LIMITS =
      ConfigSpec.builder()
          .object(
              "perRecipient",
              PER_RECIPIENT,
              k ->
                  k.description(
                      "per tenant and normalized recipient, across every"
                          + " route and usage type"))
          .object(
              "perRecipientAndType",
              PER_RECIPIENT_AND_TYPE,
              k ->
                  k.description(
                      "per tenant, recipient and usage"
                          + " type, on top of perRecipient; off (count 0) by default"))
          .object("perTenant", PER_TENANT, k -> k.description("per tenant"))
          .build();
  static final ConfigSpec OUTBOX =
      ConfigSpec.builder()
          .integer(
              "workers",
              k ->
                  k.range(0, 256)
                      .defaultValue((long) OUTBOX_DEFAULTS.workers())
                      .description("concurrent sends on this node; 0 for a node that only accepts"))
          .integer(
              "leaseSeconds",
              k ->
                  k.range(1, 3600)
                      .defaultValue(OUTBOX_DEFAULTS.lease().toSeconds())
                      .description("how long a claim lasts without renewal"))
          .integer(
              "ttlSeconds",
              k ->
                  k.range(1, 86_400)
                      .defaultValue(OUTBOX_DEFAULTS.ttl().toSeconds())
                      .description("a message's time to live when the request gives none"))
          .object("retry", RETRY, k -> {})
          .integer(
              "failoverAfter",
              k ->
                  k.range(1, 100)
                      .defaultValue((long) OUTBOX_DEFAULTS.failoverAfter())
                      .description(
                          "consecutive retryable failures before the next connector takes over"))
          .object("circuit", CIRCUIT, k -> {})
          .object("limits", LIMITS, k -> {})
          .integer(
              "retentionDays",
              k ->
                  k.range(1, 3650)
                      .defaultValue(OUTBOX_DEFAULTS.retention().toDays())
                      .description(
                          "days a finished message is kept (with its attempts and its idempotency"
                              + " key), then deleted"))
          .build();
  static final ConfigSpec PLUGINS =
      ConfigSpec.builder()
          .string(
              "dir",
              k ->
                  k.min(1)
                      .description(
                          "the connector plugins directory, relative to this file; "
                              + "--plugins and AUTHMAIL_PLUGINS take precedence"))
          .build();
  static final ConfigSpec DNS =
      ConfigSpec.builder()
          .string(
              "resolver",
              k ->
                  k.min(1)
                      .description(
                          "the DNS resolver the sender-domain doctor asks: host, host:port or"
                              + " [v6]:port (default: the system's first); AUTHMAIL_DNS_RESOLVER"
                              + " takes precedence"))
          .integer(
              "timeoutSeconds",
              k ->
                  k.range(1, 60)
                      .defaultValue(AuthmailConfig.Domains.DEFAULTS.dnsTimeout().toSeconds())
                      .description(
                          "how long each DNS question waits; AUTHMAIL_DNS_TIMEOUT takes"
                              + " precedence"))
          .build();
  static final ConfigSpec DOMAINS =
      ConfigSpec.builder().object("dns", DNS, k -> k.description("the doctor's DNS")).build();
  static final ConfigSpec ROOT =
      ConfigSpec.builder()
          .object("storage", STORAGE, k -> {})
          .object("network", NETWORK, k -> {})
          .object("platform", PLATFORM, k -> {})
          .object("outbox", OUTBOX, k -> {})
          .map("tenants", k -> {})
          .map("connectors", k -> {})
          .object("plugins", PLUGINS, k -> {})
          .object("auth", TokenIssuer.AUTH_SPEC, k -> {})
          .object("domains", DOMAINS, k -> {})
          .build();
  static final ConfigSpec TENANT =
      ConfigSpec.builder()
          .list(
              "email",
              ConfigKey.Type.STRING,
              k ->
                  k.required()
                      .description("the connector chain, primary first, e.g. [primary, backup]"))
          .bool(
              "suppression",
              k ->
                  k.defaultValue(true)
                      .description(
                          "refuse sends to addresses on the tenant's suppression list (hard"
                              + " bounces, complaints, manual entries) with 422"
                              + " recipient.suppressed; false: record them only"))
          .build();
  static final ConfigSpec CONNECTOR =
      ConfigSpec.builder()
          .string(
              "factory",
              k -> k.required().min(1).description("a connector factory id or alias, e.g. smtp"))
          .map("config", k -> {})
          .build();

  /** {@code storage}: the JDBC URL and what a commit survives. */
  static AuthmailConfig.Storage storage(Map<String, Object> block, ProblemList problems) {
    String url = block.get("url") instanceof String s ? s : AuthmailConfig.DEFAULT_STORAGE_URL;
    if (!url.startsWith("jdbc:")) {
      problems.add(
          "storage.url",
          "expected a JDBC URL starting with jdbc:, e.g. " + AuthmailConfig.DEFAULT_STORAGE_URL);
    }
    Durability durability = Durability.POWER_LOSS;
    if (block.get("durability") instanceof String d) {
      try {
        durability = Durability.of(d);
      } catch (IllegalArgumentException e) {
        // ROOT.check reported it with its allowed values
      }
    }
    return new AuthmailConfig.Storage(url, durability);
  }

  /** {@code network}: the tenants' address policy, each {@code allow} entry checked. */
  static AuthmailConfig.Network network(Map<String, Object> block, ProblemList problems) {
    Object allowPrivateValue = block.get("allowPrivateAddresses");
    boolean allowPrivate =
        Boolean.TRUE.equals(allowPrivateValue)
            || "true".equalsIgnoreCase(String.valueOf(allowPrivateValue));
    List<String> allow = new ArrayList<>();
    if (block.get("allow") instanceof List<?> entries) {
      for (int i = 0; i < entries.size(); i++) {
        String entry = entries.get(i) == null ? null : String.valueOf(entries.get(i));
        String why = NetworkPolicy.allowProblem(entry);
        if (why != null) {
          problems.add("network.allow[" + i + "]", why);
        } else {
          allow.add(entry.strip());
        }
      }
    }
    return new AuthmailConfig.Network(allowPrivate, allow);
  }

  /**
   * {@code platform}: the built-in service's sender and transport name; whether that name is a
   * connector is {@link ConfigChecks}'s question.
   */
  static AuthmailConfig.Platform platform(Map<String, Object> block, ProblemList problems) {
    EmailAddress from = EmailAddress.parse(AuthmailConfig.DEFAULT_FROM_ADDRESS);
    if (block.get("fromAddress") instanceof String s) {
      try {
        from = EmailAddress.parse(s.trim());
      } catch (IllegalArgumentException e) {
        problems.add("platform.fromAddress", e.getMessage() + ", e.g. no-reply@mail.example.com");
      }
    }
    String transport = block.get("transport") instanceof String s && !s.isBlank() ? s.trim() : null;
    return new AuthmailConfig.Platform(from, transport);
  }

  /** {@code domains}: the doctor's DNS resolver (its address syntax checked) and timeout. */
  static AuthmailConfig.Domains domains(Map<String, Object> block, ProblemList problems) {
    Map<String, Object> dns = section(block, "dns");
    String resolver = null;
    if (dns.get("resolver") instanceof String s && !s.isBlank()) {
      resolver = s.strip();
      if (!resolverAddress(resolver)) {
        problems.add(
            "domains.dns.resolver",
            "expected host, host:port or [v6]:port with a port from 1 to 65535, e.g. 127.0.0.1:53");
      }
    }
    return new AuthmailConfig.Domains(
        resolver, Duration.ofSeconds(number(DNS, dns, "timeoutSeconds")));
  }

  /**
   * Whether {@code text} is {@code host}, {@code host:port}, a bare IPv6 address or {@code
   * [v6]:port}, the port from 1 to 65535: the shapes the doctor's DNS client reads.
   */
  static boolean resolverAddress(String text) {
    if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
      return false;
    }
    String port = null;
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      String rest = end < 2 ? "x" : text.substring(end + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return false;
      }
      port = rest.isEmpty() ? null : rest.substring(1);
    } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') >= 0) {
      if (text.indexOf(':') == 0) {
        return false;
      }
      port = text.substring(text.indexOf(':') + 1);
    }
    return port == null
        || (port.matches("\\d{1,5}")
            && Integer.parseInt(port) >= 1
            && Integer.parseInt(port) <= 65535);
  }

  private static ConfigSpec limit(AuthmailConfig.Outbox.Limit defaults) {
    return ConfigSpec.builder()
        .integer(
            "count",
            k ->
                k.range(0, 1_000_000)
                    .defaultValue((long) defaults.count())
                    .description("messages accepted per window; 0 turns the limit off"))
        .integer(
            "windowSeconds",
            k ->
                k.range(1, 86_400)
                    .defaultValue(defaults.window().toSeconds())
                    .description("the rolling window in seconds"))
        .build();
  }

  /**
   * The {@code outbox} block: each value that is valid, the default for each one that is not (its
   * problem is reported by {@link #ROOT}'s check), and the checks that span two keys.
   */
  static AuthmailConfig.Outbox outbox(Map<String, Object> block, ProblemList problems) {
    Map<String, Object> retry = section(block, "retry");
    Map<String, Object> circuit = section(block, "circuit");
    Map<String, Object> limits = section(block, "limits");
    Map<String, Object> perRecipient = section(limits, "perRecipient");
    Map<String, Object> perTenant = section(limits, "perTenant");
    Map<String, Object> perType = section(limits, "perRecipientAndType");
    Duration retryBase = Duration.ofMillis(number(RETRY, retry, "baseMillis"));
    Duration retryCap = Duration.ofSeconds(number(RETRY, retry, "capSeconds"));
    if (retryBase.compareTo(retryCap) > 0) {
      problems.add(
          "outbox.retry.baseMillis",
          "is "
              + retryBase.toMillis()
              + " ms, more than retry.capSeconds ("
              + retryCap.toSeconds()
              + " s); the first back-off step cannot exceed the largest");
    }
    return new AuthmailConfig.Outbox(
        (int) number(OUTBOX, block, "workers"),
        Duration.ofSeconds(number(OUTBOX, block, "leaseSeconds")),
        Duration.ofSeconds(number(OUTBOX, block, "ttlSeconds")),
        retryBase,
        retryCap,
        (int) number(OUTBOX, block, "failoverAfter"),
        (int) number(CIRCUIT, circuit, "failures"),
        Duration.ofSeconds(number(CIRCUIT, circuit, "openSeconds")),
        new AuthmailConfig.Outbox.Limit(
            (int) number(PER_RECIPIENT, perRecipient, "count"),
            Duration.ofSeconds(number(PER_RECIPIENT, perRecipient, "windowSeconds"))),
        new AuthmailConfig.Outbox.Limit(
            (int) number(PER_TENANT, perTenant, "count"),
            Duration.ofSeconds(number(PER_TENANT, perTenant, "windowSeconds"))),
        Duration.ofDays(number(OUTBOX, block, "retentionDays")),
        new AuthmailConfig.Outbox.Limit(
            (int) number(PER_RECIPIENT_AND_TYPE, perType, "count"),
            Duration.ofSeconds(number(PER_RECIPIENT_AND_TYPE, perType, "windowSeconds"))));
  }

  /**
   * The number at {@code key} of {@code block} when it is valid for {@code spec}, else its default.
   */
  private static long number(ConfigSpec spec, Map<String, Object> block, String key) {
    Object value = block.get(key);
    Map<String, Object> one = value == null ? Map.of() : Map.of(key, value);
    return (spec.check(one).isEmpty() ? spec.bind(one) : spec.bind(Map.of())).longValue(key);
  }

  /** The object at {@code key}, or an empty map when it is absent or not an object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> section(Map<String, Object> root, String key) {
    return root.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** The names of a spec's keys, for messages that list what may be written. */
  static String keyNames(ConfigSpec spec) {
    return String.join(", ", spec.keys().stream().map(ConfigKey::name).toList());
  }
}
