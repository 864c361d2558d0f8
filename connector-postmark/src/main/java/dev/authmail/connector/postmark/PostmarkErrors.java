package dev.authmail.connector.postmark;

import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.toolkit.HttpErrors;
import dev.authmail.connector.toolkit.Json;
import java.util.regex.Pattern;
import okhttp3.Response;

/**
 * The one place where Postmark's failures become error codes (its API reference's overview, "HTTP
 * response codes" and "API error codes"). Postmark answers an error with {@code {"ErrorCode": n,
 * "Message": "…"}}, mostly as HTTP 422, so the code is read from the body (Postmark's API
 * reference, "API error codes"):
 *
 * <ul>
 *   <li>10 bad or missing server token → {@link ErrorCode#AUTHENTICATION_FAILED};
 *   <li>412 account pending, 413 account may not send → {@link ErrorCode#AUTHENTICATION_FAILED}
 *       (the account, not the message: the next connector takes over);
 *   <li>405 not allowed to send (out of credits) → {@link ErrorCode#QUOTA_EXCEEDED};
 *   <li>300 invalid email request, 411 forbidden attachment type → {@link
 *       ErrorCode#INVALID_REQUEST};
 *   <li>406 inactive recipient (bounced, unsubscribed, spam complaint) → {@link
 *       ErrorCode#REJECTED};
 *   <li>400/401 sender signature not found / not confirmed, 1101 template not found → {@link
 *       ErrorCode#INVALID_CONFIG} ({@code fromEmail}, {@code templates});
 *   <li>402 invalid JSON, 403 incompatible JSON, 409 JSON required → {@link ErrorCode#INTERNAL}
 *       (our bug);
 *   <li>100 maintenance → {@link ErrorCode#UNAVAILABLE};
 *   <li>without a known ErrorCode, HTTP 413 (over Postmark's 10 MB request limit) → {@link
 *       ErrorCode#INVALID_REQUEST}, HTTP 404 (no such route: the endpoint is wrong) → {@link
 *       ErrorCode#INVALID_CONFIG};
 *   <li>anything else by status with the shared mapping ({@link HttpErrors#forStatus}: 401 →
 *       AUTHENTICATION_FAILED, 429 → RATE_LIMITED with {@code Retry-After}, 5xx → UNAVAILABLE,
 *       other 4xx → REJECTED).
 * </ul>
 *
 * {@link #read} returns those as {@link HttpCalls.ProviderError#classified}, the detail naming the
 * ErrorCode and ending with a hint for the operator; {@link HttpCalls#execute} throws them.
 * Thread-safe.
 */
final class PostmarkErrors implements HttpCalls.ErrorReader {
  static final String PROVIDER = "Postmark";
  private static final int MAX_DETAIL = 200;
  private static final Pattern ADDRESS =
      Pattern.compile("[^\\s<>\"',;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+");

  @Override
  public HttpCalls.ProviderError read(Response response, String body) {
    int errorCode = -1;
    String detail = "";
    try {
      Object tree = Json.read(body);
      errorCode = Json.at(tree, "ErrorCode") instanceof Long n ? n.intValue() : -1;
      String message = Json.textAt(tree, "Message");
      detail = message == null ? "" : clean(message);
    } catch (IllegalArgumentException e) {
      // not Postmark's JSON (a proxy's page): the status decides
    }
    String retryAfter = response.header("Retry-After");
    ErrorCode code = classify(errorCode);
    if (code == null) {
      ErrorCode byStatus =
          switch (response.code()) {
            case 404 -> ErrorCode.INVALID_CONFIG;
            case 413 -> ErrorCode.INVALID_REQUEST;
            default -> null;
          };
      if (byStatus == null) {
        return new HttpCalls.ProviderError(detail, retryAfter);
      }
      String why =
          byStatus == ErrorCode.INVALID_CONFIG
              ? "no such route; check endpoint (Postmark's is https://api.postmarkapp.com)"
              : "the email is over Postmark's 10 MB request limit";
      return HttpCalls.ProviderError.classified(
          byStatus, detail.isEmpty() ? why : detail + "; " + why, null);
    }
    String hint = hint(errorCode);
    // the shared message keeps 200 characters of detail: cut Postmark's text so the hint survives
    int room = MAX_DETAIL - hint.length() - 20;
    String text = detail.length() > room ? detail.substring(0, room) + "…" : detail;
    // reads "Postmark answered HTTP 422: ErrorCode 405: <Message>; <hint>"
    return HttpCalls.ProviderError.classified(
        code,
        "ErrorCode " + errorCode + (text.isEmpty() ? "" : ": " + text) + hint,
        code.retryable() ? retryAfter : null);
  }

  /** The code for Postmark's ErrorCode, or {@code null} for the shared status mapping. */
  static ErrorCode classify(int errorCode) {
    return switch (errorCode) {
      case 10, 412, 413 -> ErrorCode.AUTHENTICATION_FAILED;
      case 405 -> ErrorCode.QUOTA_EXCEEDED;
      case 300, 411 -> ErrorCode.INVALID_REQUEST;
      case 406 -> ErrorCode.REJECTED;
      case 400, 401, 1101 -> ErrorCode.INVALID_CONFIG;
      case 402, 403, 409 -> ErrorCode.INTERNAL;
      case 100 -> ErrorCode.UNAVAILABLE;
      case 429 -> ErrorCode.RATE_LIMITED;
      default -> null;
    };
  }

  private static String hint(int errorCode) {
    return switch (errorCode) {
      case 10 -> "; check serverToken (the Server API token, not the Account token)";
      case 405 -> "; the Postmark account is out of credits";
      case 412, 413 -> "; the Postmark account may not send now";
      case 400, 401 -> "; check fromEmail: it must be a confirmed sender signature";
      case 1101 -> "; check the templateAlias entries of templates";
      default -> "";
    };
  }

  /** Control characters removed, addresses replaced by {@code <address>}, cut to 200 characters. */
  private static String clean(String text) {
    String s = ADDRESS.matcher(text.replaceAll("\\p{Cntrl}+", " ").strip()).replaceAll("<address>");
    return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "…" : s;
  }
}
