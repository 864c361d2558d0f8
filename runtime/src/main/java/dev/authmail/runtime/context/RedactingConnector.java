package dev.authmail.runtime.context;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.runtime.config.Secrets;
import java.util.List;

/**
 * A connector whose errors never carry its configuration's secret values. Providers sometimes quote
 * the credential they were given in their error text, connectors keep that text as detail, and the
 * outbox records error messages where a tenant key can read them ({@code GET /api/messages/{id}}).
 * Wrapping every instance the runtime creates masks them in one place. An {@link EmailTransport}
 * stays one. Thread-safe when the delegate is.
 */
public class RedactingConnector implements EmailConnector {
  private final EmailConnector delegate;
  private final Secrets secrets;

  private RedactingConnector(EmailConnector delegate, Secrets secrets) {
    this.delegate = delegate;
    this.secrets = secrets;
  }

  /**
   * A redacting wrapper; also without secrets, because it caps every error text ({@link
   * Secrets#MAX_ERROR_TEXT}) before the outbox stores it.
   */
  public static EmailConnector wrap(EmailConnector connector, Secrets secrets) {
    return connector instanceof EmailTransport transport
        ? new Transport(connector, transport, secrets)
        : new RedactingConnector(connector, secrets);
  }

  @Override
  public SendResult send(EmailRequest request) {
    try {
      return delegate.send(request);
    } catch (ConnectorException e) {
      throw secrets.redact(e);
    }
  }

  /** The delegate's checks at accept: a wrapper that hid them would let a bad request in. */
  @Override
  public List<ConfigProblem> requestProblems(EmailRequest request) {
    return delegate.requestProblems(request);
  }

  @Override
  public void verify() {
    try {
      delegate.verify();
    } catch (ConnectorException e) {
      throw secrets.redact(e);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  /** The wrapper of a connector that is also a transport. */
  private static final class Transport extends RedactingConnector implements EmailTransport {
    private final EmailTransport transport;
    private final Secrets secrets;

    Transport(EmailConnector connector, EmailTransport transport, Secrets secrets) {
      super(connector, secrets);
      this.transport = transport;
      this.secrets = secrets;
    }

    @Override
    public SendResult deliver(RenderedEmail email) {
      try {
        return transport.deliver(email);
      } catch (ConnectorException e) {
        throw secrets.redact(e);
      }
    }
  }
}
