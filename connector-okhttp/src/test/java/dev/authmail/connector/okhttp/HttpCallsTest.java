package dev.authmail.connector.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.toolkit.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCallsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final HttpTimeouts SHORT =
      new HttpTimeouts(
          Duration.ofSeconds(2),
          Duration.ofMillis(500),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5));

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient allowing =
      SharedOkHttp.forConnector(context(NetworkPolicy.allowingPrivateAddresses()), SHORT);

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void a2xxAnswerIsReturnedWithItsBodyAndTheDefaultUserAgentIsSent() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(202)
            .setHeader("X-Id", "abc")
            .body("{\"ok\":true}")
            .build());

    HttpReply reply = HttpCalls.execute(allowing, post("/send"), "test endpoint", CLOCK);

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.header("X-Id")).isEqualTo("abc");
    assertThat(reply.body()).isEqualTo("{\"ok\":true}");
    RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(recorded.getHeaders().get("User-Agent")).isEqualTo("authmail");
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void aStatusGoesThroughTheOneMappingWithRetryAfter() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", "120")
            .body("slow down")
            .build());

    ConnectorException e = sendExpectingFailure(allowing);

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(e.getMessage()).contains("test endpoint answered HTTP 429: slow down");
  }

  /**
   * Postmark-shaped bodies (its API reference: 422 with {"ErrorCode", "Message"}; 405 is out of
   * credits).
   */
  private static final HttpCalls.ErrorReader POSTMARK_LIKE =
      (response, body) -> {
        Object tree;
        try {
          tree = Json.read(body);
        } catch (IllegalArgumentException e) {
          return new HttpCalls.ProviderError(body, response.header("Retry-After"));
        }
        String message = Json.textAt(tree, "Message");
        return switch (String.valueOf(Json.textAt(tree, "ErrorCode"))) {
          case "405" -> HttpCalls.ProviderError.classified(ErrorCode.QUOTA_EXCEEDED, message, null);
          case "10" ->
              HttpCalls.ProviderError.classified(ErrorCode.AUTHENTICATION_FAILED, message, null);
          case "429" ->
              HttpCalls.ProviderError.classified(
                  ErrorCode.RATE_LIMITED, message, Json.textAt(tree, "RetryAfter"));
          default -> new HttpCalls.ProviderError(message, response.header("Retry-After"));
        };
      };

  @Test
  void theErrorReaderCanClassifyFromTheBodyWhateverTheStatus() {
    server.enqueue(
        new MockResponse.Builder()
            .code(422)
            .body(
                "{\"ErrorCode\": 405, \"Message\": \"Not allowed to send: you have run out of"
                    + " credits.\"}")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(422)
            .body(
                "{\"ErrorCode\": 10, \"Message\": \"No Account or Server API tokens were"
                    + " supplied.\"}")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(422)
            .body("{\"ErrorCode\": 429, \"Message\": \"Rate limit exceeded.\", \"RetryAfter\": 30}")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(422)
            .body("{\"ErrorCode\": 300, \"Message\": \"Invalid email request\"}")
            .build());

    List<ConnectorException> errors = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      errors.add(
          catchThrowableOfType(
              ConnectorException.class,
              () -> HttpCalls.execute(allowing, post("/send"), "Postmark", CLOCK, POSTMARK_LIKE)));
    }

    assertThat(errors)
        .extracting(ConnectorException::code)
        .containsExactly(
            ErrorCode.QUOTA_EXCEEDED,
            ErrorCode.AUTHENTICATION_FAILED,
            ErrorCode.RATE_LIMITED,
            ErrorCode.REJECTED);
    assertThat(errors.get(0).getMessage())
        .isEqualTo("Postmark answered HTTP 422: Not allowed to send: you have run out of credits.");
    assertThat(errors.get(0).code().failsOver()).isTrue();
    assertThat(errors.get(2).retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(errors.get(2).retryable()).isTrue();
    assertThat(errors.get(3).getMessage())
        .isEqualTo("Postmark answered HTTP 422: Invalid email request");
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .setHeader("Location", server.url("/elsewhere"))
            .build());
    server.enqueue(new MockResponse.Builder().code(200).build());

    ConnectorException e = sendExpectingFailure(allowing);

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("redirects are not followed");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aDroppedConnectionIsNotRetriedAndMayHaveDelivered() {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse.Builder().code(200).build());

    ConnectorException e = sendExpectingFailure(allowing);

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.maybeDelivered()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsATimeout() {
    server.enqueue(new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).code(200).build());

    ConnectorException e = sendExpectingFailure(allowing);

    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(e.retryable()).isTrue();
    assertThat(e.maybeDelivered()).isTrue();
    assertThat(e.getCause()).isInstanceOf(InterruptedIOException.class);
  }

  @Test
  void aRefusedConnectionIsUnavailableAndNotDelivered() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:" + closedPort + "/send")
            .post(HttpCalls.json("{}"))
            .build();

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () -> HttpCalls.execute(allowing, request, "test endpoint", CLOCK));

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.maybeDelivered()).isFalse();
    assertThat(e.getMessage()).startsWith("cannot connect to test endpoint");
  }

  @Test
  void theStrictPolicyRefusesAHostNameResolvingToLoopbackBeforeConnecting() {
    OkHttpClient strict = SharedOkHttp.forConnector(context(NetworkPolicy.strict()), SHORT);
    Request request =
        new Request.Builder()
            .url("https://localhost:" + server.getPort() + "/send")
            .post(HttpCalls.json("{}"))
            .build();

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () -> HttpCalls.execute(strict, request, "test endpoint", CLOCK));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("the host name localhost resolves to the internal address");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theStrictPolicyRefusesALiteralLoopbackAddressBeforeWritingTheRequest() {
    OkHttpClient strict = SharedOkHttp.forConnector(context(NetworkPolicy.strict()), SHORT);
    server.enqueue(new MockResponse.Builder().code(200).build());

    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:" + server.getPort() + "/send")
            .post(HttpCalls.json("{}"))
            .build();

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () -> HttpCalls.execute(strict, request, "test endpoint", CLOCK));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("127.0.0.1 is a loopback address and refused");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theBaseClientIsSharedAndNeverRetriesOrRedirects() {
    OkHttpClient base = SharedOkHttp.client();

    assertThat(SharedOkHttp.client()).isSameAs(base);
    assertThat(allowing.connectionPool()).isSameAs(base.connectionPool());
    assertThat(allowing.dispatcher()).isSameAs(base.dispatcher());
    assertThat(allowing.retryOnConnectionFailure()).isFalse();
    assertThat(allowing.followRedirects()).isFalse();
    assertThat(allowing.followSslRedirects()).isFalse();
    assertThat(allowing.networkInterceptors()).hasSize(1);
    assertThat(allowing.readTimeoutMillis()).isEqualTo(500);
    assertThat(allowing.callTimeoutMillis()).isEqualTo(5000);
    assertThat(base.connectTimeoutMillis()).isEqualTo(5000);
    assertThat(base.callTimeoutMillis()).isEqualTo(30000);
  }

  @Test
  void anErrorBodyIsReadOnlyUpToTheCap() throws Exception {
    String big = "x".repeat(HttpCalls.MAX_BODY_BYTES * 3);
    server.enqueue(new MockResponse.Builder().code(200).body(big).build());
    Request request = post("/send");

    try (Response response = allowing.newCall(request).execute()) {
      assertThat(HttpCalls.readCapped(response.body(), HttpCalls.MAX_BODY_BYTES))
          .hasSize(HttpCalls.MAX_BODY_BYTES);
    }
  }

  private ConnectorException sendExpectingFailure(OkHttpClient client) {
    return catchThrowableOfType(
        ConnectorException.class,
        () -> HttpCalls.execute(client, post("/send"), "test endpoint", CLOCK));
  }

  private Request post(String path) {
    return new Request.Builder().url(server.url(path)).post(HttpCalls.json("{}")).build();
  }

  private static ConnectorContext context(NetworkPolicy policy) {
    return new ConnectorContext() {
      @Override
      public NetworkPolicy network() {
        return policy;
      }
    };
  }

  @Test
  void anEndpointIsCheckedByThePolicyWithoutIo() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                HttpCalls.endpoint(
                    NetworkPolicy.strict(),
                    "connectors.a.config.endpoint",
                    "https://169.254.169.254/latest"));

    assertThat(e.problems())
        .extracting(p -> p.path())
        .containsExactly("connectors.a.config.endpoint");
    assertThat(e.getMessage()).contains("the cloud metadata address");
    assertThat(
            HttpCalls.endpoint(NetworkPolicy.strict(), "endpoint", "https://example.com/a?token=t"))
        .hasToString("https://example.com/a?token=t");
    assertThat(HttpCalls.shown(URI.create("https://user:pw@example.com:8443/a?token=t")))
        .isEqualTo("https://example.com:8443/a");
  }

  @Test
  void eightConcurrentSendersReuseTheirConnections() throws Exception {
    int threads = 8;
    int perThread = 10;
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().code(200).body("ok").build();
          }
        });
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    HttpCalls.execute(allowing, post("/send"), "test endpoint", CLOCK);
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Set<Integer> connections = new HashSet<>();
    for (int i = 0; i < threads * perThread; i++) {
      connections.add(server.takeRequest(1, TimeUnit.SECONDS).getConnectionIndex());
    }
    assertThat(connections)
        .as("connections opened for %d requests", threads * perThread)
        .hasSizeLessThanOrEqualTo(threads);
  }
}
