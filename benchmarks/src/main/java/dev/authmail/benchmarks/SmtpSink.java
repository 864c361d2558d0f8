package dev.authmail.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Postfix's {@code smtp-sink} on 127.0.0.1 and a free port: accepts every message and throws it
 * away (pipelining announced, as a real MTA does). With {@code -c} it prints a running count after
 * every message, which {@link #messages()} reads, so a run knows when the sink has everything.
 * Stopped by {@link #close()}.
 */
final class SmtpSink implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/sbin/smtp-sink");

  private final Process process;
  private final int port;
  private final java.util.concurrent.atomic.AtomicLong received =
      new java.util.concurrent.atomic.AtomicLong();

  private SmtpSink(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread reader = new Thread(this::readCounters, "smtp-sink-counters");
    reader.setDaemon(true);
    reader.start();
  }

  /** Parses "sess=1 quit=0 mesg=42" records, separated by carriage returns. */
  private void readCounters() {
    try (java.io.InputStream in = process.getInputStream()) {
      StringBuilder record = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\r' || c == '\n') {
          int at = record.indexOf("mesg=");
          if (at >= 0) {
            try {
              received.set(Long.parseLong(record.substring(at + 5).trim()));
            } catch (NumberFormatException ignored) {
              // a partial record
            }
          }
          record.setLength(0);
        } else {
          record.append((char) c);
        }
      }
    } catch (IOException e) {
      // the sink stopped
    }
  }

  /** Messages the sink has received so far (every copy). */
  long messages() {
    return received.get();
  }

  /**
   * Waits until the sink has received {@code count} messages in all; false after {@code
   * maxSeconds}.
   */
  boolean awaitMessages(long count, long maxSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    while (received.get() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  /**
   * Starts the sink; throws when {@code /usr/sbin/smtp-sink} is missing (apt-get install postfix).
   */
  static SmtpSink start() throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: apt-get install postfix");
    }
    int port = freePort();
    // -u: smtp-sink refuses to run as root without a user to switch to; 1000: listen backlog
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(BINARY.toString(), "-c", "-u", user(), "127.0.0.1:" + port, "1000"))
            .redirectErrorStream(true);
    Process process = builder.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
        return new SmtpSink(process, port);
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("smtp-sink exited with " + process.exitValue());
        }
        Thread.sleep(20);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("smtp-sink did not listen on port " + port);
  }

  private static String user() {
    String name = System.getProperty("user.name");
    return name == null || name.isBlank() ? "root" : name;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
