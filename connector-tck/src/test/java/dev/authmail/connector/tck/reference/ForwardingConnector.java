package dev.authmail.connector.tck.reference;

import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;

/** The reference connector behind another face: a broken variant overrides just what it breaks. */
abstract class ForwardingConnector implements EmailConnector, EmailTransport {
  private final ReferenceConnector delegate;

  ForwardingConnector(ReferenceConnector delegate) {
    this.delegate = delegate;
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
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
