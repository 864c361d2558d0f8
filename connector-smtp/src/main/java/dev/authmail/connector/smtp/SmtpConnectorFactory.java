package dev.authmail.connector.smtp;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.FormItem;
import dev.authmail.connector.api.FormItem.Type;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Logto's {@code simple-mail-transfer-protocol} connector (alias {@code smtp}): SMTP through
 * Jakarta Mail / Eclipse Angus. Stateless and thread-safe; {@link #create} does no network I/O.
 */
public final class SmtpConnectorFactory implements ConnectorFactory {
  public static final String ID = "simple-mail-transfer-protocol";

  private static final ConnectorMetadata METADATA = ConnectorMetadata.builder(ID)
      .alias("smtp")
      .target("smtp")
      .name("en", "SMTP")
      .description("en", "Sends email through any SMTP server or relay, with STARTTLS or implicit TLS.")
      .formItem(FormItem.builder("host", Type.Text, "Host").placeholder("smtp.example.com").required().build())
      .formItem(FormItem.builder("port", Type.Number, "Port").placeholder("587").build())
      .formItem(FormItem.builder("auth", Type.Json, "Auth").placeholder("{\"user\": \"…\", \"pass\": \"…\"}").build())
      .formItem(FormItem.builder("fromEmail", Type.Text, "From email").placeholder("noreply@example.com").required().build())
      .formItem(FormItem.builder("fromName", Type.Text, "From name").placeholder("Example Inc.").build())
      .formItem(FormItem.builder("replyTo", Type.Text, "Reply to").build())
      .formItem(FormItem.builder("secure", Type.Switch, "Implicit TLS (port 465)").defaultValue(false).build())
      .formItem(FormItem.builder("requireTLS", Type.Switch, "Require STARTTLS").defaultValue(false).build())
      .formItem(FormItem.builder("caCertificate", Type.MultilineText, "Trusted CA certificate (PEM)").build())
      .formItem(FormItem.builder("templates", Type.Json, "Templates").build())
      .formItem(FormItem.builder("customHeaders", Type.Json, "Custom headers").build())
      .build();

  @Override
  public ConnectorMetadata metadata() {
    return METADATA;
  }

  @Override
  public ConfigSpec configSpec() {
    return SmtpConfig.SPEC;
  }

  /** @throws ConnectorException INVALID_CONFIG naming each bad key, or a host the network policy refuses */
  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    SmtpConfig smtp = SmtpConfig.from(config);
    if (SmtpConfig.isIpLiteral(smtp.host())) {
      try {
        // a literal needs no DNS: refuse an address the operator's policy forbids now, not at send time
        context.network().checkAddress(InetAddress.getByName(smtp.host().replaceAll("[\\[\\]]", "")), true);
      } catch (ConnectorException e) {
        throw ConnectorException.invalidConfig(config.path("host"), e.getMessage());
      } catch (UnknownHostException e) {
        throw ConnectorException.invalidConfig(config.path("host"), "is not a valid IP address");
      }
    }
    return new SmtpConnector(smtp, context);
  }
}
