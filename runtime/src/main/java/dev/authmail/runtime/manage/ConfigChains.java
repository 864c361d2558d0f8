package dev.authmail.runtime.manage;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.AuthmailConfig.ConnectorDefinition;
import dev.authmail.runtime.outbox.ConnectorChains;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration file's chains, made again with each tenant's {@link TenantContext} so that
 * connectors defined in the file (SMTP, SES, SendGrid with templates) look the tenant's stored
 * email templates up too. The runtime's own instances were made before the stored templates
 * existed; when a connector of the file cannot be made again here, the runtime's chain for that
 * tenant ({@code original}) is used unchanged.
 *
 * <p>Thread-safe; {@link #close()} closes the instances made here.
 */
final class ConfigChains implements ConnectorChains, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigChains.class);

  private final ConnectorChains original;
  private final Map<String, List<NamedConnector>> chains;

  ConfigChains(AuthmailConfig config, ConnectorRegistry registry, Function<String, ConnectorContext> contexts,
      ConnectorChains original) {
    this.original = Objects.requireNonNull(original, "original is null");
    Map<String, List<NamedConnector>> made = new LinkedHashMap<>();
    for (AuthmailConfig.Tenant tenant : config.tenants().values()) {
      List<NamedConnector> chain = new ArrayList<>();
      for (String name : tenant.email()) {
        Optional<NamedConnector> connector = make(config, registry, contexts.apply(tenant.name()), name);
        if (connector.isEmpty()) {
          chain.forEach(ConfigChains::closeQuietly);
          chain = null;
          break;
        }
        chain.add(connector.get());
      }
      if (chain != null) {
        made.put(tenant.name(), List.copyOf(chain));
      }
    }
    this.chains = Map.copyOf(made);
  }

  private static Optional<NamedConnector> make(AuthmailConfig config, ConnectorRegistry registry,
      ConnectorContext context, String name) {
    try {
      ConnectorDefinition definition = config.connector(name).orElseThrow();
      EmailConnector connector = registry.get(definition.factoryId()).create(definition.config(), context);
      return Optional.of(new NamedConnector(name, connector));
    } catch (RuntimeException e) {
      LOG.warn("connector {} of tenant {} is used without stored templates: {}", name, context.tenant(),
          e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  @Override
  public List<NamedConnector> chain(String tenant) {
    List<NamedConnector> chain = chains.get(tenant);
    return chain != null ? chain : original.chain(tenant);
  }

  private static void closeQuietly(NamedConnector connector) {
    try {
      connector.connector().close();
    } catch (RuntimeException e) {
      LOG.warn("connector {} failed to close: {}", connector.name(), e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    chains.values().forEach(chain -> chain.forEach(ConfigChains::closeQuietly));
  }
}
