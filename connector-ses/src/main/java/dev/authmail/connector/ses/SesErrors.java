package dev.authmail.connector.ses;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.toolkit.HttpErrors;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one mapping from what the AWS SDK throws to an {@link ErrorCode}, keeping the SDK's exception
 * as the cause. SES error codes first (read by the SDK from {@code x-amzn-ErrorType} or the body's
 * {@code __type}/{@code code}), then the HTTP status through {@link HttpErrors}, then transport
 * failures. Error texts are cut and stripped of addresses: SES names the refused identities.
 *
 * <p>Stateless and thread-safe.
 */
final class SesErrors {
  private static final String PROVIDER = "Amazon SES";

  private static final Set<String> THROTTLED =
      Set.of(
          "TooManyRequestsException",
          "LimitExceededException",
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestThrottled",
          "RequestLimitExceeded",
          "SlowDown");
  private static final Set<String> REJECTED =
      Set.of(
          "MessageRejected",
          "MailFromDomainNotVerifiedException",
          "BadRequestException",
          "NotFoundException",
          "InvalidParameterValue",
          "ValidationException");
  private static final Set<String> QUOTA =
      Set.of("AccountSuspendedException", "SendingPausedException");
  private static final Set<String> CREDENTIALS =
      Set.of(
          "UnrecognizedClientException",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "InvalidSignatureException",
          "MissingAuthenticationToken",
          "MissingAuthenticationTokenException",
          "AccessDenied",
          "AccessDeniedException",
          "ExpiredToken",
          "ExpiredTokenException",
          "AuthFailure",
          "NotAuthorized",
          "InvalidAccessKeyId");

  private SesErrors() {}

  /** The exception for anything a call to SES threw. */
  static ConnectorException map(Throwable failure, Clock clock) {
    if (failure instanceof ConnectorException e) {
      return e;
    }
    // A refusal by the operator's network policy, raised by the HTTP client's DNS or connection
    // guard (connector-okhttp) and wrapped by OkHttp and the SDK: passed through unchanged
    // (INVALID_CONFIG, naming the address and the operator setting). No other ConnectorException
    // can sit inside an SDK exception.
    Optional<ConnectorException> refusal = Causes.find(failure, ConnectorException.class);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    if (Causes.find(failure, LazyDefaultCredentials.Unavailable.class).isPresent()) {
      return new ConnectorException(
          ErrorCode.AUTHENTICATION_FAILED,
          "no AWS credentials found: set accessKeyId and accessKeySecret, or provide credentials to"
              + " the default AWS chain (environment, profile, web identity, container or instance"
              + " role)",
          failure);
    }
    if (failure instanceof AwsServiceException e) {
      return service(e, clock);
    }
    if (failure instanceof ApiCallTimeoutException
        || failure instanceof ApiCallAttemptTimeoutException) {
      return ConnectorException.outcomeUnknown(
          ErrorCode.TIMEOUT,
          PROVIDER
              + " did not answer within the call timeout (timeout.call); the email may have been"
              + " accepted",
          failure);
    }
    if (failure instanceof SdkClientException) {
      return transport(failure);
    }
    return new ConnectorException(
        ErrorCode.INTERNAL,
        "unexpected failure calling " + PROVIDER + ": " + failure.getClass().getSimpleName(),
        failure);
  }

  private static ConnectorException service(AwsServiceException e, Clock clock) {
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null || details.errorCode() == null ? "" : details.errorCode();
    String detail = detail(code, details == null ? null : details.errorMessage());
    String retryAfter =
        details == null || details.sdkHttpResponse() == null
            ? null
            : details.sdkHttpResponse().firstMatchingHeader("Retry-After").orElse(null);
    int status = e.statusCode();
    if (THROTTLED.contains(code) || e.isThrottlingException()) {
      Duration wait = HttpErrors.parseRetryAfter(retryAfter, clock).orElse(null);
      return ConnectorException.withRetryAfter(
          ErrorCode.RATE_LIMITED, PROVIDER + " asks to slow down: " + detail, wait, e);
    }
    if (QUOTA.contains(code)) {
      return new ConnectorException(
          ErrorCode.QUOTA_EXCEEDED,
          PROVIDER
              + " does not send for this account now: "
              + detail
              + "; see the SES console's account dashboard",
          e);
    }
    if (CREDENTIALS.contains(code) || code.startsWith("AccessDenied")) {
      return new ConnectorException(
          ErrorCode.AUTHENTICATION_FAILED,
          PROVIDER
              + " refused the credentials: "
              + detail
              + "; check accessKeyId/accessKeySecret (or the default chain's credentials) and the"
              + " ses:SendEmail permission",
          e);
    }
    if (REJECTED.contains(code)) {
      return new ConnectorException(
          ErrorCode.REJECTED, PROVIDER + " refused the message: " + detail, e);
    }
    ConnectorException byStatus = HttpErrors.forStatus(PROVIDER, status, retryAfter, detail, clock);
    return ConnectorException.withRetryAfter(
        byStatus.code(), byStatus.getMessage(), byStatus.retryAfter().orElse(null), e);
  }

  private static ConnectorException transport(Throwable e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    if (isConnectFailure(e)) {
      boolean timedOut = isConnectTimeout(e);
      return new ConnectorException(
          timedOut ? ErrorCode.TIMEOUT : ErrorCode.UNAVAILABLE,
          "cannot connect to " + PROVIDER + ": " + describe(cause),
          e);
    }
    if (Causes.find(e, SocketTimeoutException.class).isPresent()
        || Causes.find(e, InterruptedIOException.class).isPresent()) {
      return ConnectorException.outcomeUnknown(
          ErrorCode.TIMEOUT,
          PROVIDER + " did not answer in time (timeout.read); the email may have been accepted",
          e);
    }
    return ConnectorException.outcomeUnknown(
        ErrorCode.UNAVAILABLE,
        PROVIDER + " connection failed: " + describe(cause) + "; the email may have been accepted",
        e);
  }

  /** Failures before the request left: nothing can have been sent. */
  private static boolean isConnectFailure(Throwable e) {
    return Causes.find(e, ConnectException.class).isPresent()
        || Causes.find(e, NoRouteToHostException.class).isPresent()
        || Causes.find(e, UnknownHostException.class).isPresent()
        || isConnectTimeout(e);
  }

  /**
   * The JDK socket says "Connect timed out" (a SocketTimeoutException, which OkHttp passes on) when
   * connecting takes too long.
   */
  private static boolean isConnectTimeout(Throwable e) {
    return Causes.find(e, SocketTimeoutException.class)
        .map(
            t ->
                t.getMessage() != null
                    && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect"))
        .orElse(false);
  }

  private static String detail(String code, String message) {
    String text =
        (code.isEmpty() ? "" : code)
            + (message == null || message.isBlank() ? "" : (code.isEmpty() ? "" : ": ") + message);
    return text.isEmpty() ? "no error details" : clean(text);
  }

  private static String describe(Throwable t) {
    String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return clean(text);
  }

  /** One line, at most 200 characters, without email addresses (SES quotes refused identities). */
  static String clean(String text) {
    String s =
        text.replaceAll("\\p{Cntrl}+", " ")
            .replaceAll("[^\\s<>\"',;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+", "<address>")
            .strip();
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
