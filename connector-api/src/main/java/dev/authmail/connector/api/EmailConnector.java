package dev.authmail.connector.api;

import java.util.List;

/**
 * A configured connection to one email provider, made by {@link ConnectorFactory#create}.
 *
 * <p><b>Threading:</b> an instance is shared by all of the runtime's workers: {@link #send} must be
 * safe for concurrent use. <b>Lifecycle:</b> the runtime creates an instance when a configuration
 * is loaded or saved, uses it for many sends, and calls {@link #close()} once when the
 * configuration is replaced or the process stops; pooled connections and threads are released
 * there.
 *
 * <p><b>Errors:</b> every failure is a {@link ConnectorException} whose {@link ErrorCode} says
 * whether to retry; a connector maps its provider's failures to codes in one place and never
 * retries by itself (the runtime owns retries, back-off and failover).
 */
public interface EmailConnector extends AutoCloseable {
  /**
   * Sends one email chosen by the request's usage type (template, language) and returns once the
   * provider accepted it.
   *
   * @throws ConnectorException with the code that classifies the failure
   */
  SendResult send(EmailRequest request);

  /**
   * Checks that the provider can be reached with this configuration (SMTP: connect, EHLO, AUTH;
   * HTTP providers: a credential check where the provider has one), without sending an email. The
   * default does nothing.
   *
   * @throws ConnectorException when the check fails
   */
  default void verify() {}

  /**
   * What in this request this connector could never send, found without I/O before the request is
   * accepted, so that the platform gets a 400 naming the path instead of a message that fails
   * later. Connectors with templates answer the payload values with a line break that their chosen
   * template puts into a header (subject, sender name, Reply-To): {@code
   * TemplateRenderer.headerProblems}. The default finds nothing. Must be safe for concurrent use
   * and cheap (it runs on every accept).
   *
   * @return one problem per payload path, its path starting with {@code payload.}; empty when fine
   */
  default List<ConfigProblem> requestProblems(EmailRequest request) {
    return List.of();
  }

  /** Releases connections and threads. Idempotent: a second call does nothing. Never throws. */
  @Override
  default void close() {}
}
