package dev.authmail.connector.logtoemail.remote;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.HttpErrors;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.template.Json;
import dev.authmail.connector.logtoemail.branding.Branding;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts one email to a hosted email service with Logto Cloud's contract:
 * {@code POST {endpoint}/api/services/mails}, {@code Authorization: Bearer <token>}, body
 * {@code {"data": {"to", "type", "payload": {…payload, senderName?, companyInformation?, appLogo?}}}}
 * exactly as Logto's {@code logto-email} connector sends it. The end user's {@code ip} is not
 * forwarded (Logto does not either). Branding keys are added only when set, as Logto's
 * {@code JSON.stringify} drops undefined values.
 *
 * <p>Errors: 2xx is success; 429 is {@link ErrorCode#QUOTA_EXCEEDED} (Logto's
 * {@code usage_limit_exceeded}: the service's quota, not a throttle); every other status goes
 * through the shared {@link HttpErrors} mapping. Thread-safe.
 */
public final class RemoteMailClient {
  static final String PROVIDER = "The hosted email service";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int MAX_DETAIL_BYTES = 1024;

  private final RemoteSettings settings;
  private final OkHttpClient http;
  private final Clock clock;

  /**
   * @throws ConnectorException INVALID_CONFIG when the endpoint breaks the network policy
   */
  public RemoteMailClient(RemoteSettings settings, NetworkPolicy policy, Clock clock) {
    this.settings = settings;
    policy.checkEndpoint(RemoteSettings.ENDPOINT_ENV, settings.endpoint().toString());
    this.http = HttpClients.forPolicy(policy);
    this.clock = clock;
  }

  /** The request body for {@code request}: Logto's exact shape. */
  public static String body(EmailRequest request, Branding branding) {
    Map<String, Object> payload = new LinkedHashMap<>(request.payload().asMap());
    branding.senderName().ifPresent(name -> payload.put(Branding.SENDER_NAME, name));
    branding.companyInformation().ifPresent(info -> payload.put(Branding.COMPANY_INFORMATION, info));
    branding.logo().ifPresent(logo -> payload.put(Branding.APP_LOGO, logo.src()));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("to", request.to().value());
    data.put("type", request.type().wireName());
    data.put("payload", payload);
    return Json.write(Map.of("data", data));
  }

  /**
   * @throws ConnectorException classified as described on the class
   */
  public SendResult send(EmailRequest request, Branding branding) {
    Request httpRequest = new Request.Builder()
        .url(settings.mailsUrl())
        .header("Authorization", "Bearer " + settings.accessToken())
        .header("X-Authmail-Message-Id", request.messageId())
        .post(RequestBody.create(body(request, branding), JSON))
        .build();
    try (Response response = http.newCall(httpRequest).execute()) {
      int status = response.code();
      if (response.isSuccessful()) {
        return new SendResult(response.header("X-Request-Id"), clock.instant());
      }
      String detail = response.peekBody(MAX_DETAIL_BYTES).string();
      if (status == 429) {
        throw quotaExceeded(detail);
      }
      throw HttpErrors.forStatus(PROVIDER, status, response.header("Retry-After"), detail, clock);
    } catch (InterruptedIOException e) {
      throw ConnectorException.outcomeUnknown(ErrorCode.TIMEOUT, PROVIDER + " did not answer in time", e);
    } catch (IOException e) {
      throw new ConnectorException(ErrorCode.UNAVAILABLE, PROVIDER + " could not be reached: " + e.getClass().getSimpleName(), e);
    }
  }

  private static ConnectorException quotaExceeded(String detail) {
    String clean = detail.replaceAll("\\p{Cntrl}+", " ").strip();
    if (clean.length() > 200) {
      clean = clean.substring(0, 200) + "…";
    }
    return new ConnectorException(ErrorCode.QUOTA_EXCEEDED, PROVIDER + " answered HTTP 429: the email quota is used up"
        + (clean.isEmpty() ? "" : " (" + clean + ")"));
  }
}
