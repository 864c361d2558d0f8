package dev.authmail.connector.logtoemail;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.logtoemail.branding.Branding;
import dev.authmail.connector.logtoemail.template.EmailContent;
import dev.authmail.connector.logtoemail.template.EmailRenderer;
import java.util.Objects;

/**
 * Local mode: renders the built-in template for the request's usage type and language with the
 * tenant's branding, and hands it to the operator's platform transport, From the platform's fixed
 * address with the tenant's display name. Thread-safe: it holds only immutable state and the shared
 * renderer.
 */
final class LogtoEmailConnector implements EmailConnector {
  /**
   * The header naming the built-in language the email is written in, e.g. {@code ja}, {@code
   * zh-TW}.
   */
  static final String CONTENT_LANGUAGE = "Content-Language";

  private final Branding branding;
  private final EmailTransport transport;
  private final EmailAddress sender;
  private final String defaultLanguage;

  /**
   * @param sender the platform's address; {@code null} lets the transport use its own configured
   *     sender
   */
  LogtoEmailConnector(
      Branding branding, EmailTransport transport, EmailAddress sender, String defaultLanguage) {
    this.branding = Objects.requireNonNull(branding, "branding is null");
    this.transport = Objects.requireNonNull(transport, "transport is null");
    this.sender = sender;
    this.defaultLanguage = defaultLanguage;
  }

  @Override
  public SendResult send(EmailRequest request) {
    EmailContent content =
        EmailRenderer.shared().render(EmailModels.of(request, branding, defaultLanguage));
    RenderedEmail.Builder email =
        RenderedEmail.builder()
            .to(request.to())
            .from(sender)
            .fromName(branding.displayName())
            .subject(content.subject())
            .html(content.html())
            .text(content.text())
            .messageId(request.messageId())
            .type(request.type())
            // RFC 3282: lets mail clients and screen readers (and `authmail preview`) know which of
            // the built-in languages the chain chose, without parsing the body.
            .header(CONTENT_LANGUAGE, content.language());
    content.inlineImages().forEach(email::inlineImage);
    return transport.deliver(email.build());
  }

  @Override
  public String toString() {
    return "LogtoEmailConnector[local, " + branding + "]";
  }
}
