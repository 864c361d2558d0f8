package dev.authmail.connector.okhttp;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A configured endpoint that a connector POSTs JSON to (a customer's HTTP email endpoint, a webhook
 * receiver), on a client derived from the shared one ({@link SharedOkHttp#forConnector}: the
 * context's network policy on every address, the configured timeouts); every outcome other than a
 * 2xx is classified by {@link HttpCalls#execute}. Creating one does no I/O.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonEndpoint {
  private final ConnectorContext context;
  private final OkHttpClient client;
  private final HttpUrl url;
  private final String provider;

  private JsonEndpoint(
      ConnectorContext context, OkHttpClient client, HttpUrl url, String provider) {
    this.context = context;
    this.client = client;
    this.url = url;
    this.provider = provider;
  }

  /**
   * @param endpoint the URL, already checked by {@link HttpCalls#endpoint} when the config was read
   * @param provider who is called, for messages ("the webhook endpoint")
   */
  public static JsonEndpoint create(
      ConnectorContext context, URI endpoint, HttpTimeouts timeouts, String provider) {
    Objects.requireNonNull(context, "context is null");
    Objects.requireNonNull(provider, "provider is null");
    return new JsonEndpoint(
        context,
        SharedOkHttp.forConnector(context, timeouts),
        HttpUrl.get(endpoint.toString()),
        provider);
  }

  /**
   * POSTs {@code json} with {@code Content-Type: application/json} and {@code headers}, in order.
   *
   * @return the 2xx answer
   * @throws ConnectorException as {@link HttpCalls#execute} classifies the outcome
   */
  public HttpReply post(String json, Map<String, String> headers) {
    return post(json, headers, HttpCalls.PLAIN_ERRORS);
  }

  /**
   * Like {@link #post(String, Map)}, reading error answers with {@code errors}, which may classify
   * them from the body.
   */
  public HttpReply post(String json, Map<String, String> headers, HttpCalls.ErrorReader errors) {
    Request.Builder request = new Request.Builder().url(url).post(HttpCalls.json(json));
    headers.forEach(request::header);
    return HttpCalls.execute(client, request.build(), provider, context.clock(), errors);
  }

  /**
   * Resolves the endpoint's host and checks its addresses against the network policy, as a post
   * would; sends nothing. For a connector's {@code verify()}.
   *
   * @throws ConnectorException the policy's refusal, or UNAVAILABLE when the name does not resolve
   */
  public void checkResolves() {
    HttpCalls.checkResolves(url, context.network());
  }

  /** The endpoint without query or user info: safe to show. */
  @Override
  public String toString() {
    return "JsonEndpoint[" + HttpCalls.shown(url.uri()) + "]";
  }
}
