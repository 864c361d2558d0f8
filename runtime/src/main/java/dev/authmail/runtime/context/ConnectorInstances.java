package dev.authmail.runtime.context;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.template.StoredTemplates;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.AuthmailConfig.ConnectorDefinition;
import dev.authmail.runtime.config.AuthmailConfig.Tenant;
import dev.authmail.runtime.config.ConfigException;
import dev.authmail.runtime.config.Secrets;
import dev.authmail.runtime.inbox.CaptureInbox;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.registry.RegistryException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live connectors of a configuration: one instance per tenant and connector name in the
 * tenant's chain (made with that tenant's {@link RuntimeContext}), and the platform transport.
 * These are the instances the outbox sends through; nothing else makes the configuration file's
 * connectors again. Their contexts show the tenant's stored templates once a {@link
 * TenantTemplates} source is given ({@link #useTemplates}): lookups go through it at send time, so
 * the instances made at start-up see templates stored later.
 *
 * <p>Making them runs each factory's {@code create()}, which does no network I/O but makes the
 * semantic checks the config spec cannot (an invalid sender address, options that exclude each
 * other); those problems are prefixed {@code connectors.<name>.config.} like the spec's. Whether
 * {@code platform.transport} can deliver rendered email is decided here too, on the created
 * instance ({@code instanceof EmailTransport}): that is the capability itself, where a metadata
 * flag could disagree with the code.
 *
 * <p>Thread-safe. {@link #close()} closes every instance once.
 */
public final class ConnectorInstances implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorInstances.class);

  /** The tenant the platform transport's context names: it serves the operator, not a tenant. */
  public static final String PLATFORM_TENANT = "platform";

  /** A created connector and where it came from. */
  public record Instance(String name, String factoryId, String tenant, EmailConnector connector) {
    public Instance {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(factoryId, "factoryId is null");
      Objects.requireNonNull(connector, "connector is null");
    }

    @Override
    public String toString() {
      return name + " (" + factoryId + ")";
    }
  }

  private final AuthmailConfig config;
  private final ConnectorRegistry registry;
  private final Clock clock;
  private final CaptureInbox inbox;
  private final Instance platformInstance;
  private final EmailTransport platformTransport;
  private final Map<String, Map<String, Instance>> byTenant = new LinkedHashMap<>();
  private final Set<ConfigProblem> problems = new LinkedHashSet<>();
  private volatile TenantTemplates templates = TenantTemplates.NONE;
  private boolean closed;

  private ConnectorInstances(
      AuthmailConfig config, ConnectorRegistry registry, CaptureInbox inbox, Clock clock) {
    this.config = Objects.requireNonNull(config, "config is null");
    this.registry = Objects.requireNonNull(registry, "registry is null");
    this.inbox = Objects.requireNonNull(inbox, "inbox is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");

    Instance transport =
        config
            .platform()
            .transportName()
            .flatMap(config::connector)
            .flatMap(definition -> create(definition, PLATFORM_TENANT, null))
            .orElse(null);
    if (transport != null && !(transport.connector() instanceof EmailTransport)) {
      problems.add(
          new ConfigProblem(
              "platform.transport",
              "the connector \""
                  + transport.name()
                  + "\" (factory "
                  + transport.factoryId()
                  + ") cannot deliver already-rendered email (its connector does not implement"
                  + " EmailTransport); name an SMTP, SES or SendGrid connector, or remove"
                  + " platform.transport to use the capture inbox"));
      closeQuietly(transport);
      transport = null;
    }
    if (transport != null) {
      problems.addAll(dev.authmail.runtime.domain.PlatformSigning.check(config));
    }
    this.platformInstance = transport;
    this.platformTransport = transport != null ? (EmailTransport) transport.connector() : inbox;

    Set<String> created = new LinkedHashSet<>();
    if (transport != null) {
      created.add(transport.name());
    }
    for (Tenant tenant : config.tenants().values()) {
      Map<String, Instance> instances = new LinkedHashMap<>();
      for (String name : tenant.email()) {
        config
            .connector(name)
            .flatMap(d -> create(d, tenant.name(), platformTransport))
            .ifPresent(
                instance -> {
                  instances.put(name, instance);
                  created.add(name);
                });
      }
      byTenant.put(tenant.name(), instances);
    }
    // Connectors no chain uses yet are still checked, then let go.
    for (ConnectorDefinition definition : config.connectors().values()) {
      if (!created.contains(definition.name())) {
        create(definition, AuthmailConfig.DEFAULT_TENANT, platformTransport)
            .ifPresent(this::closeQuietly);
      }
    }
  }

  /**
   * Creates every connector of a valid configuration.
   *
   * @throws ConfigException listing every {@code create()}-time problem (the instances made so far
   *     are closed)
   */
  public static ConnectorInstances start(
      AuthmailConfig config, ConnectorRegistry registry, CaptureInbox inbox, Clock clock) {
    ConnectorInstances instances = new ConnectorInstances(config, registry, inbox, clock);
    if (!instances.problems.isEmpty()) {
      List<ConfigProblem> found = List.copyOf(instances.problems);
      instances.close();
      throw new ConfigException(config.source(), found);
    }
    return instances;
  }

  /**
   * The {@code create()}-time problems of a configuration, which may be partial (the valid parts of
   * a file with other problems). Every instance made is closed again.
   */
  public static List<ConfigProblem> check(
      AuthmailConfig config, ConnectorRegistry registry, CaptureInbox inbox) {
    try (ConnectorInstances instances =
        new ConnectorInstances(config, registry, inbox, Clock.systemUTC())) {
      return List.copyOf(instances.problems);
    }
  }

  public AuthmailConfig config() {
    return config;
  }

  /**
   * Where every context (those of the instances already made too) finds each tenant's stored
   * templates from now on; {@link TenantTemplates#NONE} until this is called. {@code serve}'s
   * management module gives its template store here.
   */
  public void useTemplates(TenantTemplates source) {
    templates = Objects.requireNonNull(source, "source is null");
  }

  /**
   * The context of a tenant's connectors made outside this class: those stored through the API,
   * which keep the strict network policy ({@code network.allowPrivateAddresses}, {@code
   * network.allow}).
   */
  public RuntimeContext context(String tenant) {
    return context(tenant, platformTransport, config.network().tenantPolicy());
  }

  /**
   * The context of a connector of the configuration file: the operator's, so any address is
   * trusted.
   */
  private RuntimeContext context(String tenant, EmailTransport transport) {
    return context(tenant, transport, NetworkPolicy.trusted());
  }

  private RuntimeContext context(String tenant, EmailTransport transport, NetworkPolicy network) {
    StoredTemplates stored =
        (type, languageTag) -> templates.forTenant(tenant).find(type, languageTag);
    return new RuntimeContext(
        tenant, network, config.platform().fromAddress(), transport, stored, clock);
  }

  /** Where the built-in service delivers: the {@code platform.transport} connector or the inbox. */
  public EmailTransport platformTransport() {
    return platformTransport;
  }

  /** The {@code platform.transport} connector; empty when the capture inbox is the transport. */
  public Optional<Instance> platformInstance() {
    return Optional.ofNullable(platformInstance);
  }

  public CaptureInbox inbox() {
    return inbox;
  }

  /** The tenant's chain, primary first. */
  public synchronized List<Instance> chain(String tenant) {
    Tenant t = requireTenant(tenant);
    List<Instance> out = new ArrayList<>();
    for (String name : t.email()) {
      out.add(connector(tenant, name));
    }
    return out;
  }

  /**
   * The tenant's instance of the connector {@code name}, created on first use when it is not in the
   * tenant's chain.
   *
   * @throws IllegalArgumentException naming the defined tenants or connectors when either is
   *     unknown
   * @throws ConfigException when the connector cannot be created
   */
  public synchronized Instance connector(String tenant, String name) {
    if (closed) {
      throw new IllegalStateException("the connectors are closed");
    }
    requireTenant(tenant);
    Map<String, Instance> instances = byTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
    Instance instance = instances.get(name);
    if (instance != null) {
      return instance;
    }
    ConnectorDefinition definition =
        config
            .connector(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no connector is named \""
                            + name
                            + "\"; defined: "
                            + String.join(", ", config.connectors().keySet())));
    Set<ConfigProblem> before = new LinkedHashSet<>(problems);
    instance = create(definition, tenant, platformTransport).orElse(null);
    if (instance == null) {
      List<ConfigProblem> found = problems.stream().filter(p -> !before.contains(p)).toList();
      throw new ConfigException(config.source(), found.isEmpty() ? List.copyOf(problems) : found);
    }
    instances.put(name, instance);
    return instance;
  }

  private Tenant requireTenant(String tenant) {
    return config
        .tenant(tenant)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no tenant is named \""
                        + tenant
                        + "\"; defined: "
                        + String.join(", ", config.tenants().keySet())));
  }

  private Optional<Instance> create(
      ConnectorDefinition definition, String tenant, EmailTransport transport) {
    String path = "connectors." + definition.name();
    ConnectorFactory factory;
    try {
      factory = registry.get(definition.factoryId());
    } catch (RegistryException e) {
      problems.add(new ConfigProblem(path + ".factory", e.getMessage()));
      return Optional.empty();
    }
    try {
      EmailConnector connector =
          RedactingConnector.wrap(
              Objects.requireNonNull(
                  factory.create(definition.config(), context(tenant, transport)),
                  "create() returned null"),
              Secrets.in(factory.configSpec(), definition.config().asMap()));
      return Optional.of(new Instance(definition.name(), factory.id(), tenant, connector));
    } catch (ConnectorException e) {
      if (e.code() == ErrorCode.INVALID_CONFIG && !e.problems().isEmpty()) {
        e.problems().forEach(p -> problems.add(redacted(p.under(path + ".config"))));
      } else if (e.code() == ErrorCode.INVALID_CONFIG) {
        problems.add(redacted(new ConfigProblem(path + ".config", String.valueOf(e.getMessage()))));
      } else {
        problems.add(
            redacted(
                new ConfigProblem(path, "cannot be created: " + e.code() + ": " + e.getMessage())));
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.debug(
          "connector {} ({}) failed in create()",
          definition.name(),
          factory.getClass().getName(),
          e);
      problems.add(
          redacted(
              new ConfigProblem(
                  path,
                  "cannot be created: "
                      + factory.getClass().getName()
                      + " failed with "
                      + e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : ": " + e.getMessage()))));
    }
    return Optional.empty();
  }

  private ConfigProblem redacted(ConfigProblem problem) {
    return new ConfigProblem(problem.path(), config.secrets().redact(problem.message()));
  }

  private void closeQuietly(Instance instance) {
    try {
      instance.connector().close();
    } catch (RuntimeException e) {
      LOG.warn("connector {} failed to close: {}", instance, e.getClass().getSimpleName());
    }
  }

  /** Closes every instance; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    byTenant.values().forEach(instances -> instances.values().forEach(this::closeQuietly));
    byTenant.clear();
    if (platformInstance != null) {
      closeQuietly(platformInstance);
    }
  }
}
