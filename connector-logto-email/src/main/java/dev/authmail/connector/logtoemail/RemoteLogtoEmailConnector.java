package dev.authmail.connector.logtoemail;

import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.branding.Branding;
import dev.authmail.connector.logtoemail.remote.RemoteMailClient;
import dev.authmail.connector.logtoemail.template.InvitationLink;

/**
 * Remote mode: the platform does not host the service; each send is posted to the hosted service
 * (Logto Cloud's contract), which renders and delivers. The invitation link is still checked here,
 * so an unsafe link is refused before it leaves the process. Thread-safe.
 */
final class RemoteLogtoEmailConnector implements EmailConnector {
  private final Branding branding;
  private final RemoteMailClient client;

  RemoteLogtoEmailConnector(Branding branding, RemoteMailClient client) {
    this.branding = branding;
    this.client = client;
  }

  @Override
  public SendResult send(EmailRequest request) {
    if (request.type() == UsageType.OrganizationInvitation) {
      request.payload().link().filter(link -> !link.isBlank()).ifPresent(InvitationLink::check);
    }
    return client.send(request, branding);
  }

  @Override
  public String toString() {
    return "LogtoEmailConnector[remote, " + branding + "]";
  }
}
