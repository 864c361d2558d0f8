package dev.authmail.connector.postmark;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.FormItem;
import dev.authmail.connector.api.FormItem.Type;

/** Postmark's Email API, Logto's {@code postmark-mail}; alias {@code postmark}. Stateless, thread-safe. */
public final class PostmarkConnectorFactory implements ConnectorFactory {
  public static final String ID = "postmark-mail";

  private static final ConnectorMetadata METADATA = ConnectorMetadata.builder(ID)
      .alias("postmark")
      .target("postmark-mail")
      .name("en", "Postmark Mail")
      .description("en", "Postmark is a mail sending platform.")
      .formItem(FormItem.builder("serverToken", Type.Text, "Server Token").required().confidential()
          .placeholder("<your-server-token>").build())
      .formItem(FormItem.builder("fromEmail", Type.Text, "From Email").required()
          .placeholder("noreply@example.com").build())
      .formItem(FormItem.builder("templates", Type.Json, "Templates").required()
          .description("[{usageType, templateAlias}] for Postmark templates, or [{usageType, contentType, subject, content}]")
          .build())
      .formItem(FormItem.builder("messageStream", Type.Text, "Message Stream").defaultValue(PostmarkConfig.DEFAULT_STREAM).build())
      .formItem(FormItem.builder("endpoint", Type.Text, "API Base URL").defaultValue(PostmarkConfig.DEFAULT_ENDPOINT).build())
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
