package dev.authmail.connector.smtp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server on 127.0.0.1 that takes only AUTH XOAUTH2 and checks the string it receives, as
 * Gmail does (developers.google.com/gmail/imap/xoauth2-protocol): {@code base64("user=" + user +
 * "\x01auth=Bearer " + token + "\x01\x01")}. A token it does not accept gets Gmail's answer: a 334
 * challenge with a base64 JSON error, then 535 after the client's empty line. Records every token
 * it was offered. Published in this module's test jar for the runtime's end-to-end tests. Every
 * read is bounded by a socket timeout; {@link #close()} ends all connections.
 */
public final class Xoauth2Peer implements AutoCloseable {
  private static final String GMAIL_ERROR =
      Base64.getEncoder()
          .encodeToString(
              "{\"status\":\"400\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}"
                  .getBytes(StandardCharsets.UTF_8));

  private final ServerSocket serverSocket;
  private final String user;
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final List<String> offered = new CopyOnWriteArrayList<>();
  private final List<String> malformed = new CopyOnWriteArrayList<>();
  private final AtomicInteger messages = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "xoauth2-peer");
            t.setDaemon(true);
            return t;
          });

  public Xoauth2Peer(String user) throws IOException {
    this.user = user;
    this.serverSocket = new ServerSocket();
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    threads.execute(this::acceptLoop);
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** From now on, {@code token} is a valid access token for the user. */
  public void accept(String token) {
    accepted.add(token);
  }

  /** Every token offered in AUTH XOAUTH2, in order. */
  public List<String> offered() {
    return List.copyOf(offered);
  }

  /** AUTH strings that were not well-formed XOAUTH2 for the expected user. */
  public List<String> malformed() {
    return List.copyOf(malformed);
  }

  public int messageCount() {
    return messages.get();
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        open.add(socket);
        threads.execute(
            () -> {
              try (socket) {
                socket.setSoTimeout(10_000);
                session(socket.getInputStream(), socket.getOutputStream());
              } catch (IOException e) {
                // the client went away
              } finally {
                open.remove(socket);
              }
            });
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(InputStream in, OutputStream out) throws IOException {
    reply(out, "220 xoauth2.test ESMTP");
    boolean authenticated = false;
    String line;
    while ((line = readLine(in)) != null) {
      String upper = line.toUpperCase(java.util.Locale.ROOT);
      if (upper.startsWith("EHLO")) {
        reply(out, "250-xoauth2.test", "250-AUTH XOAUTH2", "250 8BITMIME");
      } else if (upper.startsWith("AUTH XOAUTH2")) {
        String initial =
            line.length() > "AUTH XOAUTH2 ".length()
                ? line.substring("AUTH XOAUTH2 ".length()).strip()
                : null;
        if (initial == null) {
          reply(out, "334 ");
          initial = readLine(in);
        }
        String token = token(initial);
        if (token != null && accepted.contains(token)) {
          authenticated = true;
          reply(out, "235 2.7.0 Accepted");
        } else {
          reply(out, "334 " + GMAIL_ERROR);
          readLine(in); // the client's empty answer to the challenge
          reply(
              out,
              "535-5.7.8 Username and Password not accepted.",
              "535 5.7.8 https://support.google.com/mail/?p=BadCredentials");
        }
      } else if (upper.startsWith("MAIL")) {
        reply(out, authenticated ? "250 2.1.0 OK" : "530 5.7.0 Authentication Required");
      } else if (upper.startsWith("RCPT")) {
        reply(out, "250 2.1.5 OK");
      } else if (upper.startsWith("DATA")) {
        reply(out, "354 Go ahead");
        String content;
        while ((content = readLine(in)) != null && !content.equals(".")) {
          // the message
        }
        messages.incrementAndGet();
        reply(out, "250 2.0.0 OK queued as XO" + messages.get());
      } else if (upper.startsWith("QUIT")) {
        reply(out, "221 2.0.0 Bye");
        return;
      } else {
        reply(out, "250 2.0.0 OK");
      }
    }
  }

  /**
   * The token of a well-formed XOAUTH2 string for the expected user, else null (and recorded as
   * malformed).
   */
  private String token(String initial) {
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(initial == null ? "" : initial), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      malformed.add(String.valueOf(initial));
      return null;
    }
    String prefix = "user=" + user + "\u0001auth=Bearer ";
    if (!decoded.startsWith(prefix) || !decoded.endsWith("\u0001\u0001")) {
      malformed.add(decoded);
      return null;
    }
    String token = decoded.substring(prefix.length(), decoded.length() - 2);
    offered.add(token);
    return token;
  }

  /** One CRLF-terminated line, byte by byte so nothing after it is consumed; null at EOF. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
      if (line.size() > 100_000) {
        throw new IOException("line too long");
      }
    }
    return null;
  }

  private static void reply(OutputStream out, String... lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append("\r\n");
    }
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    try {
      serverSocket.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.shutdownNow();
  }
}
