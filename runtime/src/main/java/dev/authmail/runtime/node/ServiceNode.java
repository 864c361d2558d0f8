package dev.authmail.runtime.node;

import dev.authmail.runtime.api.ApiKeyRoutes;
import dev.authmail.runtime.api.ApiKeys;
import dev.authmail.runtime.api.ApiServer;
import dev.authmail.runtime.api.HealthRoutes;
import dev.authmail.runtime.api.MessageRoutes;
import dev.authmail.runtime.api.MetricsRoutes;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.auth.IssuerTokens;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.console.ConsoleModule;
import dev.authmail.runtime.context.ConnectorInstances;
import dev.authmail.runtime.domain.DomainModule;
import dev.authmail.runtime.inbox.CaptureInbox;
import dev.authmail.runtime.metrics.OutboxMetrics;
import dev.authmail.runtime.outbox.AcceptGate;
import dev.authmail.runtime.outbox.ConnectorChains;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.outbox.OutboxConfig;
import dev.authmail.runtime.outbox.OutboxListener;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.suppression.SuppressionModule;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running authmail node, and the one place that wires it: what {@code authmail serve} runs, and
 * what the API tests start. Its parts are constructed here, not discovered ({@code ServiceLoader}
 * is for connectors and plugins only), in this order:
 *
 * <ol>
 *   <li>storage ({@link Database}) and the capture inbox;
 *   <li>the connectors of the configuration file ({@link ConnectorInstances}, over the {@link
 *       ConnectorRegistry} the caller loaded);
 *   <li>metrics ({@link OutboxMetrics});
 *   <li>the {@link #MODULES}: management (stored connectors, stored templates, the hosted service,
 *       the inbox routes), console, domain doctor, suppression; each may put chains in front of the
 *       file's and a gate before the outbox;
 *   <li>the outbox and its workers ({@link Outbox});
 *   <li>API keys and the HTTP API ({@link ApiServer}) with the core routes (messages, keys, health,
 *       metrics) and the modules' routes.
 * </ol>
 *
 * <p>{@link #close()} shuts down gracefully: stop accepting requests (in-flight ones finish), stop
 * claiming and drain the sends in flight, give unsent messages back (leases released), then close
 * connectors and storage. Thread-safe.
 */
public final class ServiceNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceNode.class);

  /**
   * The modules a node serves, in the order their chains, gates and routes apply. Tests choose
   * their own with {@link Builder#modules}.
   */
  public static final List<ServeModule.Factory> MODULES =
      List.of(
          ManagementModule::create,
          ConsoleModule::create,
          DomainModule::create,
          SuppressionModule::create);

  private final Database database;
  private final ConnectorInstances instances;
  private final List<ServeModule> modules;
  private final OutboxMetrics metrics;
  private final Outbox outbox;
  private final ApiKeys keys;
  private final ApiServer server;
  private final String generatedAdminKey;
  private final ConnectorChains chains;
  private boolean closed;

  private ServiceNode(Builder b) {
    AuthmailConfig config = b.config;
    String url = b.storageUrl != null ? b.storageUrl : storageUrl(config, b.dataDir);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      database = Database.open(url, config.storage().durability());
      opened.add(database);
      CaptureInbox inbox =
          b.inbox != null
              ? b.inbox
              : CaptureInbox.forStorage(
                  database, b.dataDir, config.platform().fromAddress(), b.clock);
      instances = ConnectorInstances.start(config, b.registry, inbox, b.clock);
      opened.add(instances);

      metrics = new OutboxMetrics();
      opened.add(metrics);
      ServeModule.Environment environment =
          new ServeModule.Environment(
              database, config, b.registry, instances, inbox, metrics, b.dataDir, b.env, b.clock);
      modules = new ArrayList<>();
      for (ServeModule.Factory factory : b.moduleFactories()) {
        ServeModule module = factory.create(environment);
        modules.add(module);
        opened.add(module);
      }
      ConnectorChains fromConfig = tenant -> configChain(instances, tenant);
      ConnectorChains combined = fromConfig;
      for (ServeModule module : modules) {
        combined = module.chains(combined);
      }
      chains = combined;

      OutboxConfig outboxConfig =
          b.outboxConfig != null
              ? b.outboxConfig
              : config.outbox().applyTo(OutboxConfig.defaults());
      AcceptGate gate = AcceptGate.OPEN;
      for (ServeModule module : modules) {
        gate = gate.then(module.acceptGate());
      }
      List<OutboxListener> listeners = new ArrayList<>(List.of(metrics));
      modules.forEach(m -> listeners.add(m.outboxListener()));
      outbox =
          Outbox.create(
              database, chains, outboxConfig, b.clock, OutboxListener.all(listeners), gate);
      opened.add(outbox);
      metrics.bindQueueDepth(outbox);
      outbox.start();

      keys = new ApiKeys(database, b.clock, b.keyCacheTtl);
      String envAdminKey = b.env.get(ApiKeys.ENV_ADMIN_KEY);
      ApiKeys.checkEnvAdminKey(envAdminKey);

      List<RouteGroup> groups = new ArrayList<>();
      groups.add(new MessageRoutes(outbox, config.outbox().ttl(), metrics, this::messageTenants));
      groups.add(new ApiKeyRoutes(keys));
      groups.add(new HealthRoutes(database, outbox, chains, () -> tenants(config)));
      groups.add(new MetricsRoutes(metrics));
      for (ServeModule module : modules) {
        groups.addAll(module.routes(outbox));
      }
      ApiServer.Builder server =
          ApiServer.builder()
              .host(b.host)
              .port(b.port)
              .authenticator(IssuerTokens.before(keys, config.auth().issuers(), b.clock))
              .routes(groups);
      b.serverCustomizers.forEach(c -> c.accept(server));
      this.server = server.build().start();
      opened.add(this.server);
      // Only now: a key generated before a failed start (a port in use) would be stored but never
      // printed, and the next start would find an admin key that nobody has.
      generatedAdminKey = keys.ensureAdminKey(envAdminKey).orElse(null);
    } catch (RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        closeQuietly(opened.get(i));
      }
      throw e;
    }
  }

  public static Builder builder(AuthmailConfig config, ConnectorRegistry registry) {
    return new Builder(config, registry);
  }

  /**
   * The JDBC URL a node opens: {@code storage.url}, where the default (SQLite under {@code ./data})
   * means {@code authmail.db} in {@code dataDir}.
   */
  public static String storageUrl(AuthmailConfig config, Path dataDir) {
    return config.storage().url().equals(AuthmailConfig.DEFAULT_STORAGE_URL)
        ? "jdbc:sqlite:" + dataDir.toAbsolutePath().resolve("authmail.db")
        : config.storage().url();
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  /**
   * The admin key generated on this start (first start without {@code AUTHMAIL_ADMIN_KEY}), to
   * print once.
   */
  public Optional<String> generatedAdminKey() {
    return Optional.ofNullable(generatedAdminKey);
  }

  public ApiServer server() {
    return server;
  }

  public Outbox outbox() {
    return outbox;
  }

  public ApiKeys keys() {
    return keys;
  }

  public Database database() {
    return database;
  }

  public OutboxMetrics metrics() {
    return metrics;
  }

  public ConnectorChains chains() {
    return chains;
  }

  private Collection<String> tenants(AuthmailConfig config) {
    Set<String> all = new LinkedHashSet<>(config.tenants().keySet());
    modules.forEach(m -> all.addAll(m.tenants()));
    return all;
  }

  /** The tenant, then the tenants under which modules keep messages for it. */
  private List<String> messageTenants(String tenant) {
    List<String> all = new ArrayList<>(List.of(tenant));
    modules.forEach(m -> all.addAll(m.messageTenants(tenant)));
    return all;
  }

  private static List<NamedConnector> configChain(ConnectorInstances instances, String tenant) {
    if (instances.config().tenant(tenant).isEmpty()) {
      return List.of();
    }
    return instances.chain(tenant).stream()
        .map(i -> new NamedConnector(i.name(), i.connector()))
        .toList();
  }

  /** Graceful shutdown, see the class comment. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("shutting down: no new requests, draining the sends in flight");
    closeQuietly(server);
    closeQuietly(outbox);
    for (int i = modules.size() - 1; i >= 0; i--) {
      closeQuietly(modules.get(i));
    }
    closeQuietly(instances);
    closeQuietly(metrics);
    closeQuietly(database);
    LOG.info("shut down");
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
    }
  }

  /** Settings of a node; not thread-safe. */
  public static final class Builder {
    private final AuthmailConfig config;
    private final ConnectorRegistry registry;
    private Path dataDir = Path.of("data");
    private String storageUrl;
    private String host = "127.0.0.1";
    private int port = 0;
    private Map<String, String> env = Map.of();
    private Clock clock = Clock.systemUTC();
    private OutboxConfig outboxConfig;
    private Duration keyCacheTtl = Duration.ofSeconds(5);
    private CaptureInbox inbox;
    private List<ServeModule.Factory> modules;
    private final List<Consumer<ApiServer.Builder>> serverCustomizers = new ArrayList<>();

    private Builder(AuthmailConfig config, ConnectorRegistry registry) {
      this.config = Objects.requireNonNull(config, "config is null");
      this.registry = Objects.requireNonNull(registry, "registry is null");
    }

    /**
     * The data directory: the SQLite database (unless the configuration names one) and the capture
     * inbox.
     */
    public Builder dataDir(Path value) {
      dataDir = Objects.requireNonNull(value, "dataDir is null");
      return this;
    }

    /** A JDBC URL that overrides the configuration's {@code storage.url}. */
    public Builder storageUrl(String value) {
      storageUrl = value;
      return this;
    }

    public Builder host(String value) {
      host = Objects.requireNonNull(value, "host is null");
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    /** The process environment ({@code AUTHMAIL_ADMIN_KEY}, and what modules read). */
    public Builder env(Map<String, String> value) {
      env = Map.copyOf(value);
      return this;
    }

    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock is null");
      return this;
    }

    /**
     * The outbox's settings; default: the configuration's {@code outbox} block over {@link
     * OutboxConfig#defaults()}.
     */
    public Builder outboxConfig(OutboxConfig value) {
      outboxConfig = Objects.requireNonNull(value, "outboxConfig is null");
      return this;
    }

    public Builder keyCacheTtl(Duration value) {
      keyCacheTtl = Objects.requireNonNull(value, "keyCacheTtl is null");
      return this;
    }

    /**
     * The capture inbox; default {@link CaptureInbox#forStorage}: files under {@code <data>/inbox}
     * on SQLite, the database on PostgreSQL.
     */
    public Builder inbox(CaptureInbox value) {
      inbox = value;
      return this;
    }

    /** The modules to assemble; default: {@link #MODULES}. */
    public Builder modules(List<ServeModule.Factory> value) {
      modules = List.copyOf(value);
      return this;
    }

    /** Adjusts the HTTP server (request size limit, static files for the console). */
    public Builder server(Consumer<ApiServer.Builder> customizer) {
      serverCustomizers.add(customizer);
      return this;
    }

    List<ServeModule.Factory> moduleFactories() {
      return modules != null ? modules : MODULES;
    }

    /** Opens storage, starts the workers and the HTTP server. */
    public ServiceNode start() {
      return new ServiceNode(this);
    }
  }
}
