package dev.authmail.connector.postmark;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;

/**
 * Postmark's Email API, Logto's {@code postmark-mail}; alias {@code postmark}. Stateless,
 * thread-safe.
 */
public final class PostmarkConnectorFactory implements ConnectorFactory {
  public static final String ID = "postmark-mail";

  private static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder(ID)
          .alias("postmark")
          .target("postmark-mail")
          .name("en", "Postmark Mail")
          .description("en", "Postmark is a mail sending platform.")
          .form(PostmarkConfig.SPEC)
          .build();

  public PostmarkConnectorFactory() {}

  @Override
  public ConnectorMetadata metadata() {
    return METADATA;
  }

  @Override
  public ConfigSpec configSpec() {
    return PostmarkConfig.SPEC;
  }

  /** No I/O: the OkHttp client is derived from the shared one. */
  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return new PostmarkConnector(PostmarkConfig.from(config, context.network()), context);
  }
}
