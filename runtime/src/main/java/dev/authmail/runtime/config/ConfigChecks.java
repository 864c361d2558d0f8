package dev.authmail.runtime.config;

import static dev.authmail.runtime.config.RuntimeSchema.section;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.runtime.auth.TokenIssuer;
import dev.authmail.runtime.config.AuthmailConfig.ConnectorDefinition;
import dev.authmail.runtime.config.AuthmailConfig.Tenant;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed configuration tree as a whole and builds the {@link AuthmailConfig}: resolves
 * {@code ${ENV}} references, checks the tree against {@link RuntimeSchema#ROOT}, reads the
 * runtime's own sections, checks each connector block against its factory's spec, and then the
 * checks across sections: each tenant's chain names defined connectors (or the built-in service),
 * {@code platform.transport} names a connector that can carry the built-in service's mail, and
 * {@code auth.issuers} name tenants that exist. Thread-safe (the registry is).
 */
final class ConfigChecks {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private final ConnectorRegistry registry;

  ConfigChecks(ConnectorRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry is null");
  }

  /** The configuration (best effort) and every problem of {@code tree}, in file order. */
  @SuppressWarnings("unchecked")
  ConfigLoader.Result check(Object tree, EnvReferences env, String source) {
    EnvReferences.Result resolved = env.resolve(tree);
    Map<String, Object> root = (Map<String, Object>) resolved.value();
    ProblemList problems = new ProblemList(root);
    problems.addAll(resolved.problems());
    problems.skipLater(resolved.problems());
    problems.addAll(RuntimeSchema.ROOT.check(root));

    AuthmailConfig.Storage storage = RuntimeSchema.storage(section(root, "storage"), problems);
    AuthmailConfig.Network network = RuntimeSchema.network(section(root, "network"), problems);
    AuthmailConfig.Platform platform = RuntimeSchema.platform(section(root, "platform"), problems);
    AuthmailConfig.Outbox outbox = RuntimeSchema.outbox(section(root, "outbox"), problems);
    AuthmailConfig.Domains domains = RuntimeSchema.domains(section(root, "domains"), problems);

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
    checkTransport(platform.transport(), definedConnectors, connectors, problems);

    List<ConfigProblem> issuerProblems = new ArrayList<>();
    List<TokenIssuer> issuers =
        section(root, "auth").get("issuers") instanceof List<?> entries
            ? TokenIssuer.read(entries, tenants.keySet(), issuerProblems)
            : List.of();
    problems.addAll(issuerProblems);

    AuthmailConfig config =
        new AuthmailConfig(
            source,
            storage,
            network,
            platform,
            outbox,
            tenants,
            connectors,
            Secrets.of(secrets),
            new AuthmailConfig.Auth(issuers),
            domains);
    return new ConfigLoader.Result(config, problems.sorted(config.secrets()), problems);
  }

  /**
   * The built-in service delivers through {@code platform.transport}: a defined, other connector.
   */
  private static void checkTransport(
      String transport,
      Map<String, Object> defined,
      Map<String, ConnectorDefinition> connectors,
      ProblemList problems) {
    if (transport == null) {
      return;
    }
    if (!defined.containsKey(transport)) {
      problems.add(
          "platform.transport",
          "names the connector \""
              + transport
              + "\", which is not defined under connectors"
              + definedNames(defined)
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

  private ConnectorDefinition connector(String name, Object block, ProblemList problems) {
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
    List<ConfigProblem> shape = RuntimeSchema.CONNECTOR.check(fields);
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

  private Tenant tenant(String name, Object block, ProblemList problems) {
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
    List<ConfigProblem> found = RuntimeSchema.TENANT.check(fields);
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
      ProblemList problems) {
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
      String path, Map<String, ConnectorDefinition> connectors, ProblemList problems) {
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

  private static String definedNames(Map<String, Object> defined) {
    return defined.isEmpty()
        ? " (none are)"
        : " (defined: " + String.join(", ", defined.keySet()) + ")";
  }
}
