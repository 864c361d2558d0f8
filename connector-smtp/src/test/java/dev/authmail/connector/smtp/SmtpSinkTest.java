package dev.authmail.connector.smtp;

import static dev.authmail.connector.smtp.SmtpTesting.config;
import static dev.authmail.connector.smtp.SmtpTesting.connector;
import static dev.authmail.connector.smtp.SmtpTesting.japaneseTemplates;
import static dev.authmail.connector.smtp.SmtpTesting.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.authmail.connector.api.SendResult;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against Postfix's {@code smtp-sink} (Debian package postfix; {@code .ci/run} installs it),
 * started by the test on a loopback port, dumping each message to a file that the test then reads.
 */
class SmtpSinkTest {
  private static final Path SMTP_SINK = Path.of("/usr/sbin/smtp-sink");
  private static final String TO = "alice@example.com";

  private Process sink;
  private Path dumps;
  private int port;
  private SmtpConnector connector;

  @BeforeEach
  void startSink() throws Exception {
    assumeTrue(
        Files.isExecutable(SMTP_SINK),
        "Postfix smtp-sink is not installed (apt-get install postfix)");
    dumps = Files.createTempDirectory("authmail-smtp-sink-");
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(SMTP_SINK.toString(), "-d", dumps + "/msg."));
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("-u", "root")); // smtp-sink refuses to run as root without -u
    }
    command.addAll(List.of("127.0.0.1:" + port, "100"));
    sink =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dumps.resolve("sink.log").toFile())
            .start();
    awaitListening();
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        if (!sink.isAlive()) {
          throw new IllegalStateException(
              "smtp-sink exited: " + Files.readString(dumps.resolve("sink.log")));
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("smtp-sink did not listen on port " + port);
  }

  @AfterEach
  void stopSink() throws Exception {
    if (connector != null) {
      connector.close();
    }
    if (sink != null) {
      sink.destroy();
      if (!sink.waitFor(5, TimeUnit.SECONDS)) {
        sink.destroyForcibly();
      }
    }
    if (dumps != null) {
      try (Stream<Path> files = Files.list(dumps)) {
        files.forEach(file -> file.toFile().delete());
      }
      Files.deleteIfExists(dumps);
    }
  }

  private List<Path> dumped(int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      List<Path> files;
      try (Stream<Path> list = Files.list(dumps)) {
        files = list.filter(p -> p.getFileName().toString().startsWith("msg.")).sorted().toList();
      }
      if (files.size() >= expected || System.nanoTime() > deadline) {
        return files;
      }
      Thread.sleep(20);
    }
  }

  /**
   * A dump is the message with smtp-sink's X-Client-*, X-Helo/Mail/Rcpt-Args and Received lines on
   * top.
   */
  private static MimeMessage parse(Path dump) throws Exception {
    try (InputStream in = Files.newInputStream(dump)) {
      return new MimeMessage(Session.getInstance(new Properties()), in);
    }
  }

  @Test
  void japaneseSignInEmailIsReceivedWithBothPartsAndTheCode() throws Exception {
    Map<String, Object> config =
        config(port); // smtp-sink answers AUTH with 250, not 235: no auth here
    config.put("templates", japaneseTemplates());
    config.put("fromName", "Example 認証");
    connector = connector(config);

    SendResult result = connector.send(signIn(TO, "864209"));

    List<Path> files = dumped(1);
    assertThat(files).hasSize(1);
    MimeMessage message = parse(files.get(0));
    assertThat(message.getHeader("X-Mail-Args")[0]).contains("<noreply@example.com>");
    assertThat(message.getHeader("X-Rcpt-Args")[0]).contains("<alice@example.com>");
    InternetAddress from = (InternetAddress) message.getFrom()[0];
    assertThat(from.getPersonal()).isEqualTo("Example 認証");
    assertThat(from.getAddress()).isEqualTo("noreply@example.com");
    assertThat(message.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly(TO);
    assertThat(message.getSubject()).isEqualTo("ログイン認証コード: 864209");
    assertThat(message.getMessageID()).isEqualTo(result.providerMessageId());
    assertThat(message.getContentType()).startsWith("multipart/alternative");
    Multipart parts = (Multipart) message.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat((String) parts.getBodyPart(0).getContent()).contains("864209").contains("認証コード");
    assertThat((String) parts.getBodyPart(1).getContent()).contains("<strong>864209</strong>");
  }

  @Test
  void verifyAndManyConcurrentSendsThroughThePool() throws Exception {
    connector = connector(config(port));
    assertThatCode(connector::verify).doesNotThrowAnyException();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<SendResult>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String code = String.format("%06d", i);
        results.add(
            threads.submit(() -> connector.send(signIn("user" + code + "@example.com", code))));
      }
      for (Future<SendResult> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS).acceptedAt()).isNotNull();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(dumped(40)).hasSize(40);
  }
}
