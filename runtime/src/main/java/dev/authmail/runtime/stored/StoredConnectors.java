package dev.authmail.runtime.stored;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.runtime.StartupException;
import dev.authmail.runtime.outbox.ConnectorChains;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.stored.ConnectorStore.Row;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * <p><b>Instances</b> ({@link LiveConnectors}): each enabled stored connector has one live
 * instance, created with the tenant's runtime context ({@code ConnectorInstances.context}, with its
 * stored templates). A change (here, or on another node: the table is re-read every {@code
 * refreshInterval}) replaces the instance; the old one is closed after a grace period.
 *
 * <p><b>Secrets</b> ({@link SealedConfigs}) are sealed with the {@link SecretBox} before they are
 * stored and masked ({@value ConfigSpec#MASK}) in every view; a configuration sent back with the
 * mask keeps the stored secret, unless it changes a destination key (host, endpoint, region…:
 * {@link dev.authmail.connector.api.ConfigKey#destination()}), which is refused until every secret
 * is entered again ({@link ConfigSecrets#unmask}).
 *
 * <p>Thread-safe. {@link #chain} does no I/O.
 */
public final class StoredConnectors implements ConnectorChains, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoredConnectors.class);
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
        .map(row -> new Plain(row.id(), row.factoryId(), SealedConfigs.withoutSealed(row)))
        .toList();
  }

  /** The changes of a PATCH; {@code null} leaves a field as it is. */
  public record Patch(Map<String, Object> config, Boolean enabled, Integer position) {}

  private final ConnectorStore store;
  private final ConnectorBuilder builder;
  private final SealedConfigs configs;
  private final ConnectorChains fallback;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final LiveConnectors live;
  private volatile boolean closed;

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
    this.configs = new SealedConfigs(Objects.requireNonNull(box, "box is null"));
    this.fallback = Objects.requireNonNull(fallback, "fallback is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "authmail-stored-connectors");
              t.setDaemon(true);
              return t;
            });
    this.live =
        new LiveConnectors(
            this::instantiate, Objects.requireNonNull(closeGrace, "closeGrace is null"), scheduler);
    checkSecretKey();
    reload();
    if (!refreshInterval.isZero() && !refreshInterval.isNegative()) {
      long millis = refreshInterval.toMillis();
      scheduler.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** The tenant's stored chain when it has an enabled stored connector, else the fallback's. */
  @Override
  public List<NamedConnector> chain(String tenant) {
    List<NamedConnector> stored = live.chain(tenant);
    if (!stored.isEmpty()) {
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
    return !live.chain(tenant).isEmpty();
  }

  /** The tenants that send through stored connectors. */
  public Set<String> tenants() {
    return live.tenants();
  }

  /**
   * Re-reads the table and brings the live instances in line: new or changed connectors get a new
   * instance, removed or disabled ones are closed after the grace period.
   */
  public synchronized void reload() {
    if (closed) {
      return;
    }
    live.apply(store.all());
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
        configs.open(factory, row);
      } catch (SecretBox.CannotOpen e) {
        throw new StartupException(
            configs.box().source()
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

  /** A row's live instance; throws when it cannot be made (it becomes a failing stand-in). */
  private EmailConnector instantiate(Row row) {
    ConnectorFactory factory = builder.factory(row.factoryId());
    return builder.build(row.tenant(), factory, configs.open(factory, row));
  }

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
    SealedConfigs.rejectMasks(factory, raw);
    validate(tenant, factory, raw);
    Instant now = clock.instant();
    Row row =
        new Row(newId(), tenant, factory.id(), configs.seal(factory, raw), 0, enabled, now, now);
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
      Map<String, Object> raw =
          SealedConfigs.unmask(factory, patch.config(), configs.open(factory, row));
      validate(tenant, factory, raw);
      configJson = configs.seal(factory, raw);
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
      SealedConfigs.rejectMasks(factory, config);
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
    return SealedConfigs.unmask(factory, config, configs.open(factory, row));
  }

  ConnectorBuilder builder() {
    return builder;
  }

  private void validate(String tenant, ConnectorFactory factory, Map<String, Object> raw) {
    try (EmailConnector ignored = builder.build(tenant, factory, raw)) {
      // created only to run the connector's own checks
    }
  }

  private View view(Row row) {
    return new View(
        row.id(),
        row.tenant(),
        row.factoryId(),
        configs.masked(builder.registry().find(row.factoryId()), row),
        row.position(),
        row.enabled(),
        row.createdAt(),
        row.updatedAt());
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
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    live.close();
  }
}
