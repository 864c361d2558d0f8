package dev.authmail.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.tck.TestContext;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.testing.ScriptedSmtpServer;
import dev.authmail.runtime.testing.SmtpTestConfig;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over real SMTP: the outbox sends through the SMTP connector found by ServiceLoader (as
 * the runtime does) into GreenMail, and into a scripted server for 451 and 550.
 */
class SmtpOutboxTest extends OutboxScenarios {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path dir;

  private EmailConnector connector;

  @Override
  Database openDatabase() {
    return Database.open("jdbc:sqlite:" + dir.resolve("authmail.db").toAbsolutePath());
  }

  @AfterEach
  void closeConnector() {
    if (connector != null) {
      connector.close();
    }
  }

  private EmailConnector smtp(int port) {
    ConnectorFactory factory =
        ServiceLoader.load(ConnectorFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.id().equals("simple-mail-transfer-protocol"))
            .findFirst()
            .orElseThrow();
    Map<String, Object> config = SmtpTestConfig.loopback(port);
    List<ConfigProblem> problems = factory.configSpec().check(config);
    assertThat(problems).isEmpty();
    connector = factory.create(factory.configSpec().bind(config), TestContext.create());
    return connector;
  }

  @Test
  void deliversIntoGreenMailThroughTheSmtpConnector() throws Exception {
    chain(TENANT, new NamedConnector("smtp", smtp(GREENMAIL.getSmtp().getPort())));
    Outbox outbox = outbox();
    outbox.start();

    String id = accepted(outbox.accept(signIn("olivia@example.com", "424242")));
    MessageView view = outbox.await(TENANT, id, WAIT).orElseThrow();

    assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
    MimeMessage[] received = GREENMAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("olivia@example.com");
  }

  @Test
  void smtp451IsRetriedAndDelivered() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      server.replyToNextData("451 4.3.0 try again later");
      chain(TENANT, new NamedConnector("smtp", smtp(server.port())));
      Outbox outbox = outbox();
      outbox.start();

      String id = accepted(outbox.accept(signIn("paul@example.com", "1")));
      MessageView first = waitForAttempts(outbox, id, 1);
      clock.advance(Duration.ofSeconds(2));
      MessageView view = waitForStatus(outbox, id, MessageStatus.DELIVERED);

      // the SMTP connector reads 451 as the server throttling: RATE_LIMITED, retryable
      assertThat(first.attempts().get(0).errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(first.status()).isEqualTo(MessageStatus.QUEUED);
      assertThat(view.attempts())
          .extracting(AttemptView::outcome)
          .containsExactly(AttemptView.Outcome.RETRYABLE_FAILURE, AttemptView.Outcome.DELIVERED);
      assertThat(server.acceptedCount()).isEqualTo(1);
    }
  }

  @Test
  void aServerThatTakesTheMessageAndStallsAfterTheDotMakesTheRetryAMaybeDuplicate()
      throws Exception {
    // issue 11 item 5: the server holds the whole message, so the first attempt may have delivered
    // it
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      server.replyToNextData("STALL");
      chain(TENANT, new NamedConnector("smtp", smtp(server.port())));
      Outbox outbox = outbox();
      outbox.start();

      String id = accepted(outbox.accept(signIn("quinn@example.com", "1")));
      MessageView first = waitForAttempts(outbox, id, 1);
      clock.advance(Duration.ofSeconds(2));
      MessageView view = waitForStatus(outbox, id, MessageStatus.DELIVERED);

      assertThat(first.attempts().get(0).errorCode()).isEqualTo("TIMEOUT");
      assertThat(first.attempts().get(0).maybeDelivered()).isTrue();
      assertThat(view.maybeDuplicate()).isTrue();
      assertThat(server.acceptedCount()).isEqualTo(2);
    }
  }

  @Test
  void smtp550StopsTheMessage() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
      chain(TENANT, new NamedConnector("smtp", smtp(server.port())));
      Outbox outbox = outbox();
      outbox.start();

      String id = accepted(outbox.accept(signIn("bounce@example.com", "1")));
      MessageView view = waitForStatus(outbox, id, MessageStatus.FAILED);

      assertThat(view.lastErrorCode()).isEqualTo("REJECTED");
      assertThat(view.attempts())
          .singleElement()
          .extracting(AttemptView::outcome)
          .isEqualTo(AttemptView.Outcome.PERMANENT_FAILURE);
      assertThat(server.acceptedCount()).isZero();
    }
  }
}
