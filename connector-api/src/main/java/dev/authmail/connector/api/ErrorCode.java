package dev.authmail.connector.api;

/**
 * What went wrong with a send, as the runtime needs to know it: whether trying again can help
 * ({@link #retryable()}), and how it reads on Logto's wire ({@link #wireCode()}, answered as {@code
 * connector.<code>}).
 */
public enum ErrorCode {
  /** The connector's configuration is wrong; fix the configuration. Permanent. */
  INVALID_CONFIG("invalid_config", false, 400),
  /** The request itself is unusable (bad address, bad payload, unsafe link). Permanent. */
  INVALID_REQUEST("invalid_request_parameters", false, 400),
  /** No template for the usage type nor for {@code Generic}. Permanent. */
  TEMPLATE_NOT_FOUND("template_not_found", false, 400),
  /**
   * The provider refused the credentials (SMTP 535, HTTP 401/403). Permanent until reconfigured.
   */
  AUTHENTICATION_FAILED("invalid_config", false, 400),
  /** The provider refused this message for good (SMTP 5xx, HTTP 400/404/422). */
  REJECTED("general", false, 400),
  /** The provider asks to slow down; honour {@link ConnectorException#retryAfter()}. */
  RATE_LIMITED("rate_limit_exceeded", true, 429),
  /** An account quota or plan limit is used up; waiting a little will not help. */
  QUOTA_EXCEEDED("usage_limit_exceeded", false, 429),
  /** The provider is down or answered with a transient failure (SMTP 4xx, HTTP 5xx, reset). */
  UNAVAILABLE("general", true, 400),
  /** No answer in time (connect, read or write timeout). */
  TIMEOUT("general", true, 400),
  /** A bug or an unexpected state in the connector or the host. */
  INTERNAL("general", false, 400);

  private final String wireCode;
  private final boolean retryable;
  private final int httpStatus;

  ErrorCode(String wireCode, boolean retryable, int httpStatus) {
    this.wireCode = wireCode;
    this.retryable = retryable;
    this.httpStatus = httpStatus;
  }

  /** Logto's connector error code, e.g. {@code template_not_found}. */
  public String wireCode() {
    return wireCode;
  }

  /** Whether sending the same message again later may succeed. */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Whether the message itself is at fault ({@link #REJECTED}, {@link #INVALID_REQUEST}, {@link
   * #TEMPLATE_NOT_FOUND}): another connector would refuse it too, so the outbox fails the message
   * rather than trying the next connector.
   */
  public boolean blamesMessage() {
    return this == REJECTED || this == INVALID_REQUEST || this == TEMPLATE_NOT_FOUND;
  }

  /**
   * Whether the connector is unusable for now, so the outbox hands the message to the next
   * connector of the chain at once: neither retryable nor the message's fault ({@link
   * #AUTHENTICATION_FAILED}, {@link #QUOTA_EXCEEDED}, {@link #INVALID_CONFIG}, {@link #INTERNAL}).
   * A provider's "out of credits" must be {@link #QUOTA_EXCEEDED}, not {@link #REJECTED}, or the
   * message fails instead of going out through the fallback.
   */
  public boolean failsOver() {
    return !retryable && !blamesMessage();
  }

  /** The HTTP status Logto answers with for this code. */
  public int httpStatus() {
    return httpStatus;
  }
}
