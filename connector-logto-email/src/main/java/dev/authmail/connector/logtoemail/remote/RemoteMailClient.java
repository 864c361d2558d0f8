package dev.authmail.connector.logtoemail.remote;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.logtoemail.branding.Branding;
import dev.authmail.connector.okhttp.HttpReply;
import dev.authmail.connector.okhttp.HttpTimeouts;
import dev.authmail.connector.okhttp.JsonEndpoint;
import dev.authmail.connector.toolkit.HttpErrors;
import dev.authmail.connector.toolkit.Json;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts one email to a hosted email service with Logto Cloud's contract: {@code POST
 * {endpoint}/api/services/mails}, {@code Authorization: Bearer <token>}, body {@code {"data":
 * {"to", "type", "payload": {…payload, senderName?, companyInformation?, appLogo?}}}} exactly as
 * Logto's {@code logto-email} connector sends it. The end user's {@code ip} is not forwarded (Logto
 * does not either). Branding keys are added only when set, as Logto's {@code JSON.stringify} drops
 * undefined values.
 *
 * <p>Transport and errors come from {@code connector-okhttp} (the shared client, the operator's
 * address guard, {@link HttpErrors} for statuses), with one exception: a 429 from this service is
 * {@link ErrorCode#QUOTA_EXCEEDED}, Logto's {@code usage_limit_exceeded} — the tenant's email
 * quota, not a throttle that waiting out would fix. Thread-safe.
 */
public final class RemoteMailClient {
  static final String PROVIDER = "The hosted email service";

  private final RemoteSettings settings;
  private final JsonEndpoint mails;
  private final Clock clock;

  /**
   * No I/O: checks the endpoint against the operator's network policy and derives a client.
   *
   * @throws ConnectorException INVALID_CONFIG when the endpoint breaks the network policy
   */
  public RemoteMailClient(RemoteSettings settings, ConnectorContext context) {
    this.settings = settings;
    context.network().checkEndpoint(RemoteSettings.ENDPOINT_ENV, settings.endpoint().toString());
    this.mails =
        JsonEndpoint.create(
            context, URI.create(settings.mailsUrl()), HttpTimeouts.DEFAULTS, PROVIDER);
    this.clock = context.clock();
  }

  /** The request body for {@code request}: Logto's exact shape. */
  public static String body(EmailRequest request, Branding branding) {
    Map<String, Object> payload = new LinkedHashMap<>(request.payload().asMap());
    branding.senderName().ifPresent(name -> payload.put(Branding.SENDER_NAME, name));
    branding
        .companyInformation()
        .ifPresent(info -> payload.put(Branding.COMPANY_INFORMATION, info));
    branding.logo().ifPresent(logo -> payload.put(Branding.APP_LOGO, logo.src()));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("to", request.to().value());
    data.put("type", request.type().wireName());
    data.put("payload", payload);
    return Json.write(Map.of("data", data));
  }

  /**
   * Safe for concurrent use.
   *
   * @throws ConnectorException classified as described on the class
   */
  public SendResult send(EmailRequest request, Branding branding) {
    try {
      HttpReply reply =
          mails.post(
              body(request, branding), Map.of("Authorization", "Bearer " + settings.accessToken()));
      return new SendResult(reply.header("X-Request-Id"), clock.instant());
    } catch (ConnectorException e) {
      // HttpErrors gives RATE_LIMITED for 429 and only for 429; for this service it means the
      // quota.
      if (e.code() == ErrorCode.RATE_LIMITED) {
        throw new ConnectorException(
            ErrorCode.QUOTA_EXCEEDED, e.getMessage() + " (the email quota is used up)", e);
      }
      throw e;
    }
  }
}
