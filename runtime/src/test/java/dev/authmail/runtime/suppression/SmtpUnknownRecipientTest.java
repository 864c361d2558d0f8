package dev.authmail.runtime.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.runtime.suppression.SuppressionServer.Answer;
import dev.authmail.runtime.testing.ScriptedSmtpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synchronous {@code 550 5.1.1} to RCPT from a real SMTP server on 127.0.0.1 ({@link
 * ScriptedSmtpServer}) ends the message FAILED and suppresses its recipient as a hard bounce; a
 * policy refusal ({@code 550 5.7.1}) fails the message but suppresses nothing.
 */
class SmtpUnknownRecipientTest {
  @TempDir Path dir;
  ScriptedSmtpServer smtp;
  SuppressionServer api;

  @BeforeEach
  void start() throws Exception {
    smtp = new ScriptedSmtpServer();
    String template =
        "{usageType: %s, contentType: text/plain, subject: Code, content: '{{code}}'}";
    api =
        new SuppressionServer(
            dir,
            "  shop: {email: [mail]}\n"
                + "connectors:\n"
                + "  mail:\n"
                + "    factory: smtp\n"
                + "    config:\n"
                + "      host: 127.0.0.1\n"
                + "      port: "
                + smtp.port()
                + "\n"
                + "      fromEmail: noreply@example.com\n"
                + "      ignoreTLS: true\n"
                + "      connectionTimeout: 2000\n"
                + "      greetingTimeout: 2000\n"
                + "      socketTimeout: 2000\n"
                + "      templates:\n"
                + "        - "
                + template.formatted("Generic")
                + "\n        - "
                + template.formatted("SignIn")
                + "\n        - "
                + template.formatted("Register")
                + "\n        - "
                + template.formatted("ForgotPassword")
                + "\n",
            SuppressionModule::create);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    smtp.close();
  }

  private Answer send(String to) {
    return api.call(
        "POST",
        "/api/messages?tenant=shop",
        SuppressionServer.ADMIN,
        Map.of("to", to, "type", "SignIn", "payload", Map.of("code", "123456")));
  }

  private JsonNode finished(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode m =
          api.call("GET", "/api/messages/" + id + "?tenant=shop", SuppressionServer.ADMIN, null)
              .json();
      if (!m.get("status").asText().equals("QUEUED")
          && !m.get("status").asText().equals("SENDING")) {
        return m;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("message " + id + " did not finish in 20 s");
  }

  private Answer entry(String address) {
    return api.call(
        "GET",
        "/api/suppressions/" + address.replace("@", "%40") + "?tenant=shop",
        SuppressionServer.ADMIN,
        null);
  }

  @Test
  void aRecipientTheServerDoesNotKnowIsSuppressedAsAHardBounce() throws Exception {
    Answer accepted = send("Bounce.Me@example.com");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    JsonNode message = finished(accepted.json().get("id").asText());
    assertThat(message.get("status").asText()).isEqualTo("FAILED");

    // recorded once the FAILED outcome is committed, by the outbox's completion thread: the status
    // can be read a moment before
    Answer entry = entry("bounce.me@example.com");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (entry.status() == 404 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      entry = entry("bounce.me@example.com");
    }
    assertThat(entry.status()).as(entry.body()).isEqualTo(200);
    assertThat(entry.json().get("reason").asText()).isEqualTo("hard-bounce");
    assertThat(entry.json().get("source").asText()).isEqualTo("send:mail");
    assertThat(entry.json().get("count").asInt()).isEqualTo(1);

    Answer again = send("bounce.me@example.com");
    assertThat(again.status()).as(again.body()).isEqualTo(422);
    assertThat(again.json().get("code").asText()).isEqualTo("recipient.suppressed");
    assertThat(smtp.acceptedCount()).isZero();
  }

  @Test
  void aPolicyRefusalFailsTheMessageButSuppressesNothing() throws Exception {
    Answer accepted = send("blocked@example.com");
    JsonNode message = finished(accepted.json().get("id").asText());
    assertThat(message.get("status").asText()).isEqualTo("FAILED");

    assertThat(entry("blocked@example.com").status()).isEqualTo(404);
    assertThat(send("blocked@example.com").status()).isEqualTo(202);
  }
}
