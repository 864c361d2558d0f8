package dev.authmail.connector.smtp;

import static dev.authmail.connector.smtp.ScriptedSmtpServer.dialog;
import static dev.authmail.connector.smtp.ScriptedSmtpServer.replies;
import static dev.authmail.connector.smtp.SmtpTesting.PASSWORD;
import static dev.authmail.connector.smtp.SmtpTesting.config;
import static dev.authmail.connector.smtp.SmtpTesting.connector;
import static dev.authmail.connector.smtp.SmtpTesting.signIn;
import static dev.authmail.connector.smtp.SmtpTesting.withPassword;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS against real servers with a self-signed certificate made by keytool for "localhost": STARTTLS
 * through a front that upgrades and relays to GreenMail (which has no STARTTLS), and implicit TLS
 * straight to GreenMail's SMTPS server.
 */
class SmtpTlsTest {
  private static final String TO = "alice@example.com";

  private GreenMail greenMail;
  private ScriptedSmtpServer front;
  private SmtpConnector connector;

  @BeforeAll
  static void certificate() {
    TestTls.server(); // before GreenMail's first TLS server: it reads its keystore settings once
  }

  @BeforeEach
  void start() throws IOException {
    greenMail =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)
            });
    greenMail.start();
    greenMail.setUser("app@example.com", "app", PASSWORD);
    front =
        ScriptedSmtpServer.start(
            ScriptedSmtpServer.startTlsFront(TestTls.server().serverContext(), smtpPort()));
  }

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.close();
    }
    front.close();
    greenMail.stop();
  }

  private int smtpPort() {
    return greenMail.getSmtp().getPort();
  }

  private Map<String, Object> starttls() {
    Map<String, Object> config = withPassword(config(front.port()));
    config.put("host", "localhost");
    config.put("requireTLS", true);
    config.put("caCertificate", TestTls.server().pem());
    return config;
  }

  private MimeMessage received() {
    assertThat(greenMail.waitForIncomingEmail(5000, 1))
        .as("GreenMail received the message")
        .isTrue();
    return greenMail.getReceivedMessages()[0];
  }

  @Test
  void starttlsRequiredWithAuthPlainAndATrustedCertificate() throws Exception {
    connector = connector(starttls());

    connector.send(signIn(TO, "731904"));

    assertThat(GreenMailUtil.getBody(received())).contains("731904");
    List<String> commands = front.commands();
    assertThat(commands).contains("STARTTLS", "TLS TLSv1.3", "AUTH PLAIN");
    assertThat(commands.indexOf("STARTTLS")).isLessThan(commands.indexOf("AUTH PLAIN"));
  }

  @Test
  void starttlsWithAuthLoginAndTheCaUnderTls() throws Exception {
    Map<String, Object> config = starttls();
    config.remove("caCertificate");
    config.remove("requireTLS");
    config.put("tlsMode", "starttls-required");
    config.put("tls", Map.of("ca", TestTls.server().pem(), "rejectUnauthorized", true));
    config.put("authMethod", "LOGIN");
    connector = connector(config);

    connector.send(signIn(TO, "552211"));

    assertThat(GreenMailUtil.getBody(received())).contains("552211");
    assertThat(front.commands()).contains("STARTTLS", "AUTH LOGIN").doesNotContain("AUTH PLAIN");
  }

  @Test
  void implicitTls() throws Exception {
    Map<String, Object> config = withPassword(config(greenMail.getSmtps().getPort()));
    config.put("host", "localhost");
    config.put("secure", true);
    config.put("caCertificate", TestTls.server().pem());
    connector = connector(config);

    assertThatCode(connector::verify).doesNotThrowAnyException();
    connector.send(signIn(TO, "909090"));

    assertThat(GreenMailUtil.getBody(received())).contains("909090");
  }

  @Test
  void certificateFromAnotherCaIsRefusedBeforeAnyCredentialIsSent() {
    Map<String, Object> config = starttls();
    config.put("caCertificate", TestTls.other().pem());
    connector = connector(config);

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "1")));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("tls.ca").doesNotContain(PASSWORD);
    assertThat(front.commands()).noneMatch(c -> c.startsWith("AUTH") || c.startsWith("MAIL"));
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void selfSignedCertificateIsRefusedByTheDefaultTrustStore() {
    Map<String, Object> config = starttls();
    config.remove("caCertificate");
    connector = connector(config);

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "1")));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
  }

  @Test
  void hostNameIsCheckedEvenWithATrustedCa() {
    Map<String, Object> config = starttls();
    config.put("host", "127.0.0.1"); // the certificate names localhost only
    connector = connector(config);

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "1")));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("servername");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void servernameNamesTheCertificateWhenConnectingByAddress() throws Exception {
    Map<String, Object> config = starttls();
    config.put("host", "127.0.0.1");
    config.put("servername", "localhost");
    connector = connector(config);

    connector.send(signIn(TO, "474747"));

    assertThat(GreenMailUtil.getBody(received())).contains("474747");
  }

  @Test
  void rejectUnauthorizedFalseAcceptsAnyCertificate() throws Exception {
    Map<String, Object> config = starttls();
    config.remove("caCertificate");
    config.put("host", "127.0.0.1");
    config.put("tls", new LinkedHashMap<>(Map.of("rejectUnauthorized", false)));
    connector = connector(config);

    connector.send(signIn(TO, "123123"));

    assertThat(GreenMailUtil.getBody(received())).contains("123123");
  }

  @Test
  void tls12ServerIsAcceptedAndTls13CanBeRequired() throws Exception {
    front.behave(
        ScriptedSmtpServer.startTlsFront(TestTls.server().serverContext(), smtpPort(), "TLSv1.2"));
    connector = connector(starttls());
    connector.send(signIn(TO, "1"));
    assertThat(front.commands()).contains("TLS TLSv1.2");
    connector.close();

    Map<String, Object> config = starttls();
    config.put("tls", Map.of("minVersion", "TLSv1.3"));
    connector = connector(config);
    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "2")));

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void requiredStarttlsThatTheServerLacksFailsWithoutSendingCredentials() throws IOException {
    try (ScriptedSmtpServer plain = ScriptedSmtpServer.start(dialog(replies()))) {
      Map<String, Object> config = withPassword(config(plain.port()));
      config.put("requireTLS", true);
      connector = connector(config);

      ConnectorException e =
          catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "1")));

      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
      assertThat(e.getMessage()).contains("STARTTLS");
      assertThat(plain.commands()).noneMatch(c -> c.startsWith("AUTH") || c.startsWith("MAIL"));
    }
  }

  @Test
  void opportunisticStarttlsSendsInPlainTextWhenNotOffered() throws IOException {
    try (ScriptedSmtpServer plain = ScriptedSmtpServer.start(dialog(replies()))) {
      connector = connector(config(plain.port()));

      connector.send(signIn(TO, "1"));

      assertThat(plain.acceptedCount()).isEqualTo(1);
    }
  }

  @Test
  void ignoreTlsNeverStartsTls() {
    Map<String, Object> config = starttls();
    config.remove("requireTLS");
    config.put("ignoreTLS", true);
    connector = connector(config);

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "1")));

    assertThat(e.code())
        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED); // the front's 530 "STARTTLS first"
    assertThat(front.commands()).doesNotContain("STARTTLS");
  }

  @Test
  void xoauth2SendsTheAccessToken() throws Exception {
    Map<String, Object> config = starttls();
    config.put("auth", Map.of("type", "oauth2", "user", "app", "accessToken", PASSWORD));
    connector = connector(config);

    connector.send(signIn(TO, "818181"));

    assertThat(GreenMailUtil.getBody(received())).contains("818181");
    assertThat(front.commands()).contains("AUTH XOAUTH2");
  }
}
