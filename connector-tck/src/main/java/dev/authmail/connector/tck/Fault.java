package dev.authmail.connector.tck;

import dev.authmail.connector.api.ErrorCode;

/**
 * A failure a connector's test peer can be told to produce ({@link
 * ConnectorContractTest#arrangeFault}), with the {@link ErrorCode} the connector must map it to.
 *
 * <p>How a peer produces each fault is the connector test's business; typical choices:
 *
 * <ul>
 *   <li>{@link #REJECTED}: SMTP 550 after RCPT/DATA, HTTP 400 or 422;
 *   <li>{@link #AUTHENTICATION_FAILED}: SMTP 535, HTTP 401 or 403;
 *   <li>{@link #RATE_LIMITED}: SMTP 450/451/452 or 421 where the provider means "slow down", HTTP
 *       429;
 *   <li>{@link #UNAVAILABLE}: SMTP 4xx, HTTP 500/502/503;
 *   <li>{@link #TIMEOUT}: the peer accepts the connection (or request) and never answers; the
 *       connector's configured timeout (keep it at 1–2 s in {@code validConfig()}) must end the
 *       send.
 * </ul>
 */
public enum Fault {
  /** The provider refuses this message for good. */
  REJECTED(ErrorCode.REJECTED),
  /** The provider refuses the credentials. */
  AUTHENTICATION_FAILED(ErrorCode.AUTHENTICATION_FAILED),
  /** The provider asks the sender to slow down. */
  RATE_LIMITED(ErrorCode.RATE_LIMITED),
  /** The provider is down or answers with a transient failure. */
  UNAVAILABLE(ErrorCode.UNAVAILABLE),
  /** The provider never answers. */
  TIMEOUT(ErrorCode.TIMEOUT);

  private final ErrorCode expectedCode;

  Fault(ErrorCode expectedCode) {
    this.expectedCode = expectedCode;
  }

  /** The code the connector's {@code ConnectorException} must carry for this fault. */
  public ErrorCode expectedCode() {
    return expectedCode;
  }

  /** Whether the exception must say that trying again may help. */
  public boolean retryable() {
    return expectedCode.retryable();
  }
}
