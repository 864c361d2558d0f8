package dev.authmail.runtime.testing;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.SendResult;
import java.util.List;

/**
 * A factory with a chosen id and aliases, for registry tests built with {@code
 * ConnectorRegistry.of}.
 */
public final class SimpleFactory implements ConnectorFactory {
  private final ConnectorMetadata metadata;

  public SimpleFactory(String id, String... aliases) {
    ConnectorMetadata.Builder builder =
        ConnectorMetadata.builder(id).name("en", id).description("en", "for tests");
    for (String alias : List.of(aliases)) {
      builder.alias(alias);
    }
    this.metadata = builder.build();
  }

  @Override
  public ConnectorMetadata metadata() {
    return metadata;
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.open();
  }

  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return request -> new SendResult(null, context.clock().instant());
  }

  /** A second class, so that a clash names two different classes. */
  public static final class Other implements ConnectorFactory {
    private final SimpleFactory delegate;

    public Other(String id, String... aliases) {
      this.delegate = new SimpleFactory(id, aliases);
    }

    @Override
    public ConnectorMetadata metadata() {
      return delegate.metadata();
    }

    @Override
    public ConfigSpec configSpec() {
      return delegate.configSpec();
    }

    @Override
    public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
      return delegate.create(config, context);
    }
  }
}
