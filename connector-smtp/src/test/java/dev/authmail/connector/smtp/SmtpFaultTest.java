package dev.authmail.connector.smtp;

import static dev.authmail.connector.smtp.ScriptedSmtpServer.dialog;
import static dev.authmail.connector.smtp.ScriptedSmtpServer.replies;
import static dev.authmail.connector.smtp.SmtpTesting.PASSWORD;
import static dev.authmail.connector.smtp.SmtpTesting.config;
import static dev.authmail.connector.smtp.SmtpTesting.connector;
import static dev.authmail.connector.smtp.SmtpTesting.signIn;
import static dev.authmail.connector.smtp.SmtpTesting.withPassword;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.tck.TestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the connector reports when a real (scripted) SMTP server misbehaves, and how it recovers.
 */
class SmtpFaultTest {
  private static final Duration BOUND = Duration.ofSeconds(15);
  private static final String TO = "alice@example.com";

  private ScriptedSmtpServer server;
  private SmtpConnector connector;

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private ConnectorException sendFails(
      ScriptedSmtpServer.Behavior behavior, Map<String, Object> config) throws IOException {
    server = ScriptedSmtpServer.start(behavior);
    config.put("port", server.port());
    connector = connector(config);
    return assertTimeoutPreemptively(
        BOUND,
        () ->
            catchThrowableOfType(
                ConnectorException.class, () -> connector.send(signIn(TO, "123456"))));
  }

  private ConnectorException sendFails(ScriptedSmtpServer.Behavior behavior) throws IOException {
    return sendFails(behavior, config(0));
  }

  @Test
  void replyCode451AfterDataIsRetryable() throws IOException {
    ConnectorException e = sendFails(dialog(replies().dot("451 4.3.0 Local error in processing")));

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.maybeDelivered()).isFalse();
    assertThat(e.getMessage()).contains("451").contains("Local error in processing");
  }

  @Test
  void replyCode450ToTheRecipientIsRetryable() throws IOException {
    ConnectorException e =
        sendFails(
            dialog(
                replies()
                    .rcpt(
                        "450 4.2.0 <alice@example.com>: Recipient address rejected: Greylisted")));

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("450").contains("Greylisted").doesNotContain(TO);
  }

  @Test
  void otherTransientReplyIsUnavailable() throws IOException {
    ConnectorException e = sendFails(dialog(replies().mail("454 4.7.0 Temporary service failure")));

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void replyCode550ToTheRecipientIsRejected() throws IOException {
    ConnectorException e =
        sendFails(
            dialog(
                replies()
                    .rcpt(
                        "550 5.1.1 <alice@example.com>: Recipient address rejected: User"
                            + " unknown")));

    assertThat(e.code()).isEqualTo(ErrorCode.REJECTED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("550").contains("User unknown").doesNotContain(TO);
    assertThat(e.recipientUnknown()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "550 5.7.1 <alice@example.com>: Relay access denied",
        "552 5.2.2 <alice@example.com>: Mailbox full",
        "550 Requested action not taken: mailbox unavailable",
        "450 4.1.1 <alice@example.com>: Recipient address rejected: unverified"
      })
  void otherRefusalsOfTheRecipientDoNotSayTheMailboxIsUnknown(String reply) throws IOException {
    ConnectorException e = sendFails(dialog(replies().rcpt(reply)));

    assertThat(e.recipientUnknown()).isFalse();
  }

  @Test
  void replyCode554AfterDataIsRejected() throws IOException {
    ConnectorException e = sendFails(dialog(replies().dot("554 5.7.1 Message rejected as spam")));

    assertThat(e.code()).isEqualTo(ErrorCode.REJECTED);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void replyCode535IsAuthenticationFailed() throws IOException {
    ConnectorException e =
        sendFails(
            dialog(replies().auth("535 5.7.8 Authentication credentials invalid")),
            withPassword(config(0)));

    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("auth.user").doesNotContain(PASSWORD);
    assertThat(server.commands()).contains("AUTH PLAIN").noneMatch(c -> c.startsWith("MAIL"));
  }

  @Test
  void authenticationRequiredIsAuthenticationFailed() throws IOException {
    ConnectorException e = sendFails(dialog(replies().mail("530 5.7.0 Authentication required")));

    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
  }

  @Test
  void replyCode421InTheGreetingIsRetryable() throws IOException {
    ConnectorException e =
        sendFails(dialog(replies().greeting("421 4.7.0 Too many connections, try later")));

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void serverThatNeverAnswersTimesOutWithinTheConfiguredTimeout() throws IOException {
    Map<String, Object> config = config(0);
    config.put("greetingTimeout", 500);

    ConnectorException e = sendFails(ScriptedSmtpServer.silent(), config);

    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("greetingTimeout 500 ms");
  }

  @Test
  void serverThatStopsAnsweringAfterTheMessageTimesOut() throws IOException {
    Map<String, Object> config = config(0);
    config.put("socketTimeout", 700);

    ConnectorException e = sendFails(dialog(replies().dot("SILENT")), config);

    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(e.retryable()).isTrue();
    // issue 11 item 5: the server took DATA and the dot, so it may deliver; the retry is a
    // maybe-duplicate
    assertThat(e.maybeDelivered()).isTrue();
    assertThat(e.getMessage()).contains("final \".\"").contains("may have been delivered");
  }

  @Test
  void serverThatStopsAnsweringBeforeTheDataDidNotDeliver() throws IOException {
    Map<String, Object> config = config(0);
    config.put("socketTimeout", 700);

    ConnectorException e = sendFails(dialog(replies().rcpt("SILENT")), config);

    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(e.maybeDelivered()).isFalse();
  }

  @Test
  void serverThatStopsReadingTimesOutOnTheWrite() throws IOException {
    server = ScriptedSmtpServer.startWithReceiveBuffer(dialog(replies().data("354 STOP")), 4096);
    Map<String, Object> config = config(server.port());
    config.put("socketTimeout", 700);
    connector = connector(config);
    // larger than any loopback socket buffer, so the write blocks once the server stops reading
    RenderedEmail big =
        RenderedEmail.builder()
            .to(EmailAddress.parse(TO))
            .subject("big")
            .text("x".repeat(76).concat("\n").repeat(160_000))
            .build();

    ConnectorException e =
        assertTimeoutPreemptively(
            BOUND,
            () -> catchThrowableOfType(ConnectorException.class, () -> connector.deliver(big)));

    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
  }

  @Test
  void connectionLostAfterTheFinalDotMayHaveDelivered() throws IOException {
    ConnectorException e = sendFails(dialog(replies().dot("EOF")));

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.maybeDelivered()).isTrue();
  }

  @Test
  void resetConnectionIsUnavailable() throws IOException {
    ConnectorException e = sendFails(ScriptedSmtpServer.reset());

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.maybeDelivered()).isFalse();
  }

  @Test
  void refusedConnectionIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    connector = connector(config(closedPort));

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "1")));

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void addressRefusedByTheNetworkPolicyIsNeverConnected() throws IOException {
    server = ScriptedSmtpServer.start(dialog(replies()));
    Map<String, Object> config = config(server.port());
    config.put("host", "localhost");
    connector = connector(config, TestContext.builder().network(NetworkPolicy.strict()).build());

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "1")));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("allowPrivateAddresses");
    assertThat(server.connectionCount()).isZero();
  }

  @Test
  void literalAddressRefusedByTheNetworkPolicyFailsCreate() {
    SmtpConnectorFactory factory = new SmtpConnectorFactory();

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                factory.create(
                    factory.configSpec().bind(config(25)),
                    TestContext.builder().network(NetworkPolicy.strict()).build()));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems()).extracting(p -> p.path()).containsExactly("host");
  }

  @Test
  void queueIdOfTheReplyIsTheProviderMessageId() throws IOException {
    server =
        ScriptedSmtpServer.start(dialog(replies().dot("250 2.0.0 Ok: queued as 4Bq1xT2qz5z9")));
    connector = connector(config(server.port()));

    SendResult result = connector.send(signIn(TO, "1"));

    assertThat(result.providerMessageId()).isEqualTo("4Bq1xT2qz5z9");
    assertThat(result.acceptedAt()).isEqualTo(TestContext.FIXED_NOW);
  }

  @Test
  void withoutQueueIdTheMessageIdIsTheProviderMessageId() throws IOException {
    server = ScriptedSmtpServer.start(dialog(replies().dot("250 OK")));
    connector = connector(config(server.port()));

    SendResult result = connector.send(signIn(TO, "1"));

    assertThat(result.providerMessageId()).matches("<authmail\\.msg-\\d+@example\\.com>");
  }

  @Test
  void sequentialSendsReuseOneConnection() throws IOException {
    server = ScriptedSmtpServer.start(dialog(replies()));
    connector = connector(config(server.port()));

    for (int i = 0; i < 5; i++) {
      connector.send(signIn(TO, String.valueOf(i)));
    }

    assertThat(server.acceptedCount()).isEqualTo(5);
    assertThat(server.connectionCount()).isEqualTo(1);
  }

  @Test
  void concurrentSendsUseAtMostMaxConnections() throws Exception {
    server = ScriptedSmtpServer.start(dialog(replies()));
    Map<String, Object> config = config(server.port());
    config.put("maxConnections", 2);
    connector = connector(config);
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<SendResult>> results = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String code = String.valueOf(i);
        results.add(threads.submit(() -> connector.send(signIn(TO, code))));
      }
      for (Future<SendResult> result : results) {
        assertThat(result.get(BOUND.toSeconds(), TimeUnit.SECONDS).acceptedAt()).isNotNull();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(server.acceptedCount()).isEqualTo(30);
    assertThat(server.connectionCount()).isBetween(1, 2);
  }

  @Test
  void connectionIsReplacedAfterMaxMessages() throws IOException {
    server = ScriptedSmtpServer.start(dialog(replies()));
    Map<String, Object> config = config(server.port());
    config.put("maxMessages", 2);
    connector = connector(config);

    for (int i = 0; i < 5; i++) {
      connector.send(signIn(TO, String.valueOf(i)));
    }

    assertThat(server.connectionCount()).isEqualTo(3);
  }

  @Test
  void brokenConnectionIsDiscardedAndTheNextSendReconnects() throws IOException {
    server = ScriptedSmtpServer.start(dialog(replies().dot("421 4.3.2 Shutting down")));
    connector = connector(config(server.port()));
    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "1")));
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);

    server.behave(dialog(replies()));
    connector.send(signIn(TO, "2"));

    assertThat(server.connectionCount()).isEqualTo(2);
    assertThat(server.acceptedCount()).isEqualTo(1);
  }

  @Test
  void verifySaysEhloAndAuthenticatesWithoutSending() throws IOException {
    server = ScriptedSmtpServer.start(dialog(replies()));
    connector = connector(withPassword(config(server.port())));

    connector.verify();

    assertThat(server.commands())
        .anyMatch(c -> c.startsWith("EHLO"))
        .contains("AUTH PLAIN")
        .noneMatch(c -> c.startsWith("MAIL"));
  }

  @Test
  void verifyReportsRefusedCredentials() throws IOException {
    server =
        ScriptedSmtpServer.start(
            dialog(replies().auth("535 5.7.8 Authentication credentials invalid")));
    connector = connector(withPassword(config(server.port())));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, connector::verify);

    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
  }

  @Test
  void sendAfterCloseIsRefused() throws IOException {
    server = ScriptedSmtpServer.start(dialog(replies()));
    connector = connector(config(server.port()));
    connector.close();

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> connector.send(signIn(TO, "1")));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(server.connectionCount()).isZero();
  }
}
