package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import java.util.Set;

/**
 * The reference connector with one {@link ReferenceConnector.Breakage}: each nested factory is a
 * broken connector the TCK must fail (TckSelfTest), under its own id.
 */
public abstract class BrokenConnectorFactory implements ConnectorFactory {
  private final ConnectorMetadata metadata;
  private final ReferenceConnector.Breakage breakage;

  BrokenConnectorFactory(String id, ReferenceConnector.Breakage breakage) {
    this.metadata =
        ConnectorMetadata.builder(id)
            .target("in-memory")
            .name("en", "Broken TCK connector: " + breakage)
            .description(
                "en", "The reference connector with " + breakage + "; the TCK must fail it.")
            .build();
    this.breakage = breakage;
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
    return new ReferenceConnector(ReferenceConfig.from(config), context, Set.of(breakage));
  }

  /** Sends without its API key; the peer takes the message anyway, as a mock server would. */
  public static final class NoCredentials extends BrokenConnectorFactory {
    public NoCredentials() {
      super("tck-no-credentials", ReferenceConnector.Breakage.DROP_CREDENTIALS);
    }
  }

  /** Sends the text part only. */
  public static final class NoHtml extends BrokenConnectorFactory {
    public NoHtml() {
      super("tck-no-html", ReferenceConnector.Breakage.DROP_HTML);
    }
  }

  /** Drops inline images silently. */
  public static final class DropsImages extends BrokenConnectorFactory {
    public DropsImages() {
      super("tck-drops-images", ReferenceConnector.Breakage.DROP_INLINE_IMAGES);
    }
  }

  /** Maps a 422 to REJECTED whatever its body says. */
  public static final class IgnoresErrorBody extends BrokenConnectorFactory {
    public IgnoresErrorBody() {
      super("tck-ignores-error-body", ReferenceConnector.Breakage.IGNORE_ERROR_BODY);
    }
  }
}
