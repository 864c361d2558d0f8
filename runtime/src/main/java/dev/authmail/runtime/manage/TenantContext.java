package dev.authmail.runtime.manage;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.template.StoredTemplates;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's connector context: everything from the runtime's context for the tenant (clock,
 * network policy, platform sender and transport), with the tenant's stored email templates. Every
 * connector the management API creates, for the chain or for a test send, gets one, so a test
 * send renders exactly as production does. Immutable and thread-safe.
 */
final class TenantContext implements ConnectorContext {
  private final ConnectorContext base;
  private final StoredTemplates templates;

  TenantContext(ConnectorContext base, StoredTemplates templates) {
    this.base = Objects.requireNonNull(base, "base is null");
    this.templates = Objects.requireNonNull(templates, "templates is null");
  }

  @Override
  public Clock clock() {
    return base.clock();
  }

  @Override
  public String tenant() {
    return base.tenant();
  }

  @Override
  public NetworkPolicy network() {
    return base.network();
  }

  @Override
  public StoredTemplates templates() {
    return templates;
  }

  @Override
  public String defaultLanguage() {
    return base.defaultLanguage();
  }

  @Override
  public Optional<EmailTransport> platformTransport() {
    return base.platformTransport();
  }

  @Override
  public Optional<EmailAddress> platformSender() {
    return base.platformSender();
  }

  @Override
  public String toString() {
    return "TenantContext[" + base + "]";
  }
}
