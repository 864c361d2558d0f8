package dev.authmail.connector.sendgrid;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.FormItem;
import dev.authmail.connector.api.FormItem.Type;

/** SendGrid v3 mail send, Logto's {@code sendgrid-email-service}; alias {@code sendgrid}. Stateless, thread-safe. */
public final class SendGridConnectorFactory implements ConnectorFactory {
  public static final String ID = "sendgrid-email-service";

  private static final ConnectorMetadata METADATA = ConnectorMetadata.builder(ID)
      .alias("sendgrid")
      .target("sendgrid")
      .name("en", "SendGrid Email")
      .description("en", "SendGrid is a customer communication platform for transactional and marketing email.")
      .formItem(FormItem.builder("apiKey", Type.Text, "API Key").required().confidential().placeholder("SG.…").build())
      .formItem(FormItem.builder("fromEmail", Type.Text, "From Email").required().placeholder("noreply@example.com").build())
      .formItem(FormItem.builder("fromName", Type.Text, "From Name").build())
      .formItem(FormItem.builder("replyTo", Type.Text, "Reply-To").build())
      .formItem(FormItem.builder("templates", Type.Json, "Templates").build())
      .formItem(FormItem.builder("dynamicTemplates", Type.Json, "Dynamic Templates")
          .description("SendGrid dynamic template ids by usage type; the payload is the template data").build())
      .formItem(FormItem.builder("sandboxMode", Type.Switch, "Sandbox Mode").defaultValue(false).build())
      .formItem(FormItem.builder("endpoint", Type.Text, "API Base URL")
          .defaultValue(SendGridConfig.DEFAULT_ENDPOINT).build())
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
