package dev.authmail.connector.ses;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.toolkit.TemplateRenderer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Sends through Amazon SES v2 {@code SendEmail} with simple content (HTML and text together). One
 * SDK client per instance, made in the constructor without I/O.
 *
 * <p>Thread-safe: the SDK client is. Errors are mapped in {@link SesErrors}.
 */
final class SesConnector implements EmailConnector, EmailTransport {
  private final SesConfig config;
  private final ConnectorContext context;
  private final SesClients.Parts sdk;
  private final AtomicBoolean closed = new AtomicBoolean();

  SesConnector(SesConfig config, ConnectorContext context) {
    this.config = config;
    this.context = context;
    this.sdk = SesClients.create(config, context);
  }

  /** Line breaks in payload values that the chosen template puts into a header, found at accept. */
  @Override
  public List<ConfigProblem> requestProblems(EmailRequest request) {
    return TemplateRenderer.headerProblems(request, config.templates(), context);
  }

  @Override
  public SendResult send(EmailRequest request) {
    return deliver(TemplateRenderer.renderEmail(request, config.templates(), context));
  }

  @Override
  public SendResult deliver(RenderedEmail email) {
    try {
      SendEmailResponse response = sdk.client().sendEmail(SesMessages.toRequest(email, config));
      return new SendResult(response.messageId(), context.clock().instant());
    } catch (RuntimeException e) {
      throw SesErrors.map(e, context.clock());
    }
  }

  /** {@code GetAccount}: the credentials work and the account may send. */
  @Override
  public void verify() {
    GetAccountResponse account;
    try {
      account = sdk.client().getAccount(r -> {});
    } catch (RuntimeException e) {
      throw SesErrors.map(e, context.clock());
    }
    if (Boolean.FALSE.equals(account.sendingEnabled())) {
      throw new ConnectorException(
          ErrorCode.QUOTA_EXCEEDED,
          "Amazon SES sending is paused for this account in "
              + config.region()
              + "; see the SES console's account dashboard");
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      sdk.client().close();
      sdk.http().close();
      if (sdk.credentials() instanceof SdkAutoCloseable c) {
        c.close();
      }
    }
  }

  @Override
  public String toString() {
    return "SesConnector[" + config + "]";
  }
}
