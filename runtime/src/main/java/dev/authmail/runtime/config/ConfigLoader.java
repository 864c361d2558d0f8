package dev.authmail.runtime.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.runtime.auth.TokenIssuer;
import dev.authmail.runtime.config.AuthmailConfig.ConnectorDefinition;
import dev.authmail.runtime.config.AuthmailConfig.Tenant;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.registry.RegistryException;
import dev.authmail.runtime.storage.Durability;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the configuration file (YAML or JSON, by extension, else by its first character), replaces
 * {@code ${ENV}} references, and checks it as a whole: every problem at once, each with its key
 * path, in file order. Connector blocks are checked against their factory's {@link ConfigSpec}, so
 * their problems read {@code connectors.primary.config.port: expected a number from 1 to 65535, got
 * "abc"}. Semantic checks that need {@link ConnectorFactory#create} are made by {@code
 * ConnectorInstances}, which adds its problems to these.
 *
 * <p>The result always carries a best-effort configuration (the valid parts, defaults elsewhere),
 * so that a caller can go on to check what can be checked. Thread-safe.
 *
 * <p>Over 400 lines for now: it still holds three jobs (reading the file with error positions, the
 * schema of the runtime's own keys, the checks across sections). Issue 15 splits it along those
 * lines; until then add new sections' parsing beside their spec, not in {@code load}.
 */
public final class ConfigLoader {
  /** The largest file read; a configuration is a few kilobytes. */
  private static final long MAX_BYTES = 1 << 20;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

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
  private static final AuthmailConfig.Outbox OUTBOX_DEFAULTS = AuthmailConfig.Outbox.defaults();
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

  /** The file formats. YAML 1.1 as SnakeYAML reads it; JSON as RFC 8259. */
  public enum Format {
    YAML,
    JSON
  }

  /**
   * The outcome of loading: the configuration, best effort when there are problems (never {@code
   * null}), and every problem in file order (empty when the file is valid). Immutable.
   */
  public static final class Result {
    private final AuthmailConfig config;
    private final List<ConfigProblem> problems;
    private final Problems order;

    private Result(AuthmailConfig config, List<ConfigProblem> problems, Problems order) {
      this.config = Objects.requireNonNull(config, "config is null");
      this.problems = List.copyOf(problems);
      this.order = order;
    }

    public AuthmailConfig config() {
      return config;
    }

    public List<ConfigProblem> problems() {
      return problems;
    }

    public boolean valid() {
      return problems.isEmpty();
    }

    /**
     * This result with more problems found later (by connectors' {@code create()}), merged in file
     * order, duplicates dropped, secrets scrubbed.
     */
    public Result withMore(List<ConfigProblem> more) {
      List<ConfigProblem> all = new ArrayList<>(problems);
      for (ConfigProblem problem : more) {
        if (!all.contains(problem)) {
          all.add(problem);
        }
      }
      return new Result(config, order == null ? all : order.sort(all, config.secrets()), order);
    }

    /**
     * @throws ConfigException listing every problem
     */
    public AuthmailConfig orThrow() {
      if (!problems.isEmpty()) {
        throw new ConfigException(config.source(), problems);
      }
      return config;
    }

    @Override
    public String toString() {
      return "ConfigLoader.Result[" + config.source() + ", " + problems.size() + " problems]";
    }
  }

  private final ConnectorRegistry registry;
  private final EnvReferences env;

  /**
   * @param env the environment that {@code ${NAME}} references read; tests pass their own
   */
  public ConfigLoader(ConnectorRegistry registry, Map<String, String> env) {
    this.registry = Objects.requireNonNull(registry, "registry is null");
    this.env = new EnvReferences(env);
  }

  /** Reads {@code file}; I/O and syntax errors are problems too, never exceptions. */
  public Result load(Path file) {
    String source = file.toString();
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        return failed(
            source, "the file is larger than " + (MAX_BYTES >> 10) + " KiB; is it the right file?");
      }
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (NoSuchFileException e) {
      return failed(source, "the file does not exist");
    } catch (CharacterCodingException e) {
      return failed(source, "the file is not UTF-8 text");
    } catch (IOException e) {
      return failed(
          source,
          "the file cannot be read: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    return parse(text, formatOf(file, text), source);
  }

  /** Parses configuration text; {@code source} names it in messages. */
  public Result parse(String text, Format format, String source) {
    Object tree;
    try {
      tree = text.isBlank() ? Map.of() : format == Format.JSON ? readJson(text) : readYaml(text);
    } catch (JsonProcessingException e) {
      return failed(source, syntaxError(format, e));
    } catch (YAMLException e) {
      return failed(source, syntaxError(e));
    }
    if (tree == null) {
      tree = Map.of();
    }
    if (!(tree instanceof Map)) {
      return failed(
          source,
          "the file must hold a mapping of keys ("
              + keyNames(ROOT)
              + "), not "
              + (tree instanceof List ? "a list" : "a single value"));
    }
    return check(tree, source);
  }

  /**
   * The {@code plugins.dir} of a configuration file, resolved against the file's directory, or
   * {@code null} when the file has none or cannot be read. The plugins must be loaded before the
   * file is checked (its connectors may name a plugin's factory), so this reads the one key alone;
   * a file that cannot be read is reported by {@link #load} later.
   */
  public static Path pluginsDir(Path file, Map<String, String> env) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        return null;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Object tree =
          text.isBlank()
              ? null
              : formatOf(file, text) == Format.JSON ? readJson(text) : readYaml(text);
      if (tree instanceof Map<?, ?> root
          && root.get("plugins") instanceof Map<?, ?> plugins
          && plugins.get("dir") instanceof String dir
          && !dir.isBlank()) {
        Object resolved = new EnvReferences(env).resolve(dir).value();
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(resolved.toString()) : parent.resolve(resolved.toString());
      }
    } catch (IOException
        | YAMLException
        | java.io.UncheckedIOException
        | java.nio.file.InvalidPathException e) {
      // not readable, not parseable, or not a path: load() names the problem with its key path
    }
    return null;
  }

  /** The embedded defaults: tenant {@code default} on the built-in service, the capture inbox. */
  public Result defaults() {
    return check(Map.of(), AuthmailConfig.EMBEDDED);
  }

  /** YAML or JSON by extension; else JSON when the text starts with '{'. */
  public static Format formatOf(Path file, String text) {
    String name =
        file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      return Format.JSON;
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return Format.YAML;
    }
    return text.stripLeading().startsWith("{") ? Format.JSON : Format.YAML;
  }

  private static Object readJson(String text) throws JsonProcessingException {
    ObjectMapper mapper = new ObjectMapper();
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return mapper.readValue(text, Object.class);
  }

  /**
   * YAML through SnakeYAML itself, which resolves anchors and aliases ({@code templates: *shared}),
   * unlike Jackson's YAML parser; safe types only, duplicate keys refused, and a bound on aliases
   * against "billion laughs" files.
   */
  private static Object readYaml(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(100);
    return new Yaml(new SafeConstructor(options)).load(text);
  }

  private static String syntaxError(YAMLException e) {
    String where = "";
    String why = e.getMessage();
    if (e instanceof MarkedYAMLException marked) {
      Mark mark = marked.getProblemMark();
      where =
          mark == null
              ? ""
              : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
      why = marked.getProblem();
    }
    why = why == null ? "" : why;
    // Keep the first line only: parsers add snippets of the file, which may hold a secret.
    int newline = why.indexOf('\n');
    if (newline >= 0) {
      why = why.substring(0, newline);
    }
    return where + "not valid YAML: " + why.strip();
  }

  private static String syntaxError(Format format, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    // Keep the first line only: parsers add snippets of the file, which may hold a secret.
    int newline = why.indexOf('\n');
    if (newline >= 0) {
      why = why.substring(0, newline);
    }
    return where + "not valid " + format + ": " + why.strip();
  }

  private Result failed(String source, String message) {
    return new Result(fallback(source), List.of(new ConfigProblem("", message)), null);
  }

  private AuthmailConfig fallback(String source) {
    return new AuthmailConfig(
        source,
        new AuthmailConfig.Storage(AuthmailConfig.DEFAULT_STORAGE_URL, Durability.POWER_LOSS),
        new AuthmailConfig.Network(false, List.of()),
        new AuthmailConfig.Platform(EmailAddress.parse(AuthmailConfig.DEFAULT_FROM_ADDRESS), null),
        OUTBOX_DEFAULTS,
        Map.of(),
        Map.of(),
        Secrets.none(),
        AuthmailConfig.Auth.NONE);
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
  private static AuthmailConfig.Outbox outbox(Map<String, Object> block, Problems problems) {
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

  @SuppressWarnings("unchecked")
  private Result check(Object tree, String source) {
    EnvReferences.Result resolved = env.resolve(tree);
    Map<String, Object> root = (Map<String, Object>) resolved.value();
    Problems problems = new Problems(root);
    problems.addAll(resolved.problems());
    problems.skipLater(resolved.problems());
    problems.addAll(ROOT.check(root));

    Map<String, Object> storage = section(root, "storage");
    Map<String, Object> network = section(root, "network");
    Map<String, Object> platform = section(root, "platform");
    String url = storage.get("url") instanceof String s ? s : AuthmailConfig.DEFAULT_STORAGE_URL;
    if (!url.startsWith("jdbc:")) {
      problems.add(
          "storage.url",
          "expected a JDBC URL starting with jdbc:, e.g. " + AuthmailConfig.DEFAULT_STORAGE_URL);
    }
    Durability durability = Durability.POWER_LOSS;
    if (storage.get("durability") instanceof String d) {
      try {
        durability = Durability.of(d);
      } catch (IllegalArgumentException e) {
        // ROOT.check reported it with its allowed values
      }
    }
    Object allowPrivateValue = network.get("allowPrivateAddresses");
    boolean allowPrivate =
        Boolean.TRUE.equals(allowPrivateValue)
            || "true".equalsIgnoreCase(String.valueOf(allowPrivateValue));
    List<String> allow = new ArrayList<>();
    if (network.get("allow") instanceof List<?> entries) {
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
    EmailAddress from = EmailAddress.parse(AuthmailConfig.DEFAULT_FROM_ADDRESS);
    if (platform.get("fromAddress") instanceof String s) {
      try {
        from = EmailAddress.parse(s.trim());
      } catch (IllegalArgumentException e) {
        problems.add("platform.fromAddress", e.getMessage() + ", e.g. no-reply@mail.example.com");
      }
    }
    String transport =
        platform.get("transport") instanceof String s && !s.isBlank() ? s.trim() : null;
    AuthmailConfig.Outbox outbox = outbox(section(root, "outbox"), problems);

    Map<String, Object> definedConnectors = section(root, "connectors");
    Map<String, ConnectorDefinition> connectors = new LinkedHashMap<>();
    Set<String> secrets = new LinkedHashSet<>();
    definedConnectors.forEach(
        (name, block) -> {
          ConnectorDefinition definition = connector(name, block, problems);
          if (definition != null) {
            connectors.put(name, definition);
            secrets.addAll(
                Secrets.valuesIn(definition.config().spec(), definition.config().asMap()));
          }
        });

    Map<String, Tenant> tenants = new LinkedHashMap<>();
    Map<String, Object> definedTenants = section(root, "tenants");
    if (definedTenants.isEmpty()) {
      tenants.put(
          AuthmailConfig.DEFAULT_TENANT,
          new Tenant(AuthmailConfig.DEFAULT_TENANT, List.of(AuthmailConfig.BUILT_IN_SERVICE)));
    }
    definedTenants.forEach(
        (name, block) -> {
          Tenant tenant = tenant(name, block, problems);
          if (tenant != null) {
            tenants.put(name, tenant);
          }
        });
    tenants.values().forEach(tenant -> checkChain(tenant, definedConnectors, connectors, problems));

    if (transport != null) {
      if (!definedConnectors.containsKey(transport)) {
        problems.add(
            "platform.transport",
            "names the connector \""
                + transport
                + "\", which is not defined under connectors"
                + definedNames(definedConnectors)
                + "; remove platform.transport to deliver to the capture inbox");
      } else if (connectors.get(transport) != null
          && connectors.get(transport).factoryId().equals(AuthmailConfig.BUILT_IN_SERVICE)) {
        problems.add(
            "platform.transport",
            "names \""
                + transport
                + "\", the built-in service itself; name an SMTP, SES or SendGrid connector that"
                + " the built-in service can deliver through");
      }
    }

    List<ConfigProblem> issuerProblems = new ArrayList<>();
    List<TokenIssuer> issuers =
        section(root, "auth").get("issuers") instanceof List<?> entries
            ? TokenIssuer.read(entries, tenants.keySet(), issuerProblems)
            : List.of();
    problems.addAll(issuerProblems);

    AuthmailConfig config =
        new AuthmailConfig(
            source,
            new AuthmailConfig.Storage(url, durability),
            new AuthmailConfig.Network(allowPrivate, allow),
            new AuthmailConfig.Platform(from, transport),
            outbox,
            tenants,
            connectors,
            Secrets.of(secrets),
            new AuthmailConfig.Auth(issuers));
    return new Result(config, problems.sorted(config.secrets()), problems);
  }

  private ConnectorDefinition connector(String name, Object block, Problems problems) {
    String path = "connectors." + name;
    if (!NAME.matcher(name).matches()) {
      problems.add(
          path, "a connector name may contain only letters, digits, '-' and '_' (at most 64)");
      return null;
    }
    if (!(block instanceof Map<?, ?> map)) {
      problems.add(
          path, "expected an object with factory and config, e.g. {factory: smtp, config: {...}}");
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) map;
    List<ConfigProblem> shape = CONNECTOR.check(fields);
    problems.addAll(shape, path);
    if (!(fields.get("factory") instanceof String factoryName) || factoryName.isBlank()) {
      return null;
    }
    ConnectorFactory factory;
    try {
      factory = registry.find(factoryName).orElse(null);
    } catch (RegistryException e) {
      problems.add(path + ".factory", e.getMessage());
      return null;
    }
    if (factory == null) {
      problems.add(path + ".factory", registry.unknown(factoryName));
      return null;
    }
    if (shape.stream().anyMatch(p -> p.path().equals("config"))) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> raw =
        fields.get("config") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
    List<ConfigProblem> configProblems = factory.configSpec().check(raw);
    if (!configProblems.isEmpty()) {
      problems.addAll(configProblems, path + ".config");
      return null;
    }
    try {
      return new ConnectorDefinition(name, factory.id(), factory.configSpec().bind(raw), false);
    } catch (ConnectorException e) {
      problems.addAll(e.problems(), path + ".config");
      return null;
    }
  }

  private Tenant tenant(String name, Object block, Problems problems) {
    String path = "tenants." + name;
    if (!NAME.matcher(name).matches()) {
      problems.add(
          path, "a tenant name may contain only letters, digits, '-' and '_' (at most 64)");
      return null;
    }
    if (!(block instanceof Map<?, ?> map)) {
      problems.add(path, "expected an object with email, e.g. {email: [primary, backup]}");
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) map;
    List<ConfigProblem> found = TENANT.check(fields);
    problems.addAll(found, path);
    if (!found.isEmpty() || !(fields.get("email") instanceof List<?> chain)) {
      return null;
    }
    if (chain.isEmpty()) {
      problems.add(path + ".email", "names no connector; list at least one, e.g. [primary]");
      return null;
    }
    List<String> names = new ArrayList<>();
    for (Object entry : chain) {
      names.add(String.valueOf(entry).trim());
    }
    Object suppression = fields.get("suppression");
    return new Tenant(
        name,
        names,
        suppression == null
            || Boolean.TRUE.equals(suppression)
            || "true".equalsIgnoreCase(String.valueOf(suppression)));
  }

  private void checkChain(
      Tenant tenant,
      Map<String, Object> defined,
      Map<String, ConnectorDefinition> connectors,
      Problems problems) {
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < tenant.email().size(); i++) {
      String name = tenant.email().get(i);
      String path = "tenants." + tenant.name() + ".email[" + i + "]";
      if (!seen.add(name)) {
        problems.add(
            path, "names \"" + name + "\" a second time; a chain lists each connector once");
      } else if (defined.containsKey(name)) {
        continue;
      } else if (name.equals(AuthmailConfig.BUILT_IN_SERVICE)) {
        builtIn(path, connectors, problems);
      } else {
        problems.add(
            path,
            "names the connector \""
                + name
                + "\", which is not defined under connectors"
                + definedNames(defined)
                + "; define it, or use "
                + AuthmailConfig.BUILT_IN_SERVICE
                + " for the built-in service");
      }
    }
  }

  /**
   * The built-in service named by a chain without a definition: its factory with an empty config.
   */
  private void builtIn(
      String path, Map<String, ConnectorDefinition> connectors, Problems problems) {
    if (connectors.containsKey(AuthmailConfig.BUILT_IN_SERVICE)) {
      return;
    }
    ConnectorFactory factory;
    try {
      factory = registry.find(AuthmailConfig.BUILT_IN_SERVICE).orElse(null);
    } catch (RegistryException e) {
      problems.add(path, e.getMessage());
      return;
    }
    if (factory == null) {
      problems.add(
          path,
          "names the built-in service "
              + AuthmailConfig.BUILT_IN_SERVICE
              + ", but its connector (connector-logto-email) is not on the class path; "
              + registry.unknown(AuthmailConfig.BUILT_IN_SERVICE));
      return;
    }
    try {
      ConnectorConfig config = factory.configSpec().bind(Map.of());
      connectors.put(
          AuthmailConfig.BUILT_IN_SERVICE,
          new ConnectorDefinition(AuthmailConfig.BUILT_IN_SERVICE, factory.id(), config, true));
    } catch (ConnectorException e) {
      problems.add(
          path,
          "the built-in service needs configuration; define a connector "
              + AuthmailConfig.BUILT_IN_SERVICE
              + " under connectors ("
              + e.getMessage()
              + ")");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> root, String key) {
    return root.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static String definedNames(Map<String, Object> defined) {
    return defined.isEmpty()
        ? " (none are)"
        : " (defined: " + String.join(", ", defined.keySet()) + ")";
  }

  private static String keyNames(ConfigSpec spec) {
    return String.join(", ", spec.keys().stream().map(ConfigKey::name).toList());
  }

  /** Problems in file order, without a second problem for a path whose env reference failed. */
  private static final class Problems {
    private final Map<String, Integer> order = new HashMap<>();
    private final List<ConfigProblem> list = new ArrayList<>();
    private final Set<String> skipped = new LinkedHashSet<>();

    Problems(Map<String, Object> root) {
      index(root, "");
    }

    private void index(Object node, String path) {
      order.putIfAbsent(path, order.size());
      if (node instanceof Map<?, ?> map) {
        map.forEach((k, v) -> index(v, path.isEmpty() ? String.valueOf(k) : path + "." + k));
      } else if (node instanceof List<?> items) {
        for (int i = 0; i < items.size(); i++) {
          index(items.get(i), path + "[" + i + "]");
        }
      }
    }

    void skipLater(List<ConfigProblem> envProblems) {
      envProblems.forEach(p -> skipped.add(p.path()));
    }

    void add(String path, String message) {
      list.add(new ConfigProblem(path, message));
    }

    void addAll(List<ConfigProblem> problems) {
      for (ConfigProblem problem : problems) {
        if (!list.contains(problem) && !skipped.contains(problem.path())) {
          list.add(problem);
        }
      }
    }

    void addAll(List<ConfigProblem> problems, String prefix) {
      addAll(problems.stream().map(p -> p.under(prefix)).toList());
    }

    /** Sorted by the position of the nearest key that exists in the file; ties keep their order. */
    List<ConfigProblem> sorted(Secrets secrets) {
      return sort(list, secrets);
    }

    List<ConfigProblem> sort(List<ConfigProblem> problems, Secrets secrets) {
      List<ConfigProblem> out = new ArrayList<>(problems);
      out.sort((a, b) -> Integer.compare(position(a.path()), position(b.path())));
      return out.stream()
          .map(p -> new ConfigProblem(p.path(), secrets.redact(p.message())))
          .toList();
    }

    private int position(String path) {
      String p = path;
      while (true) {
        Integer at = order.get(p);
        if (at != null) {
          return at;
        }
        int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        if (cut <= 0) {
          return order.getOrDefault("", 0);
        }
        p = p.substring(0, cut);
      }
    }
  }
}
