package dev.authmail.connector.ses;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.FormItem;
import dev.authmail.connector.api.FormItem.Type;

/** Amazon SES v2, Logto's {@code aws-ses-mail}; alias {@code ses}. Stateless and thread-safe. */
public final class SesConnectorFactory implements dev.authmail.connector.api.ConnectorFactory {
  public static final String ID = "aws-ses-mail";

  private static final ConnectorMetadata METADATA = ConnectorMetadata.builder(ID)
      .alias("ses")
      .target("aws-ses")
      .name("en", "AWS SES")
      .description("en", "Amazon Simple Email Service (SES v2): a cloud email service for transactional email.")
      .formItem(FormItem.builder("accessKeyId", Type.Text, "Access Key ID")
          .description("Leave both keys empty to use the default AWS credential chain").build())
      .formItem(FormItem.builder("accessKeySecret", Type.Text, "Access Key Secret").confidential().build())
      .formItem(FormItem.builder("region", Type.Text, "Region").required().placeholder("us-east-1").build())
      .formItem(FormItem.builder("emailAddress", Type.Text, "Email Address").placeholder("noreply@example.com").build())
      .formItem(FormItem.builder("fromName", Type.Text, "Sender Name").build())
      .formItem(FormItem.builder("replyTo", Type.Text, "Reply-To").build())
      .formItem(FormItem.builder("emailAddressIdentityArn", Type.Text, "Email Address Identity ARN").build())
      .formItem(FormItem.builder("feedbackForwardingEmailAddress", Type.Text, "Feedback Forwarding Email Address").build())
      .formItem(FormItem.builder("feedbackForwardingEmailAddressIdentityArn", Type.Text,
          "Feedback Forwarding Email Address Identity ARN").build())
      .formItem(FormItem.builder("configurationSetName", Type.Text, "Configuration Set Name").build())
      .formItem(FormItem.builder("templates", Type.Json, "Templates").build())
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

  /** Builds the SDK client without network I/O; credentials from the default chain are looked up on first use. */
  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return new SesConnector(SesConfig.from(config, context.network()), context);
  }
}
