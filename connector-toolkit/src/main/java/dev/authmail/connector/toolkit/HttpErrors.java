package dev.authmail.connector.toolkit;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one mapping from an HTTP provider's status to an {@link ErrorCode}, shared by every
 * HTTP-family connector so they classify alike: 400/404/422 → {@link ErrorCode#REJECTED}; 401/403 →
 * {@link ErrorCode#AUTHENTICATION_FAILED}; 408 and 5xx → {@link ErrorCode#UNAVAILABLE}; 429 →
 * {@link ErrorCode#RATE_LIMITED} with {@code Retry-After}; a redirect → {@link
 * ErrorCode#INVALID_CONFIG} (redirects are never followed); other 4xx → REJECTED. Thread-safe;
 * stateless.
 */
public final class HttpErrors {
  /** Longest provider text kept in a message; bodies can be large and may echo input. */
  private static final int MAX_DETAIL = 200;

  private HttpErrors() {}

  /**
   * The exception for a non-2xx answer.
   *
   * @param provider who answered, for the message ("SendGrid")
   * @param status the HTTP status
   * @param retryAfter the {@code Retry-After} header, or {@code null}
   * @param detail a short excerpt of the provider's error text, or {@code null}; it is cut and
   *     stripped of control characters
   */
  public static ConnectorException forStatus(
      String provider, int status, String retryAfter, String detail, Clock clock) {
    String message = provider + " answered HTTP " + status + suffix(detail);
    if (status >= 300 && status < 400) {
      return new ConnectorException(
          ErrorCode.INVALID_CONFIG,
          message + "; redirects are not followed: configure the final URL");
    }
    if (status == 401 || status == 403) {
      return new ConnectorException(
          ErrorCode.AUTHENTICATION_FAILED, message + "; check the credentials");
    }
    if (status == 429) {
      return ConnectorException.withRetryAfter(
          ErrorCode.RATE_LIMITED, message, parseRetryAfter(retryAfter, clock).orElse(null), null);
    }
    if (status == 408 || status >= 500) {
      return ConnectorException.withRetryAfter(
          ErrorCode.UNAVAILABLE, message, parseRetryAfter(retryAfter, clock).orElse(null), null);
    }
    return new ConnectorException(ErrorCode.REJECTED, message);
  }

  /**
   * The exception for a non-2xx answer that the connector classified itself from the body (a 422
   * whose body says "out of credits" is {@link ErrorCode#QUOTA_EXCEEDED}, not REJECTED); the
   * message reads as {@link #forStatus}'s.
   *
   * @param code the connector's classification
   * @param retryAfter a {@code Retry-After} value (seconds or an HTTP date), or {@code null}
   */
  public static ConnectorException classified(
      String provider, int status, ErrorCode code, String retryAfter, String detail, Clock clock) {
    return ConnectorException.withRetryAfter(
        code,
        provider + " answered HTTP " + status + suffix(detail),
        parseRetryAfter(retryAfter, clock).orElse(null),
        null);
  }

  /**
   * Parses {@code Retry-After}: delay seconds ({@code 120}) or an HTTP date ({@code Wed, 21 Oct
   * 2015 07:28:00 GMT}). A date in the past gives zero.
   */
  public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String suffix(String detail) {
    if (detail == null || detail.isBlank()) {
      return "";
    }
    String clean = detail.replaceAll("\\p{Cntrl}+", " ").strip();
    return ": " + (clean.length() > MAX_DETAIL ? clean.substring(0, MAX_DETAIL) + "…" : clean);
  }
}
