package dev.authmail.runtime.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseCaptureInboxTest {
  @TempDir Path dir;

  private Database db;
  private DatabaseCaptureInbox inbox;

  @BeforeEach
  void open() {
    db = Database.open("jdbc:sqlite:" + dir.resolve("authmail.db").toAbsolutePath());
    inbox =
        new DatabaseCaptureInbox(
            db, EmailAddress.parse("no-reply@platform.example"), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private SendResult deliver(String to, String subject) {
    return inbox.deliver(
        RenderedEmail.builder()
            .to(EmailAddress.parse(to))
            .fromName("Acme")
            .subject(subject)
            .html("<p>Code <b>123456</b></p>")
            .messageId("m-" + subject)
            .type(UsageType.SignIn)
            .build());
  }

  @Test
  void keepsEveryEmailNewestFirstAndFindsThemByRecipient() {
    SendResult first = deliver("Ann@Example.com", "one");
    SendResult second = deliver("bob@example.com", "two");

    assertThat(inbox.list(10)).extracting(CapturedEmail::subject).containsExactly("two", "one");
    assertThat(inbox.list("ann@example.COM", 10))
        .extracting(CapturedEmail::id)
        .containsExactly(first.providerMessageId());
    CapturedEmail email = inbox.get(second.providerMessageId()).orElseThrow();
    assertThat(email.from()).isEqualTo("no-reply@platform.example");
    assertThat(email.fromName()).isEqualTo("Acme");
    assertThat(email.html()).contains("123456");
    assertThat(email.text()).contains("123456");
    assertThat(email.type()).isEqualTo("SignIn");
    assertThat(email.messageId()).isEqualTo("m-two");
    assertThat(inbox.get("20200101000000000-000000")).isEmpty();
  }

  @Test
  void anotherInboxOnTheSameDatabaseSeesThem() {
    deliver("ann@example.com", "shared");

    DatabaseCaptureInbox otherNode = new DatabaseCaptureInbox(db, null, Clock.systemUTC());

    assertThat(otherNode.list(1)).extracting(CapturedEmail::subject).containsExactly("shared");
  }
}
