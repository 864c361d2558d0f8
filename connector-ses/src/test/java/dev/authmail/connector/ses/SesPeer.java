package dev.authmail.connector.ses;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * MockWebServer playing Amazon SES v2 (REST-JSON) on 127.0.0.1: {@code SendEmail} answers 200 with
 * a MessageId and {@code GetAccount} answers an enabled account, unless a response was enqueued.
 */
final class SesPeer implements AutoCloseable {
  static final String SEND_PATH = "/v2/email/outbound-emails";
  static final String ACCOUNT_PATH = "/v2/email/account";
  static final String MESSAGE_ID = "0102018f-ses-message-id-000001";

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Dispatcher dispatcher = new Dispatcher();

  SesPeer() throws IOException {
    server.setDispatcher(dispatcher);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The answer to the next request, whatever it is. */
  void enqueue(MockResponse response) {
    dispatcher.enqueue(response);
  }

  /** Answers the next request with an SES error: the status, {@code x-amzn-ErrorType} and a JSON message. */
  void enqueueError(int status, String errorType, String message) {
    MockResponse.Builder b = new MockResponse.Builder().code(status)
        .addHeader("Content-Type", "application/json")
        .body("{\"message\":\"" + message + "\"}");
    if (errorType != null) {
      b.addHeader("x-amzn-ErrorType", errorType + ":http://internal.amazon.com/coral/com.amazonaws.sesv2/");
    }
    enqueue(b.build());
  }

  /** A response that comes after {@code seconds}: longer than the connector's read timeout. */
  void enqueueSlow(int seconds) {
    enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"MessageId\":\"late\"}").headersDelay(seconds, TimeUnit.SECONDS).build());
  }

  /** Reads the request, then closes the connection without answering. */
  void enqueueDrop() {
    enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
  }

  void clear() {
    dispatcher.clear();
  }

  int accepted() {
    return accepted.get();
  }

  int requestCount() {
    return server.getRequestCount();
  }

  RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request reached the SES peer");
    }
    return request;
  }

  RecordedRequest takeRequestQuietly() {
    try {
      return takeRequest();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }

  /** Enqueued responses first, then the healthy SES answers. */
  private final class Dispatcher extends mockwebserver3.Dispatcher {
    private final Queue<MockResponse> queue = new ConcurrentLinkedQueue<>();

    void enqueue(MockResponse response) {
      queue.add(response);
    }

    void clear() {
      queue.clear();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      MockResponse queued = queue.poll();
      if (queued != null) {
        return queued;
      }
      String path = request.getUrl().encodedPath();
      if (path.equals(SEND_PATH) && request.getMethod().equals("POST")) {
        accepted.incrementAndGet();
        return json("{\"MessageId\":\"" + MESSAGE_ID + "\"}");
      }
      if (path.equals(ACCOUNT_PATH) && request.getMethod().equals("GET")) {
        return json("{\"SendingEnabled\":true,\"ProductionAccessEnabled\":true,"
            + "\"SendQuota\":{\"Max24HourSend\":50000,\"MaxSendRate\":14,\"SentLast24Hours\":12}}");
      }
      return new MockResponse.Builder().code(404).addHeader("x-amzn-ErrorType", "NotFoundException").body("{}").build();
    }
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }
}
