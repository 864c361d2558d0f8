package dev.authmail.runtime.testing;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;

/** A broken provider: its constructor throws, as one with a missing license file might. */
public final class ThrowingConstructorFactory implements ConnectorFactory {
  public ThrowingConstructorFactory() {
    throw new IllegalStateException("boom: no license file");
  }

  @Override
  public ConnectorMetadata metadata() {
    throw new AssertionError("never constructed");
  }

  @Override
  public ConfigSpec configSpec() {
    throw new AssertionError("never constructed");
  }

  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    throw new AssertionError("never constructed");
  }
}
