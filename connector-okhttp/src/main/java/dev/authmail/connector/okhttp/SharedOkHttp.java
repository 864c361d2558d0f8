package dev.authmail.connector.okhttp;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.NetworkPolicy;
import java.net.Proxy;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The one {@link OkHttpClient} of the process, from which every OkHttp-based connector derives its
 * own client with {@link #forConnector}. Derived clients share the base client's connection pool
 * and threads, so a hundred connector instances cost one pool.
 *
 * <p>The base client is configured for a sender whose host owns retries: no automatic retry on
 * connection failure (a hidden retry could send an email twice), no redirects (a redirect is a
 * configuration error the operator must see), no proxy (the address guard must see the real peer),
 * finite timeouts, and a pool of {@value #MAX_IDLE_CONNECTIONS} idle connections (OkHttp's default
 * of 5 made 8 concurrent senders reopen connections; 16 reopened none).
 *
 * <p>Thread-safe: the base client is created once, lazily, and is immutable.
 */
public final class SharedOkHttp {
  /** Idle connections kept per process; enough for the runtime's concurrent workers. */
  public static final int MAX_IDLE_CONNECTIONS = 16;

  /** How long an idle connection is kept. */
  public static final long KEEP_ALIVE_MINUTES = 5;

  /** Sent unless a request sets its own. */
  public static final String USER_AGENT = "authmail";

  private SharedOkHttp() {}

  /** Initialization-on-demand holder: the client is built on first use, once. */
  private static final class Holder {
    static final OkHttpClient CLIENT = build();
  }

  /**
   * The process-wide base client. It applies the strict {@link NetworkPolicy}; connectors use
   * {@link #forConnector} so that the operator's policy from their context applies instead.
   */
  public static OkHttpClient client() {
    return Holder.CLIENT;
  }

  /**
   * A client for one connector instance: the shared pool and threads, the context's network policy
   * checked on every resolved address ({@link NetworkPolicy#resolve}) and on the address actually
   * connected to ({@link NetworkPolicy#checkAddress}), and the given timeouts. Does no I/O; call it
   * from {@code create()}.
   */
  public static OkHttpClient forConnector(ConnectorContext context, HttpTimeouts timeouts) {
    Objects.requireNonNull(context, "context is null");
    Objects.requireNonNull(timeouts, "timeouts is null");
    NetworkPolicy policy = context.network();
    OkHttpClient.Builder builder = client().newBuilder();
    builder.networkInterceptors().removeIf(interceptor -> interceptor instanceof AddressGuard);
    return builder
        .dns(new PolicyDns(policy))
        .addNetworkInterceptor(new AddressGuard(policy))
        .connectTimeout(timeouts.connect())
        .readTimeout(timeouts.read())
        .writeTimeout(timeouts.write())
        .callTimeout(timeouts.call())
        .build();
  }

  private static OkHttpClient build() {
    NetworkPolicy strict = NetworkPolicy.strict();
    HttpTimeouts defaults = HttpTimeouts.DEFAULTS;
    return new OkHttpClient.Builder()
        .connectionPool(
            new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .proxy(Proxy.NO_PROXY)
        .dns(new PolicyDns(strict))
        .addInterceptor(
            chain ->
                chain.request().header("User-Agent") != null
                    ? chain.proceed(chain.request())
                    : chain.proceed(
                        chain.request().newBuilder().header("User-Agent", USER_AGENT).build()))
        .addNetworkInterceptor(new AddressGuard(strict))
        .connectTimeout(defaults.connect())
        .readTimeout(defaults.read())
        .writeTimeout(defaults.write())
        .callTimeout(defaults.call())
        .build();
  }
}
