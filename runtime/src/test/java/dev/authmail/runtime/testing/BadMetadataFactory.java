package dev.authmail.runtime.testing;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;

/** A broken provider: constructs, but its metadata is invalid (no English name). */
public final class BadMetadataFactory implements ConnectorFactory {
  @Override
  public ConnectorMetadata metadata() {
    return ConnectorMetadata.builder("bad-metadata")
        .name("fr", "Mauvais")
        .description("fr", "Pas d'anglais")
        .build();
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.open();
  }

  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    throw new AssertionError("never created");
  }
}
