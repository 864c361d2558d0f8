package dev.authmail.connector.logtoemail.remote;

import dev.authmail.connector.api.NetworkPolicy;
import java.time.Duration;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The one {@link OkHttpClient} of this module, shared by every remote-mode connector instance:
 * OkHttp's pool and dispatcher are per client, so a client per tenant would multiply threads and
 * idle connections. Each connector derives its own view with {@code newBuilder()}, which shares
 * them. Thread-safe.
 */
final class HttpClients {
  private static final class Holder {
    // 16 idle connections: with the default 5, eight concurrent senders kept reconnecting (FIELD-NOTES).
    static final OkHttpClient SHARED = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(16, 5, java.util.concurrent.TimeUnit.MINUTES))
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false) // the runtime owns retries
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(30))
        .callTimeout(Duration.ofSeconds(60))
        .build();
  }

  private HttpClients() {}

  /** A client on the shared pool whose DNS answers pass the operator's network policy. */
  static OkHttpClient forPolicy(NetworkPolicy policy) {
    return Holder.SHARED.newBuilder().dns(policy::resolve).build();
  }
}
