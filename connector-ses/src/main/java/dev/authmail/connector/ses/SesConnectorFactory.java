package dev.authmail.connector.ses;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;

/** Amazon SES v2, Logto's {@code aws-ses-mail}; alias {@code ses}. Stateless and thread-safe. */
public final class SesConnectorFactory implements dev.authmail.connector.api.ConnectorFactory {
  public static final String ID = "aws-ses-mail";

  private static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder(ID)
          .alias("ses")
          .target("aws-ses")
          .name("en", "AWS SES")
          .description(
              "en",
              "Amazon Simple Email Service (SES v2): a cloud email service for transactional"
                  + " email.")
          .form(SesConfig.SPEC)
          .build();

  public SesConnectorFactory() {}

  @Override
  public ConnectorMetadata metadata() {
    return METADATA;
  }

  @Override
  public ConfigSpec configSpec() {
    return SesConfig.SPEC;
  }

  /**
   * Builds the SDK client without network I/O; credentials from the default chain are looked up on
   * first use.
   */
  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return new SesConnector(SesConfig.from(config, context.network()), context);
  }
}
