package dev.authmail.runtime.api;

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
 * A tiny real SMTP server on 127.0.0.1 for what GreenMail cannot play: DATA answered with scripted
 * replies (451…), or always with one reply; recipients starting with {@code bounce} refused with 550.
 */
final class ScriptedSmtpPeer implements AutoCloseable {
  private final ServerSocket server;
  private final Queue<String> nextDataReplies = new ConcurrentLinkedQueue<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile String defaultDataReply = "250 2.0.0 queued as scripted";

  ScriptedSmtpPeer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp-peer");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  void replyToNextData(String reply) {
    nextDataReplies.add(reply);
  }

  void alwaysReplyToData(String reply) {
    defaultDataReply = reply;
  }

  int acceptedCount() {
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
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream()) {
      socket.setSoTimeout(10_000);
      write(out, "220 scripted ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.toUpperCase(Locale.ROOT);
        if (command.startsWith("EHLO")) {
          write(out, "250-scripted\r\n250 8BITMIME");
        } else if (command.startsWith("RCPT")) {
          write(out, command.contains("<BOUNCE") ? "550 5.1.1 no such user" : "250 OK");
        } else if (command.startsWith("DATA")) {
          write(out, "354 go ahead");
          while ((line = in.readLine()) != null && !line.equals(".")) {
            // the message itself is not kept
          }
          String scripted = nextDataReplies.poll();
          String reply = scripted != null ? scripted : defaultDataReply;
          if (reply.startsWith("2")) {
            accepted.incrementAndGet();
          }
          write(out, reply);
        } else if (command.startsWith("QUIT")) {
          write(out, "221 bye");
          return;
        } else {
          write(out, "250 OK");
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
