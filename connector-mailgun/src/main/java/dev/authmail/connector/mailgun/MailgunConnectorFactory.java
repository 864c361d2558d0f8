package dev.authmail.connector.mailgun;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;

/**
 * Mailgun's Messages API, Logto's {@code mailgun-email}; alias {@code mailgun}. Stateless,
 * thread-safe.
 */
public final class MailgunConnectorFactory implements ConnectorFactory {
  public static final String ID = "mailgun-email";

  private static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder(ID)
          .alias("mailgun")
          .target("mailgun-email")
          .name("en", "Mailgun")
          .description(
              "en",
              "Mailgun is an email delivery service for sending, receiving, and tracking emails.")
          .form(MailgunConfig.SPEC)
          .build();

  public MailgunConnectorFactory() {}

  @Override
  public ConnectorMetadata metadata() {
    return METADATA;
  }

  @Override
  public ConfigSpec configSpec() {
    return MailgunConfig.SPEC;
  }

  /** No I/O: the OkHttp client is derived from the shared one. */
  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return new MailgunConnector(MailgunConfig.from(config, context.network()), context);
  }
}
