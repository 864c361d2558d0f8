package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;

/**
 * The reference connector as a transport that cannot send inline images: it refuses such an email
 * with INVALID_REQUEST, as {@link EmailTransport} asks, and passes the TCK. {@link Rejecting}
 * refuses with the wrong code, and must fail it.
 */
public class ImagelessConnectorFactory implements ConnectorFactory {
  private final ConnectorMetadata metadata;
  private final ErrorCode refusal;

  public ImagelessConnectorFactory() {
    this("tck-imageless", ErrorCode.INVALID_REQUEST);
  }

  ImagelessConnectorFactory(String id, ErrorCode refusal) {
    this.metadata =
        ConnectorMetadata.builder(id)
            .target("in-memory")
            .name("en", "TCK connector without inline images")
            .description("en", "Refuses emails with inline images with " + refusal + ".")
            .build();
    this.refusal = refusal;
  }

  /** Refuses inline images with REJECTED, which the TCK must catch. */
  public static final class Rejecting extends ImagelessConnectorFactory {
    public Rejecting() {
      super("tck-imageless-rejecting", ErrorCode.REJECTED);
    }
  }

  @Override
  public ConnectorMetadata metadata() {
    return metadata;
  }

  @Override
  public ConfigSpec configSpec() {
    return ReferenceConnectorFactory.SPEC;
  }

  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    return new Imageless(new ReferenceConnector(ReferenceConfig.from(config), context), refusal);
  }

  private static final class Imageless extends ForwardingConnector {
    private final ErrorCode refusal;

    Imageless(ReferenceConnector delegate, ErrorCode refusal) {
      super(delegate);
      this.refusal = refusal;
    }

    @Override
    public SendResult deliver(RenderedEmail email) {
      if (!email.inlineImages().isEmpty()) {
        throw new ConnectorException(refusal, "this transport cannot send inline images");
      }
      return super.deliver(email);
    }
  }
}
