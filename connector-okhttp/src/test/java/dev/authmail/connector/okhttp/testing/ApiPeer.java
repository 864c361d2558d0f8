package dev.authmail.connector.okhttp.testing;

import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.ReceivedEmail;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * A provider's HTTP API for the tests of provider connectors (SendGrid, SES…), published in this
 * module's test jar: a {@link LoopbackPeer} that answers each request with the next {@linkplain
 * #enqueue enqueued} answer, if any, else with the healthy answer of the request's route (method
 * and path), else with the fallback (404). A request to the send route that gets its healthy answer
 * counts as {@linkplain #acceptedCount() accepted}, and the last one is what the peer {@linkplain
 * #lastReceived() received}, as the subclass {@linkplain #decode decodes} it (and checks its
 * credentials): counting alone would pass a connector that drops its API key.
 *
 * <p>A provider's peer extends it with its routes and its error answers, and plays each contract
 * {@link Fault} with them ({@link #arrangeFault}). Register it as a JUnit extension
 * ({@code @RegisterExtension final AcmePeer peer = new AcmePeer();}). Thread-safe.
 */
public abstract class ApiPeer extends LoopbackPeer {
  private final Routes routes;
  private final Queue<MockResponse> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile RecordedRequest lastAccepted;

  /**
   * @param name the provider, for failure messages ("SendGrid")
   */
  protected ApiPeer(String name, Routes routes) {
    super("the " + Objects.requireNonNull(name, "name is null") + " peer");
    this.routes = Objects.requireNonNull(routes, "routes is null");
  }

  @Override
  protected MockResponse dispatch(RecordedRequest request) {
    MockResponse queued = queue.poll();
    if (queued != null) {
      return queued;
    }
    String route = request.getMethod() + " " + request.getUrl().encodedPath();
    if (route.equals(routes.send)) {
      lastAccepted = request;
      accepted.incrementAndGet();
    }
    return routes.answers.getOrDefault(route, routes.otherwise);
  }

  /** The routes of a peer: the send route, other healthy answers, and the fallback. */
  public static final class Routes {
    private final Map<String, MockResponse> answers = new LinkedHashMap<>();
    private String send;
    private MockResponse otherwise = new MockResponse.Builder().code(404).build();

    /** The route that sends an email, and its healthy answer: each one counts as accepted. */
    public Routes send(String method, String path, MockResponse accepted) {
      send = method + " " + path;
      answers.put(send, accepted);
      return this;
    }

    /** Another route's healthy answer (an account or scopes lookup…). */
    public Routes answer(String method, String path, MockResponse answer) {
      answers.put(method + " " + path, answer);
      return this;
    }

    /** The answer to any other request; 404 without a body by default. */
    public Routes otherwise(MockResponse answer) {
      otherwise = answer;
      return this;
    }
  }

  /** {@code http://127.0.0.1:<port>}: the base URL to configure as the connector's endpoint. */
  public String endpoint() {
    return baseUrl();
  }

  /** The answer to the next request, whatever it is. */
  public void enqueue(MockResponse response) {
    queue.add(response);
  }

  /**
   * The send route's healthy answer, after {@code seconds}: longer than the connector's read
   * timeout.
   */
  public void enqueueSlow(int seconds) {
    enqueue(
        routes
            .answers
            .get(routes.send)
            .newBuilder()
            .headersDelay(seconds, TimeUnit.SECONDS)
            .build());
  }

  /** Reads the next request, then closes the connection without answering. */
  public void enqueueDrop() {
    enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
  }

  /**
   * Enqueues the provider's answer for {@code fault} (its error body, or {@link #enqueueSlow} for a
   * timeout).
   */
  @Override
  public abstract void arrangeFault(Fault fault);

  /** Drops the enqueued answers: the healthy answers again. */
  @Override
  public void arrangeSuccess() {
    queue.clear();
  }

  /**
   * The provider's reading of an accepted send request: recipient, sender, subject, bodies, inline
   * images, and whether the request carried the test config's credentials.
   */
  protected abstract ReceivedEmail decode(RecordedRequest request);

  /** The last accepted send request, {@linkplain #decode decoded}. */
  @Override
  public ReceivedEmail lastReceived() {
    RecordedRequest request = lastAccepted;
    if (request == null) {
      throw new AssertionError(name() + " accepted no message");
    }
    return decode(request);
  }

  /** Requests to the send route that got its healthy answer. */
  @Override
  public int acceptedCount() {
    return accepted.get();
  }
}
