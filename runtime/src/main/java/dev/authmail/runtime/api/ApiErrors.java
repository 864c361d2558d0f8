package dev.authmail.runtime.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.runtime.outbox.AcceptGate;
import dev.authmail.runtime.outbox.AcceptResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The API's errors, with Logto's codes where Logto has one. Every error answer is JSON {@code
 * {"code", "message", "details"?}}; see docs/api.md for the table.
 */
public final class ApiErrors {
  public static final String INVALID_INPUT = "request.invalid_input";
  public static final String GUARD_INVALID_INPUT = "guard.invalid_input";
  public static final String RATE_LIMITED = "request.message_rate_limited";
  public static final String IDEMPOTENCY_CONFLICT = "request.idempotency_key_reused";
  public static final String PAYLOAD_TOO_LARGE = "request.payload_too_large";
  public static final String UNSUPPORTED_MEDIA_TYPE = "request.unsupported_media_type";
  public static final String NOT_FOUND = "entity.not_found";
  public static final String ROUTE_NOT_FOUND = "router.not_found";
  public static final String METHOD_NOT_ALLOWED = "router.method_not_allowed";
  public static final String HEADER_MISSING = "auth.authorization_header_missing";
  public static final String UNAUTHORIZED = "auth.unauthorized";
  public static final String FORBIDDEN = "auth.forbidden";
  public static final String INTERNAL = "request.general";
  public static final String UNAVAILABLE = "request.service_unavailable";

  private ApiErrors() {}

  public static ApiException of(int status, String code, String message) {
    return new ApiException(status, code, message, List.of(), Map.of(), null);
  }

  /**
   * 400 {@code request.invalid_input}: the request is not usable as sent (syntax, headers, query).
   */
  public static ApiException invalidInput(String message) {
    return of(400, INVALID_INPUT, message);
  }

  /** 400 {@code guard.invalid_input}: a field of the body is invalid; each problem is a detail. */
  public static ApiException guard(String message, List<ApiException.Detail> details) {
    return new ApiException(400, GUARD_INVALID_INPUT, message, details, Map.of(), null);
  }

  /** 400 {@code guard.invalid_input} about one field. */
  public static ApiException guard(String path, String problem) {
    return guard(path + ": " + problem, List.of(new ApiException.Detail(path, problem)));
  }

  /** 404 {@code entity.not_found}. */
  /**
   * 422: an {@link AcceptGate} refused the send; {@code details} names {@code path} with the
   * reason.
   */
  public static ApiException refused(AcceptResult.Refused refused, String path) {
    return of(422, refused.code(), refused.message())
        .withDetails(List.of(new ApiException.Detail(path, refused.reason())));
  }

  public static ApiException notFound(String message) {
    return of(404, NOT_FOUND, message);
  }

  /**
   * 429 {@code request.message_rate_limited} with {@code Retry-After} in whole seconds (at least
   * 1).
   */
  public static ApiException rateLimited(Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return of(429, RATE_LIMITED, "Too many messages; retry after " + seconds + " s.")
        .withHeader("Retry-After", Long.toString(seconds));
  }

  public static ApiException unauthorized(String message) {
    return of(401, UNAUTHORIZED, message).withHeader("WWW-Authenticate", "Bearer");
  }

  public static ApiException forbidden(String message) {
    return of(403, FORBIDDEN, message);
  }

  /**
   * A connector's error as Logto answers it: {@code connector.<wireCode>} with the code's HTTP
   * status, the problems of an invalid configuration as details, and Retry-After when known.
   */
  public static ApiException connector(ConnectorException e) {
    List<ApiException.Detail> details =
        e.problems().stream()
            .map((ConfigProblem p) -> new ApiException.Detail(p.path(), p.message()))
            .toList();
    ApiException error =
        new ApiException(
            e.code().httpStatus(),
            "connector." + e.code().wireCode(),
            e.getMessage() == null ? e.code().name() : e.getMessage(),
            details,
            Map.of(),
            null);
    if (e.retryAfter().isPresent()) {
      long seconds = Math.max(1, (e.retryAfter().get().toMillis() + 999) / 1000);
      error = error.withHeader("Retry-After", Long.toString(seconds));
    }
    return error;
  }

  /**
   * 503 {@value #UNAVAILABLE} with {@code Retry-After: 1}: storage could not be used (the database
   * is down, the outbox stopped). {@code message} says what did not happen, never the cause.
   */
  public static ApiException unavailable(String message) {
    return of(503, UNAVAILABLE, message).withHeader("Retry-After", "1");
  }

  /** 400 for a body that is not JSON, saying what is wrong and where (line and column). */
  public static ApiException malformedJson(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return of(400, INVALID_INPUT, "Malformed JSON" + where + ": " + e.getOriginalMessage());
  }
}
