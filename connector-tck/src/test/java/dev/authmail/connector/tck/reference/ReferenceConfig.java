package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.toolkit.ConfigTemplates;
import java.time.Duration;
import java.util.List;

/** The reference connector's settings, read once in create(). */
record ReferenceConfig(
    String peer,
    String apiKey,
    EmailAddress from,
    Duration timeout,
    List<EmailTemplate> templates) {
  static ReferenceConfig from(ConnectorConfig config) {
    EmailAddress from;
    try {
      from = EmailAddress.parse(config.requireString("fromEmail"));
    } catch (IllegalArgumentException e) {
      throw ConnectorException.invalidConfig(
          config.path("fromEmail"), e.getMessage() + "; use an address like noreply@example.com");
    }
    return new ReferenceConfig(
        config.requireString("peer"),
        config.requireString("apiKey"),
        from,
        Duration.ofMillis(config.longValue("timeoutMillis")),
        ConfigTemplates.from(config, "templates"));
  }

  @Override
  public String toString() {
    return "ReferenceConfig[peer=" + peer + ", from=" + from + ", timeout=" + timeout + "]";
  }
}
