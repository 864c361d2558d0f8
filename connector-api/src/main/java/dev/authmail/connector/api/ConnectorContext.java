package dev.authmail.connector.api;

import dev.authmail.connector.api.template.StoredTemplates;
import java.time.Clock;
import java.util.Optional;

/**
 * What the host owns and lends a connector: the clock, the operator's outbound network policy, the
 * tenant's stored templates, and, for the built-in email service, the platform's transport and
 * sender. An interface with defaults so that it can grow without breaking connectors; the defaults
 * are the safe choices (system clock, private addresses refused, no stored templates).
 *
 * <p>Implementations must be safe for concurrent use.
 */
public interface ConnectorContext {
  /** The clock to stamp results and parse HTTP dates with; tests substitute a fixed one. */
  default Clock clock() {
    return Clock.systemUTC();
  }

  /** The tenant the connector instance belongs to. */
  default String tenant() {
    return "default";
  }

  /**
   * The operator's outbound address policy. Every connector that connects to an address taken from
   * configuration asks it before connecting.
   */
  default NetworkPolicy network() {
    return NetworkPolicy.strict();
  }

  /** The tenant's stored i18n templates (Logto's {@code email_templates}); none by default. */
  default StoredTemplates templates() {
    return StoredTemplates.none();
  }

  /** The tenant's default language tag, the last step of every language chain. */
  default String defaultLanguage() {
    return "en";
  }

  /**
   * The operator's platform transport, through which the built-in email service delivers. Empty
   * when the host has none.
   */
  default Optional<EmailTransport> platformTransport() {
    return Optional.empty();
  }

  /** The operator's fixed sender address for the built-in email service. */
  default Optional<EmailAddress> platformSender() {
    return Optional.empty();
  }

  /** A context with every default: for tests and simple embedding. */
  static ConnectorContext defaults() {
    return new ConnectorContext() {};
  }
}
