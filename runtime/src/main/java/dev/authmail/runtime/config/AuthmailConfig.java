package dev.authmail.runtime.config;

import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.EmailAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The runtime's configuration as DESIGN.md's "configuration file" describes it, checked and with
 * defaults filled in: storage, the operator's network policy and platform sender, tenants with
 * their connector chains, and the named connector instances. Made by {@link ConfigLoader}.
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
    Map<String, Tenant> tenants,
    Map<String, ConnectorDefinition> connectors,
    Secrets secrets) {

  /** The source name of the configuration used when no file is given. */
  public static final String EMBEDDED = "(embedded defaults)";
  public static final String DEFAULT_STORAGE_URL = "jdbc:h2:file:./data/authmail";
  /**
   * The built-in service's sender when {@code platform.fromAddress} is not set. {@code .localhost}
   * is reserved (RFC 6761) and never routes on the internet: fine for the capture inbox, and an
   * obvious thing to change before mail leaves the machine.
   */
  public static final String DEFAULT_FROM_ADDRESS = "no-reply@authmail.localhost";
  public static final String DEFAULT_TENANT = "default";
  /** The built-in email service's factory id; a chain may name it without defining it. */
  public static final String BUILT_IN_SERVICE = "logto-email";

  public AuthmailConfig {
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(storage, "storage is null");
    Objects.requireNonNull(network, "network is null");
    Objects.requireNonNull(platform, "platform is null");
    tenants = Collections.unmodifiableMap(new LinkedHashMap<>(tenants));
    connectors = Collections.unmodifiableMap(new LinkedHashMap<>(connectors));
    Objects.requireNonNull(secrets, "secrets is null");
  }

  /** {@code storage}: where the outbox lives. */
  public record Storage(String url) {
    public Storage {
      Objects.requireNonNull(url, "url is null");
    }
  }

  /** {@code network}: the operator's outbound address policy. */
  public record Network(boolean allowPrivateAddresses) {}

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

  /** {@code tenants.<name>}: the connector chain, primary first, then fallbacks. */
  public record Tenant(String name, List<String> email) {
    public Tenant {
      Objects.requireNonNull(name, "name is null");
      email = List.copyOf(email);
    }
  }

  /**
   * {@code connectors.<name>}: a factory and its configuration, checked against the factory's spec
   * (types coerced, defaults filled). {@link ConnectorConfig#toString()} masks secrets.
   *
   * @param factoryId the factory's canonical id, even when the file used an alias
   * @param implicit whether the file did not define it (the built-in service named by a chain)
   */
  public record ConnectorDefinition(String name, String factoryId, ConnectorConfig config, boolean implicit) {
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
    out.put("storage", Map.of("url", storage.url()));
    out.put("network", Map.of("allowPrivateAddresses", network.allowPrivateAddresses()));
    Map<String, Object> platformOut = new LinkedHashMap<>();
    platformOut.put("fromAddress", platform.fromAddress().value());
    platformOut.put("transport", platform.transport());
    out.put("platform", platformOut);
    Map<String, Object> tenantsOut = new LinkedHashMap<>();
    tenants.forEach((name, tenant) -> tenantsOut.put(name, Map.of("email", new ArrayList<>(tenant.email()))));
    out.put("tenants", tenantsOut);
    Map<String, Object> connectorsOut = new LinkedHashMap<>();
    connectors.forEach((name, definition) -> {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("factory", definition.factoryId());
      c.put("config", definition.config().masked());
      connectorsOut.put(name, c);
    });
    out.put("connectors", connectorsOut);
    return out;
  }

  @Override
  public String toString() {
    return "AuthmailConfig" + masked();
  }
}
