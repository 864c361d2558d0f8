package dev.authmail.runtime.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCaptureInboxTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:15:00.123Z");

  @TempDir Path dir;

  private final EmailAddress platformSender = EmailAddress.parse("no-reply@mail.example.com");

  @Test
  void storesEveryPartAndReadsItBack() {
    FileCaptureInbox inbox =
        new FileCaptureInbox(
            dir.resolve("inbox"), platformSender, Clock.fixed(NOW, ZoneOffset.UTC));

    SendResult result =
        inbox.deliver(
            RenderedEmail.builder()
                .to(EmailAddress.parse("alice@example.com"))
                .fromName("Acme")
                .subject("Votre code de connexion")
                .html("<p>Code: <b>123456</b></p>")
                .type(UsageType.SignIn)
                .messageId("msg-1")
                .header("X-Tenant", "default")
                .build());

    assertThat(result.acceptedAt()).isEqualTo(NOW);
    assertThat(result.providerMessageId()).startsWith("20261126101500123-");
    CapturedEmail email = inbox.get(result.providerMessageId()).orElseThrow();
    assertThat(email.id()).isEqualTo(result.providerMessageId());
    assertThat(email.receivedAt()).isEqualTo(NOW);
    assertThat(email.to()).isEqualTo("alice@example.com");
    assertThat(email.from()).isEqualTo("no-reply@mail.example.com");
    assertThat(email.fromName()).isEqualTo("Acme");
    assertThat(email.subject()).isEqualTo("Votre code de connexion");
    assertThat(email.html()).isEqualTo("<p>Code: <b>123456</b></p>");
    assertThat(email.text()).contains("123456");
    assertThat(email.type()).isEqualTo("SignIn");
    assertThat(email.messageId()).isEqualTo("msg-1");
    assertThat(email.headers()).containsEntry("X-Tenant", "default");
  }

  @Test
  void inlineImagesAreStoredInTheHtmlAsDataUrisForViewers() {
    FileCaptureInbox inbox =
        new FileCaptureInbox(
            dir.resolve("inbox"), platformSender, Clock.fixed(NOW, ZoneOffset.UTC));
    byte[] logo =
        java.util.Base64.getDecoder()
            .decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAA"
                    + "AAYAAjCB0C8AAAAASUVORK5CYII=");

    String id =
        inbox
            .deliver(
                RenderedEmail.builder()
                    .to(EmailAddress.parse("alice@example.com"))
                    .subject("Your code")
                    .html("<img src=\"cid:logo-1@authmail\" alt=\"Acme\"><p>123456</p>")
                    .inlineImage("logo-1@authmail", "image/png", logo)
                    .build())
            .providerMessageId();

    CapturedEmail email = new FileCaptureInbox(dir.resolve("inbox")).get(id).orElseThrow();
    assertThat(email.html())
        .isEqualTo(
            "<img src=\"data:image/png;base64,"
                + java.util.Base64.getEncoder().encodeToString(logo)
                + "\" alt=\"Acme\"><p>123456</p>");
  }

  @Test
  void onePrivateJsonFilePerEmailAndNoTemporaryFileLeft() throws IOException {
    FileCaptureInbox inbox = new FileCaptureInbox(dir.resolve("inbox"));

    String id = inbox.deliver(email("a@example.com", "one")).providerMessageId();

    try (Stream<Path> files = Files.list(dir.resolve("inbox"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(id + ".json");
    }
    assertThat(Files.readString(dir.resolve("inbox").resolve(id + ".json")))
        .contains("\"subject\" : \"one\"");
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve("inbox").resolve(id + ".json"))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void listsNewestFirstUpToTheLimit() {
    FileCaptureInbox inbox = new FileCaptureInbox(dir.resolve("inbox"));
    for (int i = 1; i <= 5; i++) {
      inbox.deliver(email("a@example.com", "email " + i));
    }

    assertThat(inbox.list(3))
        .extracting(CapturedEmail::subject)
        .containsExactly("email 5", "email 4", "email 3");
    assertThat(inbox.list(100)).hasSize(5);
  }

  @Test
  void aNewInboxInstanceSeesWhatAnEarlierOneStored() {
    String id =
        new FileCaptureInbox(dir.resolve("inbox"))
            .deliver(email("a@example.com", "kept"))
            .providerMessageId();

    assertThat(new FileCaptureInbox(dir.resolve("inbox")).get(id))
        .get()
        .extracting(CapturedEmail::subject)
        .isEqualTo("kept");
  }

  @Test
  void unknownMalformedAndTraversingIdsAreNotFound() throws IOException {
    FileCaptureInbox inbox = new FileCaptureInbox(dir.resolve("inbox"));
    Files.writeString(dir.resolve("secret.json"), "{}");

    assertThat(inbox.get("20261126101500123-abcdef")).isEmpty();
    assertThat(inbox.get("../secret")).isEmpty();
    assertThat(inbox.get(null)).isEmpty();
    assertThat(inbox.list(10)).isEmpty();
  }

  @Test
  void aCorruptFileIsSkippedNotFatal() throws IOException {
    FileCaptureInbox inbox = new FileCaptureInbox(dir.resolve("inbox"));
    inbox.deliver(email("a@example.com", "good"));
    Files.writeString(dir.resolve("inbox").resolve("29991231235959999-000000.json"), "{not json");

    assertThat(inbox.list(10)).extracting(CapturedEmail::subject).containsExactly("good");
  }

  @Test
  void concurrentDeliveriesGetDistinctIdsAndAllAreKept() throws Exception {
    FileCaptureInbox inbox = new FileCaptureInbox(dir.resolve("inbox"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> ids.add(inbox.deliver(email("a@example.com", "n" + n)).providerMessageId())));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(ids).hasSize(40);
    assertThat(inbox.list(100)).hasSize(40);
  }

  private static RenderedEmail email(String to, String subject) {
    return RenderedEmail.builder()
        .to(EmailAddress.parse(to))
        .subject(subject)
        .text("code 123456")
        .build();
  }
}
