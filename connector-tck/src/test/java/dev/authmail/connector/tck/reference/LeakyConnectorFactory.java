package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;

/**
 * The reference connector with one deliberate bug: its toString() shows the API key. The TCK's
 * self-test proves the contract catches it.
 */
public final class LeakyConnectorFactory implements ConnectorFactory {
  private static final ConnectorMetadata METADATA = ConnectorMetadata.builder("tck-leaky")
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

  private static final class Leaky implements EmailConnector, EmailTransport {
    private final ReferenceConnector delegate;
    private final String apiKey;

    Leaky(ReferenceConnector delegate, String apiKey) {
      this.delegate = delegate;
      this.apiKey = apiKey;
    }

    @Override
    public SendResult send(EmailRequest request) {
      return delegate.send(request);
    }

    @Override
    public SendResult deliver(RenderedEmail email) {
      return delegate.deliver(email);
    }

    @Override
    public void verify() {
      delegate.verify();
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public String toString() {
      return "LeakyConnector[apiKey=" + apiKey + "]";
    }
  }
}
