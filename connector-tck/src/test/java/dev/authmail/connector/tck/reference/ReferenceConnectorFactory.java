package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.toolkit.ConfigTemplates;

/**
 * A connector to an {@link InMemoryPeer}, written the way docs/connector-guide.md shows: it passes
 * the TCK.
 */
public final class ReferenceConnectorFactory implements ConnectorFactory {
  static final ConfigSpec SPEC =
      ConfigSpec.builder()
          .string(
              "peer",
              k -> k.required().description("the in-memory peer's name").form(f -> f.label("Peer")))
          .string(
              "apiKey",
              k ->
                  k.required()
                      .secret()
                      .description("the peer's API key")
                      .form(f -> f.label("API key")))
          .string(
              "fromEmail",
              k ->
                  k.required()
                      .description("the sender address, e.g. noreply@example.com")
                      .form(f -> f.label("From")))
          .integer(
              "timeoutMillis",
              k ->
                  k.defaultValue(2000)
                      .range(1, 60_000)
                      .description("how long to wait for the peer")
                      .form(f -> f.label("Timeout (ms)")))
          .objects(
              "templates",
              ConfigTemplates.ENTRY,
              k ->
                  k.required().description("Logto-style templates").form(f -> f.label("Templates")))
          .build();

  static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder("tck-reference")
          .alias("tck-ref")
          .target("in-memory")
          .name("en", "TCK reference connector")
          .description("en", "Delivers to an in-memory peer; proves the TCK runs green.")
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

  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return new ReferenceConnector(ReferenceConfig.from(config), context);
  }
}
