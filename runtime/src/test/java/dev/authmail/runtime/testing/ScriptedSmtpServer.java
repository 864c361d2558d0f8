package dev.authmail.runtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real SMTP server on 127.0.0.1 for fault scenarios GreenMail cannot play: answers the next
 * DATA commands with scripted replies (e.g. 451), or every DATA with one reply; refuses recipients
 * whose local part starts with {@code bounce} with 550 5.1.1 (no such user), and {@code blocked}
 * with 550 5.7.1 (policy), accepts everything else. Thread per connection; bounded by the test (10
 * s read timeout per session).
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  private final ServerSocket server;
  private final Queue<String> dataReplies = new ConcurrentLinkedQueue<>();
  private volatile String defaultDataReply;
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;

  public ScriptedSmtpServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "scripted-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * The next message's DATA is answered with this reply, e.g. {@code "451 4.3.0 try later"}; {@code
   * "STALL"} takes the message (it counts as accepted) and never answers the final dot.
   */
  public void replyToNextData(String reply) {
    dataReplies.add(reply);
  }

  /** Every DATA without a scripted reply is answered with this one (default: accepted). */
  public void alwaysReplyToData(String reply) {
    defaultDataReply = reply;
  }

  public int acceptedCount() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread session = new Thread(() -> serve(socket), "scripted-smtp-session");
        session.setDaemon(true);
        session.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream()) {
      socket.setSoTimeout(10_000);
      write(out, "220 scripted ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.toUpperCase(Locale.ROOT);
        if (command.startsWith("EHLO")) {
          write(out, "250-scripted\r\n250 8BITMIME");
        } else if (command.startsWith("HELO")
            || command.startsWith("MAIL")
            || command.startsWith("RSET")
            || command.startsWith("NOOP")) {
          write(out, "250 OK");
        } else if (command.startsWith("RCPT")) {
          write(
              out,
              command.contains("<BOUNCE")
                  ? "550 5.1.1 no such user"
                  : command.contains("<BLOCKED") ? "550 5.7.1 relaying denied" : "250 OK");
        } else if (command.startsWith("DATA")) {
          write(out, "354 go ahead");
          while ((line = in.readLine()) != null && !line.equals(".")) {
            // discard the message
          }
          String reply = dataReplies.poll();
          if (reply == null) {
            reply = defaultDataReply;
          }
          if ("STALL".equals(reply)) {
            // the whole message is here, but the reply never comes: wait until the client gives up
            accepted.incrementAndGet();
            while (in.readLine() != null) {
              // nothing more is answered on this connection
            }
            return;
          }
          if (reply == null || reply.startsWith("2")) {
            int count = accepted.incrementAndGet();
            reply = reply != null ? reply : "250 2.0.0 queued as Q" + count;
          }
          write(out, reply);
        } else if (command.startsWith("QUIT")) {
          write(out, "221 bye");
          return;
        } else {
          write(out, "502 not implemented");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void write(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
