package dev.authmail.connector.api;

/**
 * The entry point of a connector module, found by {@link java.util.ServiceLoader} through {@code
 * META-INF/services/dev.authmail.connector.api.ConnectorFactory}.
 *
 * <p>One instance per process; it must have a public no-argument constructor, do nothing costly
 * when constructed, and be safe for concurrent use. A jar on the class path is only used when the
 * configuration names its {@link ConnectorMetadata#id() id}.
 */
public interface ConnectorFactory {
  /** Id, names, form items: what a person sees when choosing a connector. Constant. */
  ConnectorMetadata metadata();

  /** The configuration keys this connector takes; the host checks configs against it. Constant. */
  ConfigSpec configSpec();

  /**
   * Makes a connector from a configuration the host already checked against {@link #configSpec()}
   * (types coerced, defaults filled). Semantic checks (an invalid sender address, incompatible
   * options) happen here. Must not do network I/O: {@link EmailConnector#verify()} does.
   *
   * @throws ConnectorException {@link ErrorCode#INVALID_CONFIG} naming each bad key
   */
  EmailConnector create(ConnectorConfig config, ConnectorContext context);

  /** Shorthand for {@code metadata().id()}. */
  default String id() {
    return metadata().id();
  }
}
