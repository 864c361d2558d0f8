package dev.authmail.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection that POSTs JSON and reads the status, nothing more: the load
 * generator shares the machine's two cores with the server it measures, so it must cost little.
 * (java.net.http.HttpClient, used before, took about 0.5 ms of CPU per request here, a fifth of the
 * whole machine's CPU per message.) Not thread-safe: one per client thread. Reconnects when the
 * server closes the connection.
 */
final class ApiClient implements AutoCloseable {
  private final String host;
  private final int port;
  private final byte[] head;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  /**
   * @param url the server's base URL, {@code http://host:port}
   */
  ApiClient(String url, String path, String bearer) {
    URI uri = URI.create(url);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\nAuthorization: Bearer "
                + bearer
                + "\r\nContent-Type: application/json\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** POSTs the body; returns the response's status code (its body is read and dropped). */
  int post(String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    for (int attempt = 1; ; attempt++) {
      try {
        connectIfNeeded();
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + length.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(length, 0, request, head.length, length.length);
        System.arraycopy(body, 0, request, head.length + length.length, body.length);
        out.write(request);
        out.flush();
        return readResponse();
      } catch (IOException e) {
        close();
        if (attempt >= 2) {
          throw e;
        }
        // the server closed an idle keep-alive connection: once more on a new one
      }
    }
  }

  private void connectIfNeeded() throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 8192);
    }
  }

  private int readResponse() throws IOException {
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean close = false;
    boolean chunked = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
        close = true;
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(line().trim(), 16);
          size > 0;
          size = Long.parseLong(line().trim(), 16)) {
        skip(size);
        line();
      }
      line();
    } else if (length > 0) {
      skip(length);
    } else if (length < 0) {
      close = true; // body runs to the end of the connection
    }
    if (close) {
      close();
    }
    return code;
  }

  private void skip(long count) throws IOException {
    for (long left = count; left > 0; ) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("connection closed in a response body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed in a response");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }
}
