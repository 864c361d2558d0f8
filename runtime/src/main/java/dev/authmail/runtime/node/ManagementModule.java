package dev.authmail.runtime.node;

import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.hosted.HostedMails;
import dev.authmail.runtime.hosted.ServiceMailRoutes;
import dev.authmail.runtime.inbox.CaptureInbox;
import dev.authmail.runtime.inbox.InboxRoutes;
import dev.authmail.runtime.outbox.ConnectorChains;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.registry.FactoryRoutes;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.stored.ConnectorBuilder;
import dev.authmail.runtime.stored.ConnectorRoutes;
import dev.authmail.runtime.stored.ConnectorStore;
import dev.authmail.runtime.stored.ConnectorTests;
import dev.authmail.runtime.stored.SecretBox;
import dev.authmail.runtime.stored.StoredConnectors;
import dev.authmail.runtime.templates.EmailTemplates;
import dev.authmail.runtime.templates.TemplateRoutes;
import dev.authmail.runtime.templates.TemplateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The management API as a part of {@code authmail serve}: connector factories, stored connectors
 * with sealed secrets and their test send, stored email templates, the built-in service's hosted
 * contract ({@code /api/services/mails}) and the capture inbox. One of {@link ServiceNode#MODULES}.
 *
 * <p>The outbox's chains, by tenant: a service tenant ({@code <tenant>:mails}) → the built-in
 * service branded per message; a tenant with enabled stored connectors → those, in position order;
 * otherwise → the configuration file's chain, which is the runtime's own instances ({@code
 * ConnectorInstances}). The module gives its template store to those instances ({@link
 * dev.authmail.runtime.context.ConnectorInstances#useTemplates}), so every connector of a tenant,
 * from the file or stored, test sends included, looks the tenant's stored templates up.
 *
 * <p>Thread-safe once created.
 */
public final class ManagementModule implements ServeModule {
  /** How often stored connectors are re-read for changes made by other nodes. */
  public static final Duration REFRESH = Duration.ofSeconds(5);

  /** How long a replaced connector instance stays open for sends in flight. */
  public static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

  /** How long stored templates are cached at most (changes by other nodes show up after it). */
  public static final Duration TEMPLATE_CACHE = Duration.ofSeconds(5);

  /**
   * The module as {@code serve} runs it (one of {@link ServiceNode#MODULES}): the secret key from
   * the environment or the data directory, stored connectors re-read every {@link #REFRESH}.
   */
  public static ManagementModule create(Environment environment) {
    return create(
        environment,
        SecretBox.fromEnvironment(environment.env(), environment.dataDir()),
        REFRESH,
        CLOSE_GRACE);
  }

  private final Environment environment;
  private final EmailTemplates templates;
  private final ConnectorBuilder builder;
  private final StoredConnectors connectors;
  private final HostedMails hosted;
  private final ConnectorTests tests;
  private volatile ConnectorChains configChains;

  private ManagementModule(
      Environment environment, SecretBox box, Duration refresh, Duration closeGrace) {
    this.environment = environment;
    Database db = environment.database();
    Clock clock = environment.clock();
    this.templates = new EmailTemplates(new TemplateStore(db), clock, TEMPLATE_CACHE);
    environment.instances().useTemplates(templates::forTenant);
    this.builder = new ConnectorBuilder(environment.registry(), environment.instances()::context);
    // until serve hands over its chains (chains(fromConfig)), the runtime's own instances
    this.configChains =
        tenant ->
            environment.instances().chain(tenant).stream()
                .map(i -> new NamedConnector(i.name(), i.connector()))
                .toList();
    this.connectors =
        new StoredConnectors(
            new ConnectorStore(db),
            builder,
            box,
            t -> configChains.chain(t),
            clock,
            refresh,
            closeGrace);
    this.hosted = new HostedMails(builder, db, environment.config().outbox().ttl());
    this.tests = new ConnectorTests(connectors);
  }

  /**
   * The module over a serve environment.
   *
   * @param refresh how often to re-read stored connectors (zero: never; one node)
   * @param closeGrace how long replaced instances stay open (zero: closed at once)
   */
  public static ManagementModule create(
      Environment environment, SecretBox box, Duration refresh, Duration closeGrace) {
    return new ManagementModule(
        Objects.requireNonNull(environment, "environment is null"),
        Objects.requireNonNull(box, "box is null"),
        refresh,
        closeGrace);
  }

  @Override
  public ConnectorChains chains(ConnectorChains fromConfig) {
    configChains = Objects.requireNonNull(fromConfig, "fromConfig is null");
    return this::chain;
  }

  private List<NamedConnector> chain(String tenant) {
    return HostedMails.isServiceTenant(tenant) ? hosted.chain(tenant) : connectors.chain(tenant);
  }

  @Override
  public List<RouteGroup> routes(Outbox outbox) {
    return List.of(
        new FactoryRoutes(environment.registry()),
        new ConnectorRoutes(connectors, tests),
        new TemplateRoutes(templates),
        new ServiceMailRoutes(hosted, outbox, environment.metrics()),
        new InboxRoutes(environment.inbox()));
  }

  /** The tenants that send through stored connectors. */
  @Override
  public Collection<String> tenants() {
    TreeSet<String> tenants = new TreeSet<>();
    connectors.tenants().forEach(tenants::add);
    return tenants;
  }

  /** The tenant's hosted-service messages are kept under its service tenant. */
  @Override
  public List<String> messageTenants(String tenant) {
    return List.of(HostedMails.serviceTenant(tenant));
  }

  public StoredConnectors connectors() {
    return connectors;
  }

  public EmailTemplates templates() {
    return templates;
  }

  public HostedMails hostedMails() {
    return hosted;
  }

  public ConnectorTests connectorTests() {
    return tests;
  }

  public CaptureInbox inbox() {
    return environment.inbox();
  }

  @Override
  public void close() {
    connectors.close();
  }
}
