package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.toolkit.HttpErrors;
import dev.authmail.connector.toolkit.TemplateRenderer;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Renders with the shared TemplateRenderer and delivers to its peer; errors mapped in one place.
 * Built with {@link Breakage}s, it is one of the broken connectors the TCK's self-test must catch.
 */
final class ReferenceConnector implements EmailConnector, EmailTransport {
  /** What a deliberately broken variant gets wrong. */
  enum Breakage {
    /** Sends without its API key. */
    DROP_CREDENTIALS,
    /** Sends the text part only. */
    DROP_HTML,
    /** Sends the email without its inline images (and without saying so). */
    DROP_INLINE_IMAGES,
    /** Classifies by status only, so "out of credits" in a 422 body becomes REJECTED. */
    IGNORE_ERROR_BODY
  }

  private final ReferenceConfig config;
  private final ConnectorContext context;
  private final Set<Breakage> breakages;
  private final AtomicBoolean closed = new AtomicBoolean();

  ReferenceConnector(ReferenceConfig config, ConnectorContext context) {
    this(config, context, Set.of());
  }

  ReferenceConnector(ReferenceConfig config, ConnectorContext context, Set<Breakage> breakages) {
    this.config = config;
    this.context = context;
    this.breakages = Set.copyOf(breakages);
  }

  @Override
  public SendResult send(EmailRequest request) {
    return deliver(TemplateRenderer.renderEmail(request, config.templates(), context));
  }

  @Override
  public SendResult deliver(RenderedEmail email) {
    RenderedEmail.Builder out = email.toBuilder();
    if (email.from().isEmpty()) {
      out.from(config.from());
    }
    if (breakages.contains(Breakage.DROP_HTML) || breakages.contains(Breakage.DROP_INLINE_IMAGES)) {
      out.clearInlineImages();
    }
    if (breakages.contains(Breakage.DROP_HTML)) {
      out.html(null);
    }
    String key = breakages.contains(Breakage.DROP_CREDENTIALS) ? "" : config.apiKey();
    InMemoryPeer peer = peer();
    try {
      String id = peer.exchange(key, out.build(), config.timeout());
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
    return InMemoryPeer.lookup(config.peer())
        .orElseThrow(
            () ->
                new ConnectorException(
                    ErrorCode.UNAVAILABLE, "in-memory peer " + config.peer() + " is not running"));
  }

  /** The one place the peer's failures become error codes. */
  private ConnectorException map(Exception e) {
    if (e instanceof InMemoryPeer.StatusException status) {
      if (status.status == 422
          && status.body != null
          && status.body.contains("\"out_of_credits\"")
          && !breakages.contains(Breakage.IGNORE_ERROR_BODY)) {
        return new ConnectorException(
            ErrorCode.QUOTA_EXCEEDED, "in-memory peer: the account is out of credits");
      }
      return HttpErrors.forStatus(
          "in-memory peer", status.status, status.retryAfter, null, context.clock());
    }
    return new ConnectorException(
        ErrorCode.TIMEOUT, "in-memory peer did not answer within " + config.timeout(), e);
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
