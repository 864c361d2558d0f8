package dev.authmail.connector.okhttp;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.NetworkPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A network interceptor that checks the address a request is about to be written to, after the
 * connection is made and before a byte of the request is sent: the last word of the operator's
 * {@link NetworkPolicy} ({@link NetworkPolicy#checkAddress}, which also refuses plain http to a
 * public address). It also records, for {@link HttpCalls}, that the request went out, so that a
 * failure after this point is reported as possibly delivered. Thread-safe.
 */
final class AddressGuard implements Interceptor {
  private final NetworkPolicy policy;

  AddressGuard(NetworkPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy is null");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Connection connection = chain.connection();
    if (connection == null) {
      throw new IllegalStateException("AddressGuard must be a network interceptor");
    }
    InetAddress address = connection.route().socketAddress().getAddress();
    try {
      policy.checkAddress(address, request.isHttps());
    } catch (ConnectorException e) {
      throw new PolicyRefusalException(e);
    }
    SendState state = request.tag(SendState.class);
    if (state != null) {
      state.markWritten();
    }
    return chain.proceed(request);
  }
}
