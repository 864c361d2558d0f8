package dev.authmail.runtime.context;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.template.StoredTemplates;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What the runtime lends each connector instance: the tenant it serves, the operator's network
 * policy ({@code network.allowPrivateAddresses}), the platform sender ({@code
 * platform.fromAddress}) and transport (the connector named by {@code platform.transport}, else the
 * capture inbox), the tenant's stored email templates, and the system clock. Immutable and
 * thread-safe.
 */
public final class RuntimeContext implements ConnectorContext {
  private final String tenant;
  private final NetworkPolicy network;
  private final EmailAddress platformSender;
  private final EmailTransport platformTransport;
  private final StoredTemplates templates;
  private final Clock clock;

  /** A context without stored templates (previews). */
  public RuntimeContext(
      String tenant,
      NetworkPolicy network,
      EmailAddress platformSender,
      EmailTransport platformTransport,
      Clock clock) {
    this(tenant, network, platformSender, platformTransport, StoredTemplates.none(), clock);
  }

  /**
   * @param platformTransport may be {@code null}: the platform transport's own context has none
   * @param templates the tenant's stored templates, looked up at send time
   */
  public RuntimeContext(
      String tenant,
      NetworkPolicy network,
      EmailAddress platformSender,
      EmailTransport platformTransport,
      StoredTemplates templates,
      Clock clock) {
    this.tenant = Objects.requireNonNull(tenant, "tenant is null");
    this.network = Objects.requireNonNull(network, "network is null");
    this.platformSender = Objects.requireNonNull(platformSender, "platformSender is null");
    this.platformTransport = platformTransport;
    this.templates = Objects.requireNonNull(templates, "templates is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public NetworkPolicy network() {
    return network;
  }

  @Override
  public StoredTemplates templates() {
    return templates;
  }

  @Override
  public Optional<EmailTransport> platformTransport() {
    return Optional.ofNullable(platformTransport);
  }

  @Override
  public Optional<EmailAddress> platformSender() {
    return Optional.of(platformSender);
  }

  @Override
  public String toString() {
    return "RuntimeContext[tenant=" + tenant + ", " + network + "]";
  }
}
