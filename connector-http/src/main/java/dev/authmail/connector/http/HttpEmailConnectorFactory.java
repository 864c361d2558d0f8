package dev.authmail.connector.http;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.okhttp.HttpTimeouts;

/**
 * The HTTP email connector, id {@code http-email} (Logto's), alias {@code http}: hands each email
 * to the customer's HTTP endpoint in Logto's contract. Stateless and thread-safe.
 */
public final class HttpEmailConnectorFactory implements ConnectorFactory {
  public static final String ID = "http-email";

  private static final ConfigSpec SPEC =
      HttpTimeouts.declareInForm(
              ConfigSpec.builder()
                  .string(
                      HttpEmailConfig.ENDPOINT,
                      k ->
                          k.required()
                              .destination()
                              .description("the https:// URL to POST each email to")
                              .form(
                                  f ->
                                      f.label("Endpoint")
                                          .placeholder("<https://example.com/your-http-endpoint>")))
                  .string(
                      HttpEmailConfig.AUTHORIZATION,
                      k ->
                          k.secret()
                              .description(
                                  "the Authorization header value, sent verbatim, e.g. \"Bearer"
                                      + " abc\"")
                              .form(
                                  f ->
                                      f.label("Authorization Header")
                                          .placeholder("<Bearer your-token>")
                                          .tooltip(
                                              "The authorization header to be sent with the"
                                                  + " request, you can verify the value in your"
                                                  + " server.")))
                  .map(
                      HttpEmailConfig.HEADERS,
                      k ->
                          k.secret()
                              .description("extra request headers, e.g. {\"X-Api-Key\": \"…\"}")
                              .form(
                                  f ->
                                      f.label("Custom headers")
                                          .placeholder("{\"X-Api-Key\": \"…\"}")
                                          .description("Extra request headers, name to value.")))
                  .string(
                      HttpEmailConfig.SIGNING_SECRET,
                      k ->
                          k.secret()
                              .description(
                                  "a secret of 32 or more characters to sign each request body with"
                                      + " HMAC-SHA256")
                              .form(
                                  f ->
                                      f.label("Signing secret")
                                          .description(
                                              "When set, each request carries X-Authmail-Timestamp"
                                                  + " and X-Authmail-Signature: sha256=<hex"
                                                  + " HMAC-SHA256 of \"timestamp.body\">. At least"
                                                  + " 32 characters."))))
          .build();

  private static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder(ID)
          .alias("http")
          .target("http-email")
          .name("en", "HTTP Email")
          .description(
              "en",
              "Send email via HTTP call: POST {to, type, payload} as JSON to your endpoint, which"
                  + " sends the email.")
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
    return new HttpEmailConnector(HttpEmailConfig.from(config, context.network()), context);
  }
}
