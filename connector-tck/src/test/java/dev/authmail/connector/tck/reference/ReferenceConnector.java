package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.HttpErrors;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.template.TemplateRenderer;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Renders with the shared TemplateRenderer and delivers to its peer; errors mapped in one place. */
final class ReferenceConnector implements EmailConnector, EmailTransport {
  private final ReferenceConfig config;
  private final ConnectorContext context;
  private final AtomicBoolean closed = new AtomicBoolean();

  ReferenceConnector(ReferenceConfig config, ConnectorContext context) {
    this.config = config;
    this.context = context;
  }

  @Override
  public SendResult send(EmailRequest request) {
    return deliver(TemplateRenderer.renderEmail(request, config.templates(), context));
  }

  @Override
  public SendResult deliver(RenderedEmail email) {
    RenderedEmail withSender = email.from().isPresent() ? email : email.toBuilder().from(config.from()).build();
    InMemoryPeer peer = peer();
    try {
      String id = peer.exchange(config.apiKey(), withSender, config.timeout());
      return new SendResult(id, context.clock().instant());
    } catch (InMemoryPeer.StatusException | SocketTimeoutException e) {
      throw map(e);
    }
  }

  @Override
  public void verify() {
    try {
      peer().verify(config.apiKey(), config.timeout());
    } catch (InMemoryPeer.StatusException | SocketTimeoutException e) {
      throw map(e);
    }
  }

  private InMemoryPeer peer() {
    if (closed.get()) {
      throw new ConnectorException(ErrorCode.INTERNAL, "the connector is closed");
    }
    return InMemoryPeer.lookup(config.peer()).orElseThrow(() -> new ConnectorException(ErrorCode.UNAVAILABLE,
        "in-memory peer " + config.peer() + " is not running"));
  }

  /** The one place the peer's failures become error codes. */
  private ConnectorException map(Exception e) {
    if (e instanceof InMemoryPeer.StatusException status) {
      return HttpErrors.forStatus("in-memory peer", status.status, status.retryAfter, null, context.clock());
    }
    return new ConnectorException(ErrorCode.TIMEOUT, "in-memory peer did not answer within " + config.timeout(), e);
  }

  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "ReferenceConnector[" + config + "]";
  }
}
