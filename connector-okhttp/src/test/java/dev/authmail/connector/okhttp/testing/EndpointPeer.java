package dev.authmail.connector.okhttp.testing;

import dev.authmail.connector.tck.ContractPeer;
import dev.authmail.connector.tck.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A customer's HTTP endpoint for the tests of HTTP-family connectors (published in this module's
 * test jar): a MockWebServer on 127.0.0.1 that answers every request with the current answer (the
 * success answer given at construction, or a {@link Fault}'s), counting what it accepted. As a
 * {@link ContractPeer} it plays the contract's faults ({@link #forFault}). Register it as a JUnit
 * extension ({@code @RegisterExtension final EndpointPeer peer = new EndpointPeer(answer);}): it
 * starts before each test (or at its first use) and closes after it.
 */
public final class EndpointPeer implements ContractPeer, BeforeEachCallback, AfterEachCallback, AutoCloseable {
  /** Longer than any read timeout the tests configure. */
  public static final long STALL_SECONDS = 3;

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger accepted = new AtomicInteger();
  private final MockResponse success;
  private volatile MockResponse answer;
  private boolean started;

  /** @param success the answer to an accepted request, e.g. 202 with a body, or 204 */
  public EndpointPeer(MockResponse success) {
    this.success = success;
    this.answer = success;
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse response = answer;
        if (response.getCode() / 100 == 2 && response.getHeadersDelayNanos() == 0) {
          accepted.incrementAndGet();
        }
        return response;
      }
    });
  }

  /** Starts the server on 127.0.0.1 and an ephemeral port; idempotent. */
  public synchronized void start() {
    if (!started) {
      try {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      started = true;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Answers with {@link #forFault}'s answer from now on. */
  @Override
  public void arrangeFault(Fault fault) {
    answer(forFault(fault));
  }

  /** Answers with the success answer given at construction again. */
  @Override
  public void arrangeSuccess() {
    answer(success);
  }

  public static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("{\"error\":\"status " + code + "\"}").build();
  }

  public static MockResponse forFault(Fault fault) {
    return switch (fault) {
      case REJECTED -> status(422);
      case AUTHENTICATION_FAILED -> status(401);
      case RATE_LIMITED -> new MockResponse.Builder().code(429).setHeader("Retry-After", "30").build();
      case UNAVAILABLE -> status(503);
      case TIMEOUT -> new MockResponse.Builder().code(202).headersDelay(STALL_SECONDS, TimeUnit.SECONDS).build();
    };
  }

  public void answer(MockResponse response) {
    this.answer = response;
  }

  /** {@code http://127.0.0.1:<port><path>}: a literal address, as the tests' policies expect. */
  public String url(String path) {
    start();
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  public int port() {
    start();
    return server.getPort();
  }

  /** Requests that got a 2xx answer without delay. */
  @Override
  public int acceptedCount() {
    return accepted.get();
  }

  /** Every request the endpoint has seen. */
  @Override
  public int connectionCount() {
    return server.getRequestCount();
  }

  public RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("the endpoint got no request within 5 s");
    }
    return request;
  }

  @Override
  public void close() {
    server.close();
  }
}
