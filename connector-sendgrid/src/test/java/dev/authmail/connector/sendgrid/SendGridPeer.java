package dev.authmail.connector.sendgrid;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * MockWebServer playing SendGrid's v3 API on 127.0.0.1: mail send answers 202 with an
 * {@code X-Message-Id}, {@code /v3/scopes} lists {@code mail.send}, unless a response was enqueued.
 */
final class SendGridPeer implements AutoCloseable {
  static final String MESSAGE_ID = "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0";

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Queue<MockResponse> queue = new ConcurrentLinkedQueue<>();

  SendGridPeer() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse queued = queue.poll();
        if (queued != null) {
          return queued;
        }
        String path = request.getUrl().encodedPath();
        if (path.equals("/v3/mail/send") && request.getMethod().equals("POST")) {
          accepted.incrementAndGet();
          return new MockResponse.Builder().code(202).addHeader("X-Message-Id", MESSAGE_ID).build();
        }
        if (path.equals("/v3/scopes") && request.getMethod().equals("GET")) {
          return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
              .body("{\"scopes\":[\"alerts.read\",\"mail.send\",\"mail.batch.read\"]}").build();
        }
        return new MockResponse.Builder().code(404).body("{\"errors\":[{\"message\":\"not found\"}]}").build();
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getPort();
  }

  void enqueue(MockResponse response) {
    queue.add(response);
  }

  /** A SendGrid error answer: {@code {"errors": [{"message", "field", "help"}]}}. */
  void enqueueError(int status, String message) {
    enqueue(error(status, message).build());
  }

  static MockResponse.Builder error(int status, String message) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .body("{\"errors\":[{\"message\":\"" + message + "\",\"field\":\"from.email\",\"help\":\"https://sendgrid.com/docs\"}]}");
  }

  void enqueueSlow(int seconds) {
    enqueue(new MockResponse.Builder().code(202).headersDelay(seconds, TimeUnit.SECONDS).build());
  }

  void clear() {
    queue.clear();
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
      throw new AssertionError("no request reached the SendGrid peer");
    }
    return request;
  }

  @Override
  public void close() {
    server.close();
  }
}
