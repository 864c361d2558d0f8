package dev.authmail.connector.sendgrid;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;

/**
 * SendGrid v3 mail send, Logto's {@code sendgrid-email-service}; alias {@code sendgrid}. Stateless,
 * thread-safe.
 */
public final class SendGridConnectorFactory implements ConnectorFactory {
  public static final String ID = "sendgrid-email-service";

  private static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder(ID)
          .alias("sendgrid")
          .target("sendgrid")
          .name("en", "SendGrid Email")
          .description(
              "en",
              "SendGrid is a customer communication platform for transactional and marketing"
                  + " email.")
          .form(SendGridConfig.SPEC)
          .build();

  public SendGridConnectorFactory() {}

  @Override
  public ConnectorMetadata metadata() {
    return METADATA;
  }

  @Override
  public ConfigSpec configSpec() {
    return SendGridConfig.SPEC;
  }

  /** No I/O: the OkHttp client is derived from the shared one. */
  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return new SendGridConnector(SendGridConfig.from(config, context.network()), context);
  }
}
