package dev.authmail.connector.ses;

import dev.authmail.connector.api.ConnectorException;
import java.net.UnknownHostException;

/**
 * Carries a {@link dev.authmail.connector.api.NetworkPolicy} refusal through the HTTP client, whose
 * name lookup may only throw {@link UnknownHostException}; {@link SesErrors} unwraps it.
 */
final class PolicyRefusal extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  private final transient ConnectorException refusal;

  PolicyRefusal(ConnectorException refusal) {
    super(refusal.getMessage());
    this.refusal = refusal;
    initCause(refusal);
  }

  ConnectorException refusal() {
    return refusal;
  }
}
