package dev.authmail.runtime.stored;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.SendResult;
import dev.authmail.runtime.StartupException;
import dev.authmail.runtime.outbox.ConnectorChains;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.stored.ConnectorStore.Row;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors a tenant stores through the API, and the chains the outbox sends through.
 *
 * <p><b>Chains.</b> A tenant with at least one enabled stored connector sends through its stored
 * connectors, in {@code position} order (0 = primary); they <em>replace</em> the tenant's chain
 * from the configuration file, so what the console shows is what sends. A tenant without one keeps
 * the configuration file's chain ({@code fallback}).
 *
 * <p><b>Instances.</b> Each enabled stored connector has one live instance, created with the
 * tenant's runtime context ({@code ConnectorInstances.context}, with its stored templates). A
 * change (here, or on another node: the table is re-read every {@code refreshInterval}) replaces
 * the instance; the old one is closed after a grace period, so sends already in flight on it
 * finish. A stored configuration that no longer builds (its jar is gone) becomes a connector that
 * fails every send with INVALID_CONFIG, so the outbox fails over and the attempts say why.
 *
 * <p><b>Secrets</b> are sealed with the {@link SecretBox} before they are stored and masked
 * ({@value ConfigSpec#MASK}) in every view; a configuration sent back with the mask keeps the
 * stored secret, unless it changes a destination key (host, endpoint, region…: {@link
 * dev.authmail.connector.api.ConfigKey#destination()}), which is refused until every secret is
 * entered again ({@link ConfigSecrets#unmask}).
 *
 * <p>Thread-safe. {@link #chain} does no I/O.
 */
public final class StoredConnectors implements ConnectorChains, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoredConnectors.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /**
   * A stored connector as the API shows it.
   *
   * @param config the configuration with secrets masked
   * @param position the place in the tenant's chain, 0 = primary
   */
  public record View(
      String id,
      String tenant,
      String factoryId,
      Map<String, Object> config,
      int position,
      boolean enabled,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * An enabled stored connector's plain settings, for readers that need no secret (the domain
   * doctor: sender, relay host, DKIM selectors).
   *
   * @param config the stored configuration without its secret values (left out, not masked)
   */
  public record Plain(String id, String factoryId, Map<String, Object> config) {}

  /**
   * The tenant's enabled stored connectors in chain order, secrets left out: no instance is made
   * and no secret opened. Thread-safe; one database read.
   */
  public static List<Plain> enabledPlain(ConnectorStore store, String tenant) {
    return store.list(tenant).stream()
        .filter(Row::enabled)
        .map(row -> new Plain(row.id(), row.factoryId(), withoutSealed(parse(row))))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withoutSealed(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (SecretBox.isSealed(v)) {
            return;
          }
          if (v instanceof Map<?, ?> m) {
            out.put(k, withoutSealed((Map<String, Object>) m));
          } else if (v instanceof List<?> list) {
            out.put(
                k,
                list.stream()
                    .map(e -> e instanceof Map<?, ?> m ? withoutSealed((Map<String, Object>) m) : e)
                    .toList());
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  /** The changes of a PATCH; {@code null} leaves a field as it is. */
  public record Patch(Map<String, Object> config, Boolean enabled, Integer position) {}

  private record Live(Row row, EmailConnector connector) {}

  private final ConnectorStore store;
  private final ConnectorBuilder builder;
  private final SecretBox box;
  private final ConnectorChains fallback;
  private final Clock clock;
  private final Duration closeGrace;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Live> live = new HashMap<>();
  private final java.util.Set<Live> closing = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile Map<String, List<NamedConnector>> chains = Map.of();
  private boolean closed;

  public StoredConnectors(
      ConnectorStore store,
      ConnectorBuilder builder,
      SecretBox box,
      ConnectorChains fallback,
      Clock clock,
      Duration refreshInterval,
      Duration closeGrace) {
    this.store = Objects.requireNonNull(store, "store is null");
    this.builder = Objects.requireNonNull(builder, "builder is null");
    this.box = Objects.requireNonNull(box, "box is null");
    this.fallback = Objects.requireNonNull(fallback, "fallback is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.closeGrace = Objects.requireNonNull(closeGrace, "closeGrace is null");
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "authmail-stored-connectors");
              t.setDaemon(true);
              return t;
            });
    checkSecretKey();
    reload();
    if (!refreshInterval.isZero() && !refreshInterval.isNegative()) {
      long millis = refreshInterval.toMillis();
      scheduler.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  // ---- the chains -------------------------------------------------------------------------

  /** The tenant's stored chain when it has an enabled stored connector, else the fallback's. */
  @Override
  public List<NamedConnector> chain(String tenant) {
    List<NamedConnector> stored = chains.get(tenant);
    if (stored != null && !stored.isEmpty()) {
      return stored;
    }
    try {
      return fallback.chain(tenant);
    } catch (IllegalArgumentException e) {
      return List.of(); // a tenant the configuration file does not define
    }
  }

  /**
   * Whether the tenant sends through stored connectors (rather than the configuration file's
   * chain).
   */
  public boolean usesStoredChain(String tenant) {
    List<NamedConnector> stored = chains.get(tenant);
    return stored != null && !stored.isEmpty();
  }

  /** The tenants that send through stored connectors. */
  public java.util.Set<String> tenants() {
    return chains.keySet();
  }

  /**
   * Re-reads the table and brings the live instances in line: new or changed connectors get a new
   * instance, removed or disabled ones are closed after the grace period.
   */
  public synchronized void reload() {
    if (closed) {
      return;
    }
    List<Row> rows = store.all();
    Map<String, Live> next = new HashMap<>();
    Map<String, List<NamedConnector>> nextChains = new LinkedHashMap<>();
    for (Row row : rows) {
      if (!row.enabled()) {
        continue;
      }
      Live current = live.get(row.id());
      Live l =
          current != null && sameInstance(current.row(), row)
              ? new Live(row, current.connector())
              : instantiate(row);
      next.put(row.id(), l);
      nextChains
          .computeIfAbsent(row.tenant(), t -> new ArrayList<>())
          .add(new NamedConnector(row.id(), l.connector()));
    }
    for (Map.Entry<String, Live> e : live.entrySet()) {
      Live n = next.get(e.getKey());
      if (n == null || n.connector() != e.getValue().connector()) {
        closeLater(e.getValue());
      }
    }
    live.clear();
    live.putAll(next);
    Map<String, List<NamedConnector>> frozen = new LinkedHashMap<>();
    nextChains.forEach((tenant, chain) -> frozen.put(tenant, List.copyOf(chain)));
    chains = Map.copyOf(frozen);
  }

  /**
   * Refuses to start when the secret key does not open a stored secret: every send through that
   * connector would fail, and a PATCH with the mask could not keep the secret. A wrong {@code
   * AUTHMAIL_SECRET_KEY} is an operator's mistake with one fix, so it stops the start.
   */
  private void checkSecretKey() {
    for (Row row : store.all()) {
      ConnectorFactory factory;
      try {
        factory = builder.factory(row.factoryId());
      } catch (RuntimeException e) {
        continue; // a factory that is gone: reload() makes it an Unusable connector
      }
      try {
        openConfig(factory, row);
      } catch (SecretBox.CannotOpen e) {
        throw new StartupException(
            box.source()
                + " does not open the stored secrets of connector "
                + row.id()
                + " of tenant "
                + row.tenant()
                + ": set "
                + SecretBox.ENV
                + " to the key they were saved with",
            e);
      }
    }
  }

  private void refreshQuietly() {
    try {
      reload();
    } catch (RuntimeException e) {
      LOG.warn("re-reading the stored connectors failed: {}", e.toString());
    }
  }

  private static boolean sameInstance(Row a, Row b) {
    return a.factoryId().equals(b.factoryId())
        && a.configJson().equals(b.configJson())
        && a.tenant().equals(b.tenant());
  }

  private Live instantiate(Row row) {
    try {
      ConnectorFactory factory = builder.factory(row.factoryId());
      EmailConnector connector = builder.build(row.tenant(), factory, openConfig(factory, row));
      return new Live(row, connector);
    } catch (RuntimeException e) {
      String reason =
          e instanceof ConnectorException ce ? ce.getMessage() : e.getClass().getSimpleName();
      LOG.warn(
          "stored connector {} of tenant {} cannot be created: {}", row.id(), row.tenant(), reason);
      return new Live(row, new Unusable(row.id(), reason));
    }
  }

  /** Stands in for a stored connector that cannot be created: every send fails over. */
  private record Unusable(String id, String reason) implements EmailConnector {
    @Override
    public SendResult send(EmailRequest request) {
      throw new ConnectorException(
          ErrorCode.INVALID_CONFIG, "stored connector " + id + " cannot be created: " + reason);
    }
  }

  private void closeLater(Live l) {
    if (closeGrace.isZero() || closed) {
      closeQuietly(l);
    } else {
      closing.add(l);
      scheduler.schedule(
          () -> {
            if (closing.remove(l)) {
              closeQuietly(l);
            }
          },
          closeGrace.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private static void closeQuietly(Live l) {
    try {
      l.connector().close();
    } catch (RuntimeException e) {
      LOG.warn(
          "stored connector {} failed to close: {}", l.row().id(), e.getClass().getSimpleName());
    }
  }

  // ---- CRUD ---------------------------------------------------------------------------------

  /** The tenant's stored connectors in chain order. */
  public List<View> list(String tenant) {
    return store.list(tenant).stream().map(this::view).toList();
  }

  public Optional<View> get(String tenant, String id) {
    return store.find(tenant, id).map(this::view);
  }

  /**
   * Validates and stores a connector.
   *
   * @param factoryName a factory id or alias (stored as the id)
   * @param position where in the chain; {@code null} appends
   * @throws ConnectorException INVALID_CONFIG listing every problem under {@code config.} (or at
   *     {@code factoryId})
   */
  public View create(
      String tenant,
      String factoryName,
      Map<String, Object> config,
      Integer position,
      boolean enabled) {
    ConnectorFactory factory = builder.factory(factoryName);
    Map<String, Object> raw = config == null ? Map.of() : config;
    rejectMasks(factory, raw);
    validate(tenant, factory, raw);
    Instant now = clock.instant();
    Row row =
        new Row(newId(), tenant, factory.id(), sealedJson(factory, raw), 0, enabled, now, now);
    Row saved = store.insert(row, position);
    reload();
    return view(saved);
  }

  /**
   * Applies a PATCH: a new configuration (validated; masks keep the stored secrets while no
   * destination key changes), enabled flag, and position. Empty when there is no such connector.
   *
   * @throws ConnectorException INVALID_CONFIG listing every problem under {@code config.}, among
   *     them each secret sent as the mask with a changed destination; nothing is stored then
   */
  public Optional<View> update(String tenant, String id, Patch patch) {
    Optional<Row> found = store.find(tenant, id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Row row = found.get();
    String configJson = row.configJson();
    if (patch.config() != null) {
      ConnectorFactory factory = builder.factory(row.factoryId());
      Map<String, Object> raw = unmask(factory, patch.config(), openConfig(factory, row));
      validate(tenant, factory, raw);
      configJson = sealedJson(factory, raw);
    }
    boolean enabled = patch.enabled() == null ? row.enabled() : patch.enabled();
    Row changed =
        new Row(
            row.id(),
            tenant,
            row.factoryId(),
            configJson,
            row.position(),
            enabled,
            row.createdAt(),
            clock.instant());
    Optional<Row> saved = store.update(changed, patch.position());
    reload();
    return saved.map(this::view);
  }

  /** Deletes the connector; its instance is closed after the grace period. */
  public boolean delete(String tenant, String id) {
    boolean deleted = store.delete(tenant, id, clock.instant());
    if (deleted) {
      reload();
    }
    return deleted;
  }

  /**
   * Puts the chain in the order of {@code ids} (each of the tenant's connectors exactly once).
   *
   * @throws IllegalArgumentException naming unknown or missing ids
   */
  public List<View> reorder(String tenant, List<String> ids) {
    List<Row> rows = store.reorder(tenant, ids, clock.instant());
    reload();
    return rows.stream().map(this::view).toList();
  }

  /**
   * The configuration a test send uses: {@code config} as given, except that masks take the secrets
   * of the stored connector {@code connectorId} (when given and of the same factory), with the same
   * rule as a PATCH: not when a destination key differs from the stored connector's.
   */
  Map<String, Object> forTest(
      String tenant, ConnectorFactory factory, Map<String, Object> config, String connectorId) {
    if (connectorId == null) {
      rejectMasks(factory, config);
      return config;
    }
    Row row =
        store
            .find(tenant, connectorId)
            .orElseThrow(
                () ->
                    ConnectorException.invalidConfig(
                        "connectorId", "no stored connector has the id \"" + connectorId + "\""));
    if (!row.factoryId().equals(factory.id())) {
      throw ConnectorException.invalidConfig(
          "connectorId",
          "the stored connector uses factory " + row.factoryId() + ", not " + factory.id());
    }
    return unmask(factory, config, openConfig(factory, row));
  }

  ConnectorBuilder builder() {
    return builder;
  }

  private void validate(String tenant, ConnectorFactory factory, Map<String, Object> raw) {
    try (EmailConnector ignored = builder.build(tenant, factory, raw)) {
      // created only to run the connector's own checks
    }
  }

  private static void rejectMasks(ConnectorFactory factory, Map<String, Object> raw) {
    List<ConfigProblem> problems = new ArrayList<>();
    ConfigSecrets.unmask(factory.configSpec(), raw, Map.of(), problems);
    if (!problems.isEmpty()) {
      throw ConnectorException.invalidConfig(
          problems.stream().map(p -> p.under(ConnectorBuilder.CONFIG)).toList());
    }
  }

  private static Map<String, Object> unmask(
      ConnectorFactory factory, Map<String, Object> raw, Map<String, Object> stored) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, Object> out = ConfigSecrets.unmask(factory.configSpec(), raw, stored, problems);
    if (!problems.isEmpty()) {
      throw ConnectorException.invalidConfig(
          problems.stream().map(p -> p.under(ConnectorBuilder.CONFIG)).toList());
    }
    return out;
  }

  private String sealedJson(ConnectorFactory factory, Map<String, Object> raw) {
    try {
      return JSON.writeValueAsString(ConfigSecrets.seal(factory.configSpec(), raw, box));
    } catch (JsonProcessingException e) {
      throw ConnectorException.invalidConfig(ConnectorBuilder.CONFIG, "is not JSON-shaped");
    }
  }

  private Map<String, Object> openConfig(ConnectorFactory factory, Row row) {
    return ConfigSecrets.open(factory.configSpec(), parse(row), box);
  }

  private static Map<String, Object> parse(Row row) {
    try {
      return JSON.readValue(row.configJson(), MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the stored configuration of connector " + row.id() + " is not JSON");
    }
  }

  private View view(Row row) {
    Map<String, Object> stored = parse(row);
    Map<String, Object> shown =
        builder
            .registry()
            .find(row.factoryId())
            .map(f -> f.configSpec().mask(stored))
            .orElseGet(() -> maskSealed(stored));
    return new View(
        row.id(),
        row.tenant(),
        row.factoryId(),
        shown,
        row.position(),
        row.enabled(),
        row.createdAt(),
        row.updatedAt());
  }

  /** Without the factory (its jar is gone) the spec is unknown: mask whatever is sealed. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> maskSealed(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) ->
            out.put(
                k,
                SecretBox.isSealed(v)
                    ? ConfigSpec.MASK
                    : v instanceof Map<?, ?> m ? maskSealed((Map<String, Object>) m) : v));
    return out;
  }

  private static String newId() {
    char[] id = new char[12];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }

  /** Closes every instance now and stops re-reading. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
    live.values().forEach(StoredConnectors::closeQuietly);
    closing.forEach(StoredConnectors::closeQuietly);
    closing.clear();
    live.clear();
    chains = Map.of();
  }
}
