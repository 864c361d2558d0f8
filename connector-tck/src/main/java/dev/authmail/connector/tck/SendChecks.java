package dev.authmail.connector.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract's checks of sending: {@code create()} does no network I/O; a SignIn send, and a
 * delivery as an {@link EmailTransport}, reach the peer with the right credentials, recipient,
 * subject, both bodies, sender and reply-to; 40 concurrent sends; an idempotent {@code close()};
 * {@code verify()}. Package-private: part of {@link ConnectorContractTest}.
 */
abstract class SendChecks extends ConfigChecks {
  // ---------------------------------------------------------------- sending

  @Test
  @DisplayName("create() does no network I/O")
  void createDoesNoNetworkIo() {
    assumeTrue(
        supportsConnectionCount(),
        "the test does not count connections (supportsConnectionCount() is false)");
    int before = connectionCount();
    newConnector();
    assertThat(connectionCount())
        .as("connections seen by the peer after create()")
        .isEqualTo(before);
  }

  @Test
  @DisplayName("a SignIn email with a code is accepted")
  void sendIsAccepted() {
    EmailConnector connector = newConnector();
    int before = acceptedCount();
    SendResult result = connector.send(signInRequest());
    assertThat(result).as("send() result").isNotNull();
    assertThat(result.acceptedAt()).as("acceptedAt").isNotNull();
    awaitAccepted(before + 1);
    ReceivedEmail received = lastReceived();
    assertCredentialsAndRecipient(received);
    assertThat(received.allText())
        .as("what the provider received (%s) holds the code", received)
        .contains(CODE);
    if (received.content() == null) {
      // rendered content: the HTML template and the text part derived from it both went out
      assertThat(received.html()).as("HTML body the provider received").isNotNull().contains(CODE);
      assertThat(received.text()).as("text body the provider received").isNotNull().contains(CODE);
      assertThat(received.subject()).as("subject the provider received").isNotBlank();
      assertThat(received.from()).as("sender the provider received").isNotBlank();
    }
  }

  @Test
  @DisplayName("as an EmailTransport, it delivers a rendered email with HTML and text")
  void deliversRenderedEmail() {
    EmailTransport transport = newTransport();
    int before = acceptedCount();
    RenderedEmail email =
        codeEmail("tck-transport-")
            .html("<p>Your code is <strong>" + CODE + "</strong></p>")
            .build();
    SendResult result = transport.deliver(email);
    assertThat(result).as("deliver() result").isNotNull();
    assertThat(result.acceptedAt()).as("acceptedAt").isNotNull();
    awaitAccepted(before + 1);
    ReceivedEmail received = lastReceived();
    assertCredentialsAndRecipient(received);
    assertThat(received.subject()).as("subject the provider received").isEqualTo(email.subject());
    assertThat(received.html())
        .as("HTML body the provider received")
        .isNotNull()
        .contains("<strong>" + CODE + "</strong>");
    assertThat(received.text())
        .as("text body the provider received")
        .isNotNull()
        .contains(email.text());
    assertThat(received.from()).as("sender the provider received").isNotBlank().contains("@");
    assertThat(received.replyTo())
        .as("reply-to the provider received")
        .isEqualToIgnoringCase(REPLY_TO);
  }

  @Test
  @DisplayName("concurrent sends: 8 threads x 5 sends, all accepted")
  void concurrentSends() throws Exception {
    assumeTrue(
        supportsConcurrentSends(),
        "the peer cannot take concurrent sends (supportsConcurrentSends() is false)");
    int threads = 8;
    int perThread = 5;
    EmailConnector connector = newConnector();
    int before = acceptedCount();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<SendResult>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  List<SendResult> results = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    results.add(connector.send(signInRequest()));
                  }
                  return results;
                }));
      }
      start.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int sent = 0;
      for (Future<List<SendResult>> future : futures) {
        List<SendResult> results =
            future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        for (SendResult result : results) {
          assertThat(result.acceptedAt()).isNotNull();
          sent++;
        }
      }
      assertThat(sent).isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    awaitAccepted(before + threads * perThread);
  }

  @Test
  @DisplayName("close() is idempotent and does not throw")
  void closeIsIdempotent() {
    EmailConnector connector = newConnector();
    connector.send(signInRequest());
    assertThatCode(
            () -> {
              connector.close();
              connector.close();
            })
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("verify() succeeds against the healthy peer")
  void verifySucceeds() {
    assumeTrue(
        supportsVerify(),
        "the connector's verify() does not check the peer (supportsVerify() is false)");
    EmailConnector connector = newConnector();
    assertThatCode(connector::verify).doesNotThrowAnyException();
  }
}
