package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;

/**
 * The reference connector with one deliberate bug: its toString() shows the API key. The TCK's
 * self-test proves the contract catches it.
 */
public final class LeakyConnectorFactory implements ConnectorFactory {
  private static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder("tck-leaky")
          .target("in-memory")
          .name("en", "TCK leaky connector")
          .description("en", "Shows its API key in toString(); must fail the TCK.")
          .build();

  @Override
  public ConnectorMetadata metadata() {
    return METADATA;
  }

  @Override
  public ConfigSpec configSpec() {
    return ReferenceConnectorFactory.SPEC;
  }

  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    ReferenceConfig settings = ReferenceConfig.from(config);
    ReferenceConnector delegate = new ReferenceConnector(settings, context);
    return new Leaky(delegate, settings.apiKey());
  }

  private static final class Leaky extends ForwardingConnector {
    private final String apiKey;

    Leaky(ReferenceConnector delegate, String apiKey) {
      super(delegate);
      this.apiKey = apiKey;
    }

    @Override
    public String toString() {
      return "LeakyConnector[apiKey=" + apiKey + "]";
    }
  }
}
