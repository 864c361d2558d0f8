package dev.authmail.connector.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception a connector throws. It always carries an {@link ErrorCode}; the runtime decides
 * from it whether to retry, fail over, or give up.
 *
 * <p>Messages are read by people and written to logs and API responses: they must name the problem
 * and the fix, and never contain a secret, a recipient address or a one-time code. Keep the
 * provider's native exception as the cause; the runtime never shows causes to API callers.
 */
public class ConnectorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final Duration retryAfter;
  private final boolean maybeDelivered;
  private final boolean recipientUnknown;
  private final List<ConfigProblem> problems;

  private ConnectorException(
      ErrorCode code,
      String message,
      Throwable cause,
      Duration retryAfter,
      boolean maybeDelivered,
      List<ConfigProblem> problems) {
    this(code, message, cause, retryAfter, maybeDelivered, false, problems);
  }

  private ConnectorException(
      ErrorCode code,
      String message,
      Throwable cause,
      Duration retryAfter,
      boolean maybeDelivered,
      boolean recipientUnknown,
      List<ConfigProblem> problems) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code is null");
    this.retryAfter = retryAfter;
    this.maybeDelivered = maybeDelivered;
    this.recipientUnknown = recipientUnknown;
    this.problems = List.copyOf(problems);
  }

  public ConnectorException(ErrorCode code, String message) {
    this(code, message, null, null, false, List.of());
  }

  public ConnectorException(ErrorCode code, String message, Throwable cause) {
    this(code, message, cause, null, false, List.of());
  }

  /** A {@link ErrorCode#RATE_LIMITED} (or other) error with the provider's requested pause. */
  public static ConnectorException withRetryAfter(
      ErrorCode code, String message, Duration retryAfter, Throwable cause) {
    return new ConnectorException(code, message, cause, retryAfter, false, List.of());
  }

  /**
   * A retryable failure after which the provider may nonetheless have accepted the message (for
   * example the connection dropped after SMTP's final dot). The runtime may retry, and records that
   * a duplicate is possible.
   */
  public static ConnectorException outcomeUnknown(ErrorCode code, String message, Throwable cause) {
    return new ConnectorException(code, message, cause, null, true, List.of());
  }

  /**
   * A {@link ErrorCode#REJECTED} error because the recipient's mailbox does not exist, said by the
   * receiving server itself while sending (SMTP {@code 550 5.1.1} to RCPT): the runtime suppresses
   * the address as a hard bounce when the message ends failed with it.
   */
  public static ConnectorException recipientUnknown(String message, Throwable cause) {
    return new ConnectorException(ErrorCode.REJECTED, message, cause, null, false, true, List.of());
  }

  /** An {@link ErrorCode#INVALID_CONFIG} error listing every problem found, each with its key. */
  public static ConnectorException invalidConfig(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems is empty");
    }
    StringBuilder message = new StringBuilder();
    for (ConfigProblem problem : problems) {
      if (message.length() > 0) {
        message.append("; ");
      }
      message.append(problem);
    }
    return new ConnectorException(
        ErrorCode.INVALID_CONFIG, message.toString(), null, null, false, problems);
  }

  /** One configuration problem, at {@code key}. */
  public static ConnectorException invalidConfig(String key, String problem) {
    return invalidConfig(List.of(new ConfigProblem(key, problem)));
  }

  public ErrorCode code() {
    return code;
  }

  /** Whether trying again later may succeed; follows the code. */
  public boolean retryable() {
    return code.retryable();
  }

  /** How long the provider asked us to wait, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether the provider may have accepted the message despite this error. */
  public boolean maybeDelivered() {
    return maybeDelivered;
  }

  /** Whether the recipient's mailbox is known not to exist ({@link #recipientUnknown}). */
  public boolean recipientUnknown() {
    return recipientUnknown;
  }

  /** For {@link ErrorCode#INVALID_CONFIG}: each problem with its key path; otherwise empty. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  @Override
  public String toString() {
    return "ConnectorException[" + code + "]: " + getMessage();
  }
}
