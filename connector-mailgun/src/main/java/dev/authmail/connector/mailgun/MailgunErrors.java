package dev.authmail.connector.mailgun;

import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.toolkit.HttpErrors;
import dev.authmail.connector.toolkit.Json;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;

/**
 * The one place where Mailgun's failures become error codes. Mailgun answers errors as {@code
 * {"message": "…"}} (a 401 as the plain text {@code Forbidden}). Its API reference names 400 (a
 * {@code message} to read), 403 (auth error or access denied), 404 (not found; without a JSON body,
 * a wrong endpoint), 429 (retry as the answer says) and 5xx (retry with back-off); its help
 * center's error list gives the texts matched here.
 *
 * <p>Classified here, from the status and the text:
 *
 * <ul>
 *   <li>400 or 403 "Domain … is not allowed to send: …" → {@link ErrorCode#QUOTA_EXCEEDED} (free
 *       plan, sandbox domain without the recipient authorized, batch limits: the next connector
 *       should take over), or {@link ErrorCode#INVALID_CONFIG} when it says the domain is
 *       unverified or the account not activated;
 *   <li>403 naming a limit, quota, plan or upgrade → {@link ErrorCode#QUOTA_EXCEEDED};
 *   <li>400 "to parameter is not a valid address" and 413 → {@link ErrorCode#INVALID_REQUEST};
 *   <li>400 "from parameter is not a valid address" and 404 ("Domain not found", or a wrong
 *       endpoint) → {@link ErrorCode#INVALID_CONFIG}.
 * </ul>
 *
 * Everything else goes to the shared status mapping ({@link HttpErrors#forStatus}: 401/403 →
 * AUTHENTICATION_FAILED, 429 → RATE_LIMITED, 408/5xx → UNAVAILABLE, other 4xx, 402 included, →
 * REJECTED). A 429 without {@code Retry-After} is retried at the time its text names ("try again
 * after Mon, 20 Dec 2021 20:33:21 UTC").
 *
 * <p>{@link #read} returns the classified cases as {@link HttpCalls.ProviderError#classified}, with
 * a hint for the operator after Mailgun's message; {@link HttpCalls#execute} throws them.
 * Thread-safe.
 */
final class MailgunErrors implements HttpCalls.ErrorReader {
  static final String PROVIDER = "Mailgun";
  private static final int MAX_DETAIL = 200;
  private static final Pattern ADDRESS =
      Pattern.compile("[^\\s<>\"',;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+");
  private static final Pattern NOT_ALLOWED =
      Pattern.compile("is not allowed to send", Pattern.CASE_INSENSITIVE);
  private static final Pattern DOMAIN_SETUP =
      Pattern.compile(
          "unverified|DNS configuration|activate your Mailgun account", Pattern.CASE_INSENSITIVE);
  private static final Pattern QUOTA =
      Pattern.compile("limit|quota|upgrade|free accounts|plan", Pattern.CASE_INSENSITIVE);
  // Mailgun writes the parameter quoted ('to') or not, as its help center lists it
  private static final Pattern TO_ADDRESS =
      Pattern.compile("(^|[\\s'])to'? parameter is not a valid address", Pattern.CASE_INSENSITIVE);
  private static final Pattern FROM_ADDRESS =
      Pattern.compile(
          "(^|[\\s'])from'? parameter is not a valid address", Pattern.CASE_INSENSITIVE);
  private static final Pattern TRY_AGAIN =
      Pattern.compile(
          "try again after ([A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2})"
              + " (?:UTC|GMT)");

  @Override
  public HttpCalls.ProviderError read(Response response, String body) {
    String detail = detail(body);
    String retryAfter = response.header("Retry-After");
    if (retryAfter == null) {
      Matcher at = TRY_AGAIN.matcher(detail);
      retryAfter =
          at.find() ? at.group(1) + " GMT" : null; // an HTTP date, as Retry-After would carry it
    }
    ErrorCode code = classify(response.code(), detail);
    if (code == null) {
      return new HttpCalls.ProviderError(detail, retryAfter);
    }
    String hint = hint(code, response.code(), detail);
    // the shared message keeps 200 characters of detail: cut Mailgun's text so the hint survives
    String text =
        detail.length() + hint.length() > MAX_DETAIL
            ? detail.substring(0, MAX_DETAIL - hint.length() - 1) + "…"
            : detail;
    return HttpCalls.ProviderError.classified(
        code,
        text.isEmpty() ? hint.replaceFirst("^; ", "") : text + hint,
        code.retryable() ? retryAfter : null);
  }

  /** The code for a status and Mailgun's message, or {@code null} for the shared status mapping. */
  static ErrorCode classify(int status, String message) {
    if ((status == 400 || status == 403) && NOT_ALLOWED.matcher(message).find()) {
      return DOMAIN_SETUP.matcher(message).find()
          ? ErrorCode.INVALID_CONFIG
          : ErrorCode.QUOTA_EXCEEDED;
    }
    return switch (status) {
      case 400 ->
          TO_ADDRESS.matcher(message).find()
              ? ErrorCode.INVALID_REQUEST
              : FROM_ADDRESS.matcher(message).find() ? ErrorCode.INVALID_CONFIG : null;
      case 403 -> QUOTA.matcher(message).find() ? ErrorCode.QUOTA_EXCEEDED : null;
      case 404 -> ErrorCode.INVALID_CONFIG;
      case 413 -> ErrorCode.INVALID_REQUEST;
      default -> null;
    };
  }

  private static String hint(ErrorCode code, int status, String message) {
    return switch (code) {
      case QUOTA_EXCEEDED ->
          "; the Mailgun account cannot send more now (plan, sending limit or authorized"
              + " recipients)";
      case INVALID_CONFIG ->
          status == 404
              ? "; check domain, and endpoint (https://api.eu.mailgun.net for a domain in the EU"
                  + " region)"
              : DOMAIN_SETUP.matcher(message).find()
                  ? "; finish the domain's setup at Mailgun (DNS records verified, account"
                      + " activated)"
                  : "; check from: it must be an address of the sending domain";
      default -> "";
    };
  }

  /**
   * Mailgun's {@code message}, or a short plain-text body ({@code Forbidden}); addresses replaced
   * by {@code <address>}, control characters removed, cut to 200 characters. Empty for anything
   * else.
   */
  static String detail(String body) {
    String text;
    try {
      String message = Json.textAt(Json.read(body), "message");
      text = message == null ? "" : message;
    } catch (IllegalArgumentException e) {
      text = body.length() <= 80 && !body.contains("<") ? body : "";
    }
    text = ADDRESS.matcher(text.replaceAll("\\p{Cntrl}+", " ").strip()).replaceAll("<address>");
    return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text;
  }
}
