package dev.authmail.connector.webhook;

import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.okhttp.HttpTimeouts;

/**
 * The signed webhook connector, id {@code webhook-email} (Logto has none), alias {@code webhook}:
 * the customer's own system sends the email, told by a Standard Webhooks event. Stateless and
 * thread-safe.
 */
public final class WebhookConnectorFactory implements ConnectorFactory {
  public static final String ID = "webhook-email";

  private static final ConfigSpec SPEC =
      HttpTimeouts.declareInForm(
              ConfigSpec.builder()
                  .string(
                      WebhookConfig.ENDPOINT,
                      k ->
                          k.required()
                              .destination()
                              .description("the https:// URL to POST each event to")
                              .form(
                                  f ->
                                      f.label("Endpoint")
                                          .placeholder("https://example.com/webhooks/authmail")))
                  .list(
                      WebhookConfig.SECRETS,
                      ConfigKey.Type.STRING,
                      k ->
                          k.required()
                              .secret()
                              .description(
                                  "Standard Webhooks secrets, e.g. [\"whsec_…\"]; two while"
                                      + " rotating")
                              .form(
                                  f ->
                                      f.label("Signing secrets")
                                          .placeholder("[\"whsec_…\"]")
                                          .description(
                                              "Standard Webhooks secrets (whsec_ + base64 of 24-64"
                                                  + " random bytes). List two while rotating: each"
                                                  + " request then carries one signature per"
                                                  + " secret."))))
          .build();

  private static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder(ID)
          .alias("webhook")
          .target("webhook-email")
          .name("en", "Signed webhook")
          .description(
              "en",
              "Hands each email to your own system as a signed Standard Webhooks event"
                  + " (standardwebhooks.com); your system sends it.")
          .form(SPEC)
          .build();

  @Override
  public ConnectorMetadata metadata() {
    return METADATA;
  }

  @Override
  public ConfigSpec configSpec() {
    return SPEC;
  }

  /**
   * @throws dev.authmail.connector.api.ConnectorException INVALID_CONFIG naming each bad key
   */
  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return new WebhookConnector(WebhookConfig.from(config, context.network()), context);
  }
}
