package dev.authmail.connector.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A tiny SMTP peer on 127.0.0.1 whose behaviour a test sets per connection: a scripted dialog
 * ({@link Replies}: any reply can be 4xx/5xx, "EOF" to hang up, "SILENT" to never answer), a server
 * that never answers, one that resets the connection, a plain TCP relay to another server
 * (GreenMail), or a STARTTLS front that upgrades to TLS and then relays to another server
 * (GreenMail has no STARTTLS). Every socket read is bounded; {@link #close()} ends all connections.
 */
final class ScriptedSmtpServer implements AutoCloseable {
  /** What one accepted connection does. */
  @FunctionalInterface
  interface Behavior {
    void handle(Socket socket, ScriptedSmtpServer server) throws IOException;
  }

  private final ServerSocket serverSocket;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "scripted-smtp");
            t.setDaemon(true);
            return t;
          });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<String> commands = new ArrayList<>();
  private volatile Behavior behavior;

  private ScriptedSmtpServer(Behavior behavior, int receiveBuffer) throws IOException {
    this.behavior = behavior;
    this.serverSocket = new ServerSocket();
    if (receiveBuffer > 0) {
      serverSocket.setReceiveBufferSize(receiveBuffer); // inherited by accepted sockets
    }
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    threads.execute(this::acceptLoop);
  }

  static ScriptedSmtpServer start(Behavior behavior) throws IOException {
    return new ScriptedSmtpServer(behavior, 0);
  }

  /** A server whose connections have a small receive buffer, so a client's writes block sooner. */
  static ScriptedSmtpServer startWithReceiveBuffer(Behavior behavior, int bytes)
      throws IOException {
    return new ScriptedSmtpServer(behavior, bytes);
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  /** Connections from now on behave so; open ones keep their behaviour. */
  void behave(Behavior behavior) {
    this.behavior = behavior;
  }

  int connectionCount() {
    return connections.get();
  }

  /** Messages a scripted dialog answered 250 after the final dot. */
  int acceptedCount() {
    return accepted.get();
  }

  /** The command lines clients sent (verbs and arguments; AUTH payloads cut off). */
  List<String> commands() {
    synchronized (commands) {
      return List.copyOf(commands);
    }
  }

  private void record(String line) {
    String shown =
        line.toUpperCase(Locale.ROOT).startsWith("AUTH ")
            ? String.join(
                " ", List.of(line.split(" ")).subList(0, Math.min(2, line.split(" ").length)))
            : line;
    synchronized (commands) {
      commands.add(shown);
    }
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        connections.incrementAndGet();
        open.add(socket);
        Behavior current = behavior;
        threads.execute(
            () -> {
              try {
                socket.setSoTimeout(20_000);
                current.handle(socket, this);
              } catch (IOException | RuntimeException e) {
                // the client went away or the test ended: nothing to report
              } finally {
                closeQuietly(socket);
                open.remove(socket);
              }
            });
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(serverSocket);
    open.forEach(ScriptedSmtpServer::closeQuietly);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------ behaviours

  /** Accepts the connection and never says a word. */
  static Behavior silent() {
    return (socket, server) -> {
      socket.setSoTimeout(0);
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // swallow until the client or the test closes
      }
    };
  }

  /** Resets the connection at once (RST, not FIN). */
  static Behavior reset() {
    return (socket, server) -> socket.setSoLinger(true, 0);
  }

  /** Passes bytes both ways to {@code port} on loopback. */
  static Behavior relayTo(int port) {
    return relayTo(port, false);
  }

  /**
   * Passes bytes both ways to {@code port} on loopback, recording the client's commands when asked.
   */
  static Behavior relayTo(int port, boolean recordCommands) {
    return (socket, server) -> {
      try (Socket target = new Socket(InetAddress.getLoopbackAddress(), port)) {
        server.pipe(socket, target, recordCommands);
      }
    };
  }

  /**
   * Offers STARTTLS (no AUTH before it), upgrades with {@code tls}, then relays the decrypted
   * stream to {@code port}, whose own greeting is swallowed so the client sees one session. The
   * negotiated protocol is recorded as the command "TLS TLSv1.3" (or whichever); {@code protocols}
   * limits the versions the front accepts (all of the JDK's when empty).
   */
  static Behavior startTlsFront(SSLContext tls, int port, String... protocols) {
    return (socket, server) -> {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      reply(out, "220 front.test ESMTP");
      String line;
      while ((line = readLine(in)) != null) {
        server.record(line);
        String verb = verb(line);
        switch (verb) {
          case "EHLO" -> reply(out, "250-front.test", "250-STARTTLS", "250 8BITMIME");
          case "HELO" -> reply(out, "250 front.test");
          case "STARTTLS" -> {
            reply(out, "220 2.0.0 Ready to start TLS");
            SSLSocket secure =
                (SSLSocket)
                    tls.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            secure.setUseClientMode(false);
            if (protocols.length > 0) {
              secure.setEnabledProtocols(protocols);
            }
            secure.startHandshake();
            server.record("TLS " + secure.getSession().getProtocol());
            try (Socket target = new Socket(InetAddress.getLoopbackAddress(), port)) {
              target.setSoTimeout(20_000);
              readLine(target.getInputStream()); // the target's greeting
              server.pipe(secure, target, true);
            }
            return;
          }
          case "QUIT" -> {
            reply(out, "221 2.0.0 Bye");
            return;
          }
          case "NOOP", "RSET" -> reply(out, "250 2.0.0 Ok");
          default -> reply(out, "530 5.7.0 Must issue a STARTTLS command first");
        }
      }
    };
  }

  /**
   * Replies of a scripted dialog; each may be several lines separated by \n, "EOF" (hang up) or
   * "SILENT" (never answer). A DATA reply "354 STOP" says go ahead and then stops reading.
   */
  static final class Replies {
    String greeting = "220 scripted.test ESMTP";
    String ehlo = "250-scripted.test\n250-AUTH PLAIN LOGIN\n250 8BITMIME";
    String auth = "235 2.7.0 Authentication successful";
    String mail = "250 2.1.0 Ok";
    String rcpt = "250 2.1.5 Ok";
    String data = "354 End data with <CR><LF>.<CR><LF>";
    String dot = "250 2.0.0 Ok: queued as SCRIPTED42";

    Replies greeting(String reply) {
      this.greeting = reply;
      return this;
    }

    Replies ehlo(String reply) {
      this.ehlo = reply;
      return this;
    }

    Replies auth(String reply) {
      this.auth = reply;
      return this;
    }

    Replies mail(String reply) {
      this.mail = reply;
      return this;
    }

    Replies rcpt(String reply) {
      this.rcpt = reply;
      return this;
    }

    Replies data(String reply) {
      this.data = reply;
      return this;
    }

    Replies dot(String reply) {
      this.dot = reply;
      return this;
    }
  }

  static Replies replies() {
    return new Replies();
  }

  /** A scripted SMTP dialog with these replies; the default replies accept every message. */
  static Behavior dialog(Replies r) {
    return (socket, server) -> {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      if (!answer(out, r.greeting) || !r.greeting.startsWith("2")) {
        return;
      }
      String line;
      while ((line = readLine(in)) != null) {
        server.record(line);
        String verb = verb(line);
        boolean goOn =
            switch (verb) {
              case "EHLO" -> answer(out, r.ehlo);
              case "HELO" -> answer(out, "250 scripted.test");
              case "AUTH" -> auth(line, in, out, r);
              case "MAIL" -> answer(out, r.mail);
              case "RCPT" -> answer(out, r.rcpt);
              case "DATA" -> {
                if (!answer(out, r.data)) {
                  yield false;
                }
                if (!r.data.startsWith("354")) {
                  yield true;
                }
                if (r.data.contains("STOP")) {
                  yield answer(out, "SILENT");
                }
                while (true) {
                  String content = readLine(in);
                  if (content == null) {
                    yield false;
                  }
                  if (content.equals(".")) {
                    break;
                  }
                }
                if (r.dot.startsWith("250")) {
                  server.accepted.incrementAndGet();
                }
                yield answer(out, r.dot);
              }
              case "RSET", "NOOP" -> answer(out, "250 2.0.0 Ok");
              case "QUIT" -> {
                answer(out, "221 2.0.0 Bye");
                yield false;
              }
              default -> answer(out, "502 5.5.2 Command not recognized");
            };
        if (!goOn) {
          return;
        }
      }
    };
  }

  private static boolean auth(String line, InputStream in, OutputStream out, Replies r)
      throws IOException {
    String[] parts = line.split(" ");
    String mechanism = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
    if (mechanism.equals("LOGIN")) {
      reply(out, "334 VXNlcm5hbWU6");
      if (readLine(in) == null) {
        return false;
      }
      reply(out, "334 UGFzc3dvcmQ6");
      if (readLine(in) == null) {
        return false;
      }
    } else if (parts.length < 3) {
      reply(out, "334 ");
      if (readLine(in) == null) {
        return false;
      }
    }
    return answer(out, r.auth);
  }

  /** Sends a reply; "EOF" hangs up and "SILENT" waits forever. Returns whether to go on. */
  private static boolean answer(OutputStream out, String reply) throws IOException {
    if (reply.equals("EOF")) {
      return false;
    }
    if (reply.equals("SILENT")) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
    reply(out, reply.split("\n"));
    return !reply.startsWith("421");
  }

  private static void reply(OutputStream out, String... lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append("\r\n");
    }
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String verb(String line) {
    int space = line.indexOf(' ');
    return (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
  }

  /** One CRLF-terminated line, read byte by byte so nothing after it is consumed; null at EOF. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      line.write(b);
      if (line.size() > 100_000) {
        throw new IOException("line too long");
      }
    }
    return null;
  }

  /** Copies both ways until either side closes; records client command lines when asked. */
  private void pipe(Socket client, Socket target, boolean recordCommands) throws IOException {
    open.add(target);
    try {
      var toTarget =
          threads.submit(
              () -> copy(client.getInputStream(), target.getOutputStream(), recordCommands));
      copy(target.getInputStream(), client.getOutputStream(), false);
      toTarget.cancel(true);
    } finally {
      open.remove(target);
    }
  }

  private Void copy(InputStream in, OutputStream out, boolean recordCommands) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
        if (recordCommands) {
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              String text = line.toString(StandardCharsets.UTF_8).strip();
              if (text.matches("(?i)(EHLO|AUTH|MAIL|RCPT|DATA|QUIT)\\b.*")) {
                record(text);
              }
              line.reset();
            } else if (line.size() < 1000) {
              line.write(buffer[i]);
            }
          }
        }
      }
    } catch (IOException e) {
      // one side closed
    } finally {
      try {
        out.close();
      } catch (IOException e) {
        // already closed
      }
    }
    return null;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
