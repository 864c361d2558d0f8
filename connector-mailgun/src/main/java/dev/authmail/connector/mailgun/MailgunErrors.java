package dev.authmail.connector.mailgun;

import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.HttpErrors;
import dev.authmail.connector.api.template.Json;
import dev.authmail.connector.okhttp.HttpCalls;
import java.util.regex.Pattern;
import okhttp3.Response;

/**
 * The one place where Mailgun's failures become error codes. Mailgun answers errors as
 * {@code {"message": "…"}} (a 401 as the plain text {@code Forbidden}); its API reference gives
 * the statuses: 400 bad request, 401 bad key, 402 request failed, 403 access denied, 404 not
 * found, 413 too large, 429 rate limited (retry as the answer says), 5xx retry with back-off.
 *
 * <p>Classified here: 402 and a 403 that names a sending limit or the free plan →
 * {@link ErrorCode#QUOTA_EXCEEDED} (the next connector should take over); 404 ("Domain not
 * found", or a wrong endpoint) and a 400 about the {@code from} parameter →
 * {@link ErrorCode#INVALID_CONFIG}; a 400 about the {@code to} address and 413 →
 * {@link ErrorCode#INVALID_REQUEST}. Everything else goes to the shared status mapping ({@link
 * HttpErrors#forStatus}: 401/403 → AUTHENTICATION_FAILED, 429 → RATE_LIMITED with
 * {@code Retry-After}, 408/5xx → UNAVAILABLE, other 4xx → REJECTED).
 *
 * <p>{@link #read} returns those as {@link HttpCalls.ProviderError#classified}, with a hint for the
 * operator after Mailgun's message; {@link HttpCalls#execute} throws them. Thread-safe.
 */
final class MailgunErrors implements HttpCalls.ErrorReader {
  static final String PROVIDER = "Mailgun";
  private static final int MAX_DETAIL = 200;
  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"',;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+");
  private static final Pattern QUOTA = Pattern.compile("limit|quota|upgrade|free accounts|plan", Pattern.CASE_INSENSITIVE);
  private static final Pattern TO_ADDRESS = Pattern.compile("'to'.*(not a valid|invalid)|(invalid|not a valid).*'to'",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern FROM_PARAMETER = Pattern.compile("'from'", Pattern.CASE_INSENSITIVE);

  @Override
  public HttpCalls.ProviderError read(Response response, String body) {
    String detail = detail(body);
    String retryAfter = response.header("Retry-After");
    ErrorCode code = classify(response.code(), detail);
    if (code == null) {
      return new HttpCalls.ProviderError(detail, retryAfter);
    }
    String hint = hint(code, response.code());
    // the shared message keeps 200 characters of detail: cut Mailgun's text so the hint survives
    String text = detail.length() + hint.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL - hint.length() - 1) + "…" : detail;
    return HttpCalls.ProviderError.classified(code, text.isEmpty() ? hint.replaceFirst("^; ", "") : text + hint,
        code.retryable() ? retryAfter : null);
  }

  /** The code for a status and Mailgun's message, or {@code null} for the shared status mapping. */
  static ErrorCode classify(int status, String message) {
    return switch (status) {
      case 402 -> ErrorCode.QUOTA_EXCEEDED;
      case 403 -> QUOTA.matcher(message).find() ? ErrorCode.QUOTA_EXCEEDED : null;
      case 404 -> ErrorCode.INVALID_CONFIG;
      case 413 -> ErrorCode.INVALID_REQUEST;
      case 400 -> TO_ADDRESS.matcher(message).find() ? ErrorCode.INVALID_REQUEST
          : FROM_PARAMETER.matcher(message).find() ? ErrorCode.INVALID_CONFIG : null;
      default -> null;
    };
  }

  private static String hint(ErrorCode code, int status) {
    return switch (code) {
      case QUOTA_EXCEEDED -> "; the Mailgun account cannot send more now (plan, sending limit or authorized recipients)";
      case INVALID_CONFIG -> status == 404
          ? "; check domain, and endpoint (https://api.eu.mailgun.net for a domain in the EU region)"
          : "; check from: it must be an address of the sending domain";
      default -> "";
    };
  }

  /**
   * Mailgun's {@code message}, or a short plain-text body ({@code Forbidden}); addresses replaced
   * by {@code <address>}, control characters removed, cut to 200 characters. Empty for anything else.
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
