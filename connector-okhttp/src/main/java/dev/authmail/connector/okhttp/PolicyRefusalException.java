package dev.authmail.connector.okhttp;

import dev.authmail.connector.api.ConnectorException;
import java.io.IOException;
import java.net.UnknownHostException;

/**
 * Carries a {@link dev.authmail.connector.api.NetworkPolicy} refusal through OkHttp, which only
 * lets a DNS lookup throw {@link UnknownHostException} (hence the superclass) and an interceptor
 * throw {@link IOException}. {@link HttpCalls} unwraps it, so connectors never see this type.
 */
final class PolicyRefusalException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  private final transient ConnectorException refusal;

  PolicyRefusalException(ConnectorException refusal) {
    super(refusal.getMessage());
    this.refusal = refusal;
    initCause(refusal);
  }

  ConnectorException refusal() {
    return refusal;
  }

  /**
   * The refusal somewhere in {@code failure}'s causes or suppressed exceptions, or {@code null}.
   */
  static ConnectorException find(Throwable failure) {
    return find(failure, 0);
  }

  private static ConnectorException find(Throwable t, int depth) {
    if (t == null || depth > 8) {
      return null;
    }
    if (t instanceof PolicyRefusalException p) {
      return p.refusal;
    }
    for (Throwable suppressed : t.getSuppressed()) {
      ConnectorException found = find(suppressed, depth + 1);
      if (found != null) {
        return found;
      }
    }
    return t.getCause() == t ? null : find(t.getCause(), depth + 1);
  }
}
