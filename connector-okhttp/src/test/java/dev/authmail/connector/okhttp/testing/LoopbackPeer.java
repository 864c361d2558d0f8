package dev.authmail.connector.okhttp.testing;

import dev.authmail.connector.tck.ContractPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MockWebServer on 127.0.0.1 and an ephemeral port, as the base of this test jar's peers ({@link
 * EndpointPeer}, {@link ApiPeer}): it starts before each test when registered as a JUnit extension
 * (or at first use), closes after it, and counts and hands out the requests it saw. The subclass
 * answers each request in {@link #dispatch}, from MockWebServer's threads.
 */
public abstract class LoopbackPeer
    implements ContractPeer, BeforeEachCallback, AfterEachCallback, AutoCloseable {
  private final String name;
  private final MockWebServer server = new MockWebServer();
  private boolean started;

  /**
   * @param name what the peer plays, for failure messages ("the endpoint", "the SendGrid peer")
   */
  protected LoopbackPeer(String name) {
    this.name = Objects.requireNonNull(name, "name is null");
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return LoopbackPeer.this.dispatch(request);
          }
        });
  }

  /** What the peer plays, for failure messages. */
  protected final String name() {
    return name;
  }

  /** The answer to {@code request}; must be safe for concurrent use. */
  protected abstract MockResponse dispatch(RecordedRequest request);

  /** Starts the server; idempotent. */
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

  /** {@code http://127.0.0.1:<port>}: a literal address, as the tests' network policies expect. */
  protected final String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    start();
    return server.getPort();
  }

  /** Every request the server has seen. */
  @Override
  public int connectionCount() {
    return server.getRequestCount();
  }

  /** The next request that reached the server, waiting at most 5 s. */
  public RecordedRequest take() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      if (request == null) {
        throw new AssertionError(name + " got no request within 5 s");
      }
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
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

  @Override
  public void close() {
    server.close();
  }
}
