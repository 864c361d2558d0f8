package dev.authmail.connector.okhttp;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.toolkit.HttpErrors;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Executes one request and turns every failure into a {@link ConnectorException}, in one place for
 * every OkHttp-based connector:
 *
 * <ul>
 *   <li>2xx: an {@link HttpReply};
 *   <li>any other status: the {@link ErrorReader}'s classification from the body when it gives one
 *       (a provider's "out of credits" in a 422), else {@link HttpErrors#forStatus} (the one status
 *       mapping, with {@code Retry-After}), with the start of the body as detail;
 *   <li>{@link SocketTimeoutException} and other {@link InterruptedIOException} (OkHttp's call
 *       timeout): {@link ErrorCode#TIMEOUT};
 *   <li>connection refused, reset, TLS failures and every other {@link IOException}: {@link
 *       ErrorCode#UNAVAILABLE};
 *   <li>a refusal by the operator's network policy: the policy's own exception, unchanged.
 * </ul>
 *
 * A failure after the request was written is reported with {@link
 * ConnectorException#maybeDelivered()}: the provider may have accepted the email. Nothing is
 * retried here; the runtime owns retries. Stateless and thread-safe.
 */
public final class HttpCalls {
  /** The most of a response body ever read: enough for an error text, bounded against floods. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final MediaType JSON = MediaType.get("application/json");

  /**
   * How a provider's non-2xx answer is read: the detail text for the message, the {@code
   * Retry-After} value, and, when the body says more than the status, the error code itself. The
   * default takes the start of the body and the {@code Retry-After} header and leaves the code to
   * the one status mapping; a connector whose provider answers in its own shape (SendGrid's {@code
   * errors[].message}, Postmark's {@code ErrorCode} 405 "out of credits" in a 422) supplies its
   * own, reading the body with {@link dev.authmail.connector.toolkit.Json#read}. Implementations
   * must be thread-safe and must not put secrets or addresses in the detail.
   */
  @FunctionalInterface
  public interface ErrorReader {
    /**
     * @param body the start of the body (at most {@link #MAX_BODY_BYTES}), empty when unreadable
     */
    ProviderError read(Response response, String body);
  }

  /**
   * What an {@link ErrorReader} found.
   *
   * @param detail a short detail for the message (may be empty)
   * @param retryAfter a {@code Retry-After} value, seconds or an HTTP date (may be null)
   * @param code the code the body calls for, or {@code null} to classify by status ({@link
   *     HttpErrors#forStatus})
   */
  public record ProviderError(String detail, String retryAfter, ErrorCode code) {
    /** Classified by status. */
    public ProviderError(String detail, String retryAfter) {
      this(detail, retryAfter, null);
    }

    /** Classified from the body: {@code code} whatever the status. */
    public static ProviderError classified(ErrorCode code, String detail, String retryAfter) {
      return new ProviderError(detail, retryAfter, Objects.requireNonNull(code, "code is null"));
    }
  }

  /** The start of the body and the {@code Retry-After} header. */
  public static final ErrorReader PLAIN_ERRORS =
      (response, body) -> new ProviderError(body, response.header("Retry-After"));

  private HttpCalls() {}

  /** A body sent with {@code Content-Type: application/json} exactly (no charset parameter). */
  public static RequestBody json(String json) {
    return RequestBody.create(json.getBytes(StandardCharsets.UTF_8), JSON);
  }

  /**
   * Sends {@code request} with {@code client} and reads the answer.
   *
   * @param provider who is called, for messages ("HTTP email endpoint")
   * @param clock to turn a {@code Retry-After} date into a delay
   * @return the 2xx answer
   * @throws ConnectorException classifying any other outcome, with the native error as cause
   */
  public static HttpReply execute(
      OkHttpClient client, Request request, String provider, Clock clock) {
    return execute(client, request, provider, clock, PLAIN_ERRORS);
  }

  /**
   * Like {@link #execute(OkHttpClient, Request, String, Clock)}, reading error answers with {@code
   * errors} before the one status mapping classifies them.
   */
  public static HttpReply execute(
      OkHttpClient client, Request request, String provider, Clock clock, ErrorReader errors) {
    SendState state = new SendState();
    Request tagged = request.newBuilder().tag(SendState.class, state).build();
    try (Response response = client.newCall(tagged).execute()) {
      int status = response.code();
      if (status >= 200 && status < 300) {
        return new HttpReply(status, response.headers(), readQuietly(response.body()));
      }
      ProviderError error = errors.read(response, readQuietly(response.body()));
      throw error.code() != null
          ? HttpErrors.classified(
              provider, status, error.code(), error.retryAfter(), error.detail(), clock)
          : HttpErrors.forStatus(provider, status, error.retryAfter(), error.detail(), clock);
    } catch (IOException e) {
      throw failure(provider, e, state.written());
    }
  }

  /**
   * Checks an endpoint from configuration without I/O: the operator's {@link
   * NetworkPolicy#checkEndpoint} rules, and that OkHttp can use the URL.
   *
   * @param key the key path, named in errors
   * @throws ConnectorException INVALID_CONFIG naming {@code key}
   */
  public static URI endpoint(NetworkPolicy policy, String key, String url) {
    URI uri = policy.checkEndpoint(key, url);
    if (HttpUrl.parse(uri.toString()) == null) {
      throw ConnectorException.invalidConfig(key, "is not a valid http(s) URL");
    }
    return uri;
  }

  /**
   * An endpoint as it may be shown in {@code toString()} and messages: scheme, host, port and path,
   * without user info or query, which may carry a token.
   */
  public static String shown(URI endpoint) {
    return endpoint.getScheme()
        + "://"
        + endpoint.getHost()
        + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
        + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath());
  }

  /**
   * For a connector's {@code verify()}: resolves {@code url}'s host and checks every address with
   * the operator's policy, as a send would before connecting. Does DNS I/O, sends nothing.
   *
   * @throws ConnectorException the policy's refusal, or {@link ErrorCode#UNAVAILABLE} when the name
   *     does not resolve
   */
  public static void checkResolves(HttpUrl url, NetworkPolicy policy) {
    for (InetAddress address : policy.resolve(url.host())) {
      policy.checkAddress(address, url.isHttps());
    }
  }

  /**
   * The exception for a transport failure; {@code written}: the request may have reached the
   * provider.
   */
  static ConnectorException failure(String provider, IOException e, boolean written) {
    ConnectorException refusal = PolicyRefusalException.find(e);
    if (refusal != null) {
      return refusal;
    }
    ErrorCode code;
    String message;
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      code = ErrorCode.TIMEOUT;
      message =
          provider
              + (written ? " did not answer in time" : " could not be reached in time")
              + "; the timeout settings bound each request";
    } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      code = ErrorCode.UNAVAILABLE;
      message = "cannot connect to " + provider + ": " + describe(e);
    } else if (e instanceof SSLException) {
      code = ErrorCode.UNAVAILABLE;
      message = "TLS with " + provider + " failed: " + describe(e);
    } else {
      code = ErrorCode.UNAVAILABLE;
      message = provider + " connection failed: " + describe(e);
    }
    return written
        ? ConnectorException.outcomeUnknown(
            code, message + " (the request was sent; the email may have been accepted)", e)
        : new ConnectorException(code, message, e);
  }

  private static String describe(IOException e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    text = text.replaceAll("\\p{Cntrl}+", " ").strip();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  /** The start of a body as text (at most {@link #MAX_BODY_BYTES}); empty when unreadable. */
  static String readQuietly(ResponseBody body) {
    if (body == null) {
      return "";
    }
    try {
      return readCapped(body, MAX_BODY_BYTES);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Reads at most {@code max} bytes of {@code body} as text in its declared charset (UTF-8 by
   * default).
   */
  public static String readCapped(ResponseBody body, long max) throws IOException {
    BufferedSource source = body.source();
    source.request(max);
    Buffer buffer = source.getBuffer();
    long n = Math.min(buffer.size(), max);
    MediaType type = body.contentType();
    Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
    return buffer.readString(n, charset);
  }
}
