package dev.authmail.connector.api.template;

import dev.authmail.connector.api.UsageType;
import java.util.Optional;

/**
 * The tenant's stored i18n templates (Logto's {@code email_templates}), looked up by the host.
 * Lookups are exact: the caller walks the language chain. Must be safe for concurrent use and cheap
 * (the host caches).
 */
@FunctionalInterface
public interface StoredTemplates {
  /** The template stored for exactly this usage type and language tag (compared ignoring case). */
  Optional<EmailTemplate> find(UsageType type, String languageTag);

  /** No stored templates. */
  static StoredTemplates none() {
    return (type, tag) -> Optional.empty();
  }
}
