package dev.authmail.connector.api;

/**
 * An optional capability of a connector: delivering an email whose content is already final. The
 * built-in email service renders its branded templates and hands them to the platform's transport
 * (an SMTP relay, SES or SendGrid connector), so a connector that implements this can be the
 * operator's {@code platform.transport}.
 *
 * <p>Must be safe for concurrent use; errors as in {@link EmailConnector#send}.
 */
public interface EmailTransport {
  /**
   * Delivers the email as it is. The sender is {@link RenderedEmail#from()} when set, else the
   * transport's configured sender. {@link RenderedEmail#inlineImages()} go with the HTML as inline
   * parts its {@code cid:} references resolve to; a transport that cannot send them refuses the
   * email with {@link ErrorCode#INVALID_REQUEST} rather than dropping them.
   *
   * @throws ConnectorException with the code that classifies the failure
   */
  SendResult deliver(RenderedEmail email);
}
