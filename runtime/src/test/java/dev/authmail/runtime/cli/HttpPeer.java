package dev.authmail.runtime.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port (the JDK's {@code HttpServer}) that
 * records every request and answers with the queued answers in order, then 200 with an empty JSON
 * object. The CLI under test runs in another process, so this is what the providers' endpoints are
 * for these tests.
 */
final class HttpPeer implements AutoCloseable {
  /** One request as it arrived; header names in lower case. */
  record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** An answer: status, headers and body (empty for none). */
  record Answer(int status, Map<String, String> headers, String body) {
    static Answer json(int status, String body, Map<String, String> headers) {
      Map<String, String> all = new TreeMap<>(headers);
      all.put("Content-Type", "application/json");
      return new Answer(status, all, body);
    }
  }

  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

  private HttpPeer(HttpServer server) {
    this.server = server;
  }

  static HttpPeer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    HttpPeer peer = new HttpPeer(server);
    server.createContext("/", peer::handle);
    server.setExecutor(peer.executor);
    server.start();
    return peer;
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  void enqueue(Answer answer) {
    answers.add(answer);
  }

  /** The next recorded request, waiting at most 10 s for it. */
  Recorded takeRequest() throws InterruptedException {
    Recorded request = requests.poll(10, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request reached " + url() + " within 10 s");
    }
    return request;
  }

  int requestCount() {
    return requests.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY);
      }
      Map<String, List<String>> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
      requests.add(
          new Recorded(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              headers,
              new String(body, StandardCharsets.UTF_8)));
      Answer answer = answers.poll();
      if (answer == null) {
        answer = Answer.json(200, "{}", Map.of());
      }
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
