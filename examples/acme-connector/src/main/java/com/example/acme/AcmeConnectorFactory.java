// tag::factory[]
package com.example.acme;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;

/** Acme Mail, id {@code acme-mail}, alias {@code acme}. Stateless and thread-safe. */
public final class AcmeConnectorFactory implements ConnectorFactory {
  static final String ID = "acme-mail";

  private static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder(ID)
          .alias("acme")
          .target("acme")
          .name("en", "Acme Mail")
          .description("en", "Sends through Acme Mail's HTTP API.")
          .form(AcmeConfig.SPEC)
          .build();

  @Override
  public ConnectorMetadata metadata() {
    return METADATA;
  }

  @Override
  public ConfigSpec configSpec() {
    return AcmeConfig.SPEC;
  }

  /** No I/O here: the runtime creates connectors to check a configuration. */
  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return new AcmeConnector(AcmeConfig.from(config, context.network()), context);
  }
}
// end::factory[]
