package dev.authmail.runtime.context;

import dev.authmail.connector.api.template.StoredTemplates;

/**
 * Where each tenant's stored email templates (Logto's {@code email_templates}) come from: the store
 * that {@code serve}'s management module keeps in the database. Defined here so that the runtime's
 * connector contexts can show them without depending on that module.
 *
 * <p>Implementations must be safe for concurrent use and cheap (connectors look templates up on
 * every send): cache.
 */
@FunctionalInterface
public interface TenantTemplates {
  /** No stored templates for any tenant: the CLI, and serve until a module supplies them. */
  TenantTemplates NONE = tenant -> StoredTemplates.none();

  /** The tenant's stored templates. */
  StoredTemplates forTenant(String tenant);
}
