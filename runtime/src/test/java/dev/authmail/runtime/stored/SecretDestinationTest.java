package dev.authmail.runtime.stored;

import static dev.authmail.runtime.stored.ConnectorRoutesTest.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.authmail.runtime.node.ManagementServer.Answer;
import dev.authmail.runtime.node.ManagementTest;
import dev.authmail.runtime.outbox.MessageStatus;
import dev.authmail.runtime.testing.SmtpTestConfig;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stored secret sent back as ****** is never sent to a server the stored connector does not point
 * at: a PATCH or a test send that changes a destination key (host, port, endpoint…) with a masked
 * secret is refused before anything connects, until the secret is entered again.
 */
class SecretDestinationTest extends ManagementTest {
  private static final String PASSWORD = "st0red-smtp-pass-9931";
  private static final String TOKEN = "Bearer st0red-http-token-5521";

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("app", PASSWORD));

  /**
   * Another server, on another loopback address: it says 220 and records every connection and line.
   */
  private ConnectionTrap trap;

  @BeforeEach
  void startTrap() throws IOException {
    trap = new ConnectionTrap(InetAddress.getByName("127.0.0.2"));
  }

  @AfterEach
  void stopTrap() throws IOException {
    trap.close();
  }

  private Map<String, Object> smtpConfig(String password) {
    Map<String, Object> config = SmtpTestConfig.loopback(GREENMAIL.getSmtp().getPort());
    config.put("auth", new LinkedHashMap<>(Map.of("user", "app", "pass", password)));
    return config;
  }

  private String createSmtp() {
    Answer created =
        api.admin(
            "POST", "/api/connectors", Map.of("factoryId", "smtp", "config", smtpConfig(PASSWORD)));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  @Test
  void patchingTheHostWithTheMaskedPasswordIsRefusedAndTheNewHostSeesNothing() throws Exception {
    String id = createSmtp();
    String storedBefore = storedConfig(id);
    Map<String, Object> elsewhere = smtpConfig("******");
    elsewhere.put("host", "127.0.0.2");
    elsewhere.put("port", trap.port());

    Answer patched = api.admin("PATCH", "/api/connectors/" + id, Map.of("config", elsewhere));

    assertThat(patched.status()).as(patched.toString()).isEqualTo(400);
    assertThat(patched.json().get("code").asText()).isEqualTo("connector.invalid_config");
    assertThat(paths(patched)).containsExactly("config.auth.pass");
    assertThat(patched.json().get("details").get(0).get("message").asText())
        .startsWith(
            "changing host and port sends the stored auth.pass to another server; enter auth.pass"
                + " again");
    assertThat(patched.raw().body()).doesNotContain(PASSWORD);
    // the stored connector is unchanged and still sends, with its secret, to its own server only
    assertThat(storedConfig(id)).isEqualTo(storedBefore);
    Answer read = api.admin("GET", "/api/connectors/" + id, null);
    assertThat(read.json().get("config").get("host").asText()).isEqualTo("127.0.0.1");
    assertThat(read.json().get("config").get("port").asInt())
        .isEqualTo(GREENMAIL.getSmtp().getPort());
    assertThat(sendThroughOutbox("default", "ina@example.com").status())
        .isEqualTo(MessageStatus.DELIVERED);
    assertThat(GREENMAIL.getReceivedMessages()).hasSize(1);
    assertThat(trap.connections()).isZero();
    assertThat(trap.lines()).isEmpty();
  }

  @Test
  void patchingTheHostWithThePasswordEnteredAgainIsAccepted() throws Exception {
    String id = createSmtp();
    Map<String, Object> elsewhere = smtpConfig("an0ther-pass-for-the-new-host");
    elsewhere.put("host", "127.0.0.2");
    elsewhere.put("port", trap.port());

    Answer patched = api.admin("PATCH", "/api/connectors/" + id, Map.of("config", elsewhere));

    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().get("config").get("host").asText()).isEqualTo("127.0.0.2");
    assertThat(patched.json().get("config").get("auth").get("pass").asText()).isEqualTo("******");
    assertThat(storedConfig(id))
        .doesNotContain(PASSWORD, "an0ther-pass-for-the-new-host")
        .contains("127.0.0.2");
  }

  @Test
  void patchingOnlyTheSenderNameAndTimeoutsWithTheMaskKeepsTheSecret() throws Exception {
    String id = createSmtp();
    Map<String, Object> edited = smtpConfig("******");
    edited.put("fromName", "Acme Support");
    edited.put("socketTimeout", 3000);

    Answer patched = api.admin("PATCH", "/api/connectors/" + id, Map.of("config", edited));

    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().get("config").get("fromName").asText()).isEqualTo("Acme Support");
    // the kept secret still authenticates: GreenMail accepts the next send only with the password
    assertThat(sendThroughOutbox("default", "ina@example.com").status())
        .isEqualTo(MessageStatus.DELIVERED);
    MimeMessage[] received = GREENMAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getHeader("From")[0]).contains("Acme Support");
  }

  @Test
  void aTestSendWithAStoredConnectorsMaskedSecretRefusesAnotherEndpoint() throws Exception {
    try (RecordingProvider stored = new RecordingProvider();
        RecordingProvider other = new RecordingProvider()) {
      Answer created =
          api.admin(
              "POST",
              "/api/connectors",
              Map.of(
                  "factoryId",
                  "http-email",
                  "config",
                  Map.of("endpoint", stored.endpoint(), "authorization", TOKEN)));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.json().get("id").asText();

      Answer refused =
          api.admin(
              "POST",
              "/api/connectors/http-email/test",
              Map.of(
                  "email",
                  "tess@example.com",
                  "connectorId",
                  id,
                  "config",
                  Map.of("endpoint", other.endpoint(), "authorization", "******")));

      assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
      assertThat(refused.json().get("code").asText()).isEqualTo("connector.invalid_config");
      assertThat(paths(refused)).containsExactly("config.authorization");
      assertThat(refused.json().get("details").get(0).get("message").asText())
          .startsWith(
              "changing endpoint sends the stored authorization to another server; enter"
                  + " authorization again");
      assertThat(refused.raw().body()).doesNotContain("st0red-http-token-5521");
      assertThat(other.authorizations()).isEmpty();
      assertThat(stored.authorizations()).isEmpty();

      // entered again, the same test send goes to the new endpoint with what was typed
      Answer sent =
          api.admin(
              "POST",
              "/api/connectors/http-email/test",
              Map.of(
                  "email",
                  "tess@example.com",
                  "connectorId",
                  id,
                  "config",
                  Map.of("endpoint", other.endpoint(), "authorization", "Bearer typed-again")));

      assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
      assertThat(other.authorizations()).containsExactly("Bearer typed-again");
      assertThat(stored.authorizations()).isEmpty();
    }
  }

  /**
   * A raw TCP server standing for the server an attacker points a connector at: it greets like SMTP
   * (so a client would go on to EHLO and AUTH), answers 250 to every line, and records connections
   * and lines. Bounded: each connection is read for at most 2 s.
   */
  private static final class ConnectionTrap implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ConnectionTrap(InetAddress address) throws IOException {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(address, 0));
      acceptor = new Thread(this::serve, "connection-trap");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          connections.incrementAndGet();
          socket.setSoTimeout(2000);
          OutputStream out = socket.getOutputStream();
          out.write("220 trap ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          InputStream in = socket.getInputStream();
          StringBuilder line = new StringBuilder();
          for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
              lines.add(line.toString().strip());
              line.setLength(0);
              out.write("250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
            } else {
              line.append((char) c);
            }
          }
        } catch (IOException e) {
          // closed, timed out or reset: what was seen is recorded
        }
      }
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return connections.get();
    }

    List<String> lines() {
      return List.copyOf(lines);
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /**
   * A JDK HTTP server on 127.0.0.1 that answers 200 to every request and records its Authorization
   * header.
   */
  private static final class RecordingProvider implements AutoCloseable {
    private final HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    RecordingProvider() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "(none)" : authorization);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
    }

    String endpoint() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/send";
    }

    List<String> authorizations() {
      return List.copyOf(authorizations);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
