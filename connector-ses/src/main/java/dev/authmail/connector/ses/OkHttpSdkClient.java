package dev.authmail.connector.ses;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The AWS SDK's HTTP client SPI over a connector's guarded {@link OkHttpClient} (from {@code
 * SharedOkHttp.forConnector}): the operator's network policy is checked on every address the host
 * name resolves to and on the address the socket actually connected to, in the same lookup the
 * connection uses, so a DNS answer that changes between a check and the connect (rebinding) cannot
 * reach an internal address. The shared client follows no redirects and retries nothing.
 *
 * <p>Maps the SDK's request (method, URI, headers, streamed body) to OkHttp and the answer (status,
 * headers, body stream) back; failures stay {@link IOException}s, which the SDK wraps and {@link
 * SesErrors} classifies. {@link #close()} releases nothing: the pool belongs to the process.
 * Thread-safe.
 */
final class OkHttpSdkClient implements SdkHttpClient {
  static final String NAME = "authmail-okhttp";

  /** Set by OkHttp from the body, not copied: a second Content-Length would be refused. */
  private static final Set<String> FROM_BODY = Set.of("content-length", "transfer-encoding");

  private static final Set<String> NO_BODY = Set.of("GET", "HEAD");
  private static final Set<String> BODY_REQUIRED = Set.of("POST", "PUT", "PATCH");

  private final OkHttpClient client;

  OkHttpSdkClient(OkHttpClient client) {
    this.client = Objects.requireNonNull(client, "client is null");
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    Call call = client.newCall(toOkHttp(request));
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        return toSdk(call.execute());
      }

      /** The SDK's call and attempt timeouts end the exchange here. */
      @Override
      public void abort() {
        call.cancel();
      }
    };
  }

  static Request toOkHttp(HttpExecuteRequest execute) {
    SdkHttpRequest sdk = execute.httpRequest();
    String method = sdk.method().name();
    Headers.Builder headers = new Headers.Builder();
    sdk.forEachHeader(
        (name, values) -> {
          if (!FROM_BODY.contains(name.toLowerCase(Locale.ROOT))) {
            values.forEach(value -> headers.add(name, value));
          }
        });
    RequestBody body = null;
    if (!NO_BODY.contains(method)) {
      ContentStreamProvider content = execute.contentStreamProvider().orElse(null);
      if (content != null) {
        body = new StreamedBody(content, contentLength(sdk));
      } else if (BODY_REQUIRED.contains(method)) {
        body = new StreamedBody(ContentStreamProvider.fromByteArrayUnsafe(new byte[0]), 0);
      }
    }
    return new Request.Builder()
        .url(HttpUrl.get(sdk.getUri().toString()))
        .headers(headers.build())
        .method(method, body)
        .build();
  }

  /** The signed Content-Length when the SDK set one, else -1 (chunked). */
  private static long contentLength(SdkHttpRequest sdk) {
    return sdk.firstMatchingHeader("Content-Length")
        .map(
            v -> {
              try {
                return Long.parseLong(v.strip());
              } catch (NumberFormatException e) {
                return -1L;
              }
            })
        .orElse(-1L);
  }

  static HttpExecuteResponse toSdk(Response response) {
    SdkHttpResponse.Builder answer =
        SdkHttpResponse.builder().statusCode(response.code()).statusText(response.message());
    Headers headers = response.headers();
    for (String name : headers.names()) {
      answer.putHeader(name, List.copyOf(headers.values(name)));
    }
    // OkHttp 5: never null (an empty body when there is none). Closing or aborting the stream
    // releases the connection.
    InputStream body = response.body().byteStream();
    return HttpExecuteResponse.builder()
        .response(answer.build())
        .responseBody(AbortableInputStream.create(body, response::close))
        .build();
  }

  @Override
  public String clientName() {
    return NAME;
  }

  /** Nothing to release: the connection pool and threads are the process's shared client's. */
  @Override
  public void close() {}

  /**
   * The SDK's body, streamed from its provider on each write; no Content-Type of its own (the
   * signed header is sent as is).
   */
  private static final class StreamedBody extends RequestBody {
    private final ContentStreamProvider content;
    private final long length;

    StreamedBody(ContentStreamProvider content, long length) {
      this.content = content;
      this.length = length;
    }

    @Override
    public MediaType contentType() {
      return null;
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try (InputStream in = content.newStream();
          Source source = Okio.source(in)) {
        sink.writeAll(source);
      }
    }
  }
}
