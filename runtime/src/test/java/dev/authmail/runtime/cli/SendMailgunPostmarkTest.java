package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.cli.AuthmailProcess.Run;
import dev.authmail.runtime.cli.HttpPeer.Answer;
import dev.authmail.runtime.cli.HttpPeer.Recorded;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code authmail send} through the Mailgun and Postmark connectors, as a child process from a
 * configuration file, to a local HTTP peer on 127.0.0.1 (reached because the file sets {@code
 * network.allowPrivateAddresses}).
 */
class SendMailgunPostmarkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TO = "alice@example.com";
  private static final Pattern MESSAGE_ID = Pattern.compile("(?m)^message id: ([0-9a-f-]{36})$");

  @TempDir Path dir;

  HttpPeer peer;

  @BeforeEach
  void startPeer() throws Exception {
    peer = HttpPeer.start();
  }

  @AfterEach
  void stopPeer() {
    peer.close();
  }

  private static final String MAILGUN_KEY = "key-cli-test-mailgun-6a1f";
  private static final String POSTMARK_TOKEN = "cli-test-postmark-token-93c4";

  private Path mailgunConfig() throws Exception {
    return writeConfig(
        """
            factory: mailgun
            config:
              endpoint: %s
              domain: mg.example.com
              apiKey: "${MAILGUN_API_KEY}"
              from: "Acme <noreply@mg.example.com>"
              deliveries:
                SignIn: {subject: "サインインコード {{code}}", html: "<p>サインインコードは <b>{{code}}</b> です。</p>"}
                Generic: {subject: "Code", html: "<p>{{code}}</p>"}
              timeout: {connect: 2000, read: 2000, write: 2000, call: 4000}
        """
            .formatted(peer.url()));
  }

  private Path postmarkConfig() throws Exception {
    return writeConfig(
        """
            factory: postmark
            config:
              serverToken: "${POSTMARK_SERVER_TOKEN}"
              fromEmail: noreply@example.com
              templates:
                - {usageType: SignIn, templateAlias: logto-sign-in}
                - {usageType: Register, templateAlias: logto-register}
                - {usageType: ForgotPassword, templateAlias: logto-forgot-password}
                - {usageType: Generic, templateAlias: logto-generic}
              endpoint: %s
              timeout: {connect: 2000, read: 2000, write: 2000, call: 4000}
        """
            .formatted(peer.url()));
  }

  @Test
  void mailgunGetsTheFormWithBasicAuthAndItsIdIsPrinted() throws Exception {
    Path config = mailgunConfig();
    peer.enqueue(
        Answer.json(
            200,
            "{\"id\": \"<20260101.1.ABC@mg.example.com>\", \"message\": \"Queued. Thank you.\"}",
            Map.of()));

    Run run = send(Map.of("MAILGUN_API_KEY", MAILGUN_KEY), config);

    assertSent(run, "mailgun-email");
    assertThat(run.out())
        .containsPattern("(?m)^provider message id: 20260101\\.1\\.ABC@mg\\.example\\.com$");
    Recorded request = peer.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v3/mg.example.com/messages");
    assertThat(request.header("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(("api:" + MAILGUN_KEY).getBytes(StandardCharsets.UTF_8)));
    Map<String, String> form = form(request.body());
    assertThat(form)
        .containsEntry("to", TO)
        .containsEntry("from", "\"Acme\" <noreply@mg.example.com>")
        .containsEntry("subject", "サインインコード 123456")
        .containsEntry("o:tag", "SignIn")
        .containsEntry("v:authmail-message-id", messageId(run));
    assertThat(form.get("html")).contains("<b>123456</b>");
    assertThat(form.get("text")).contains("123456").doesNotContain("<b>");
    assertThat(run.out() + run.err()).doesNotContain(MAILGUN_KEY);
  }

  @Test
  void mailgunOutOfQuotaExitsWithQuotaExceeded() throws Exception {
    Path config = mailgunConfig();
    // Mailgun's answer when the account may not send to this recipient (its help center's error
    // list)
    peer.enqueue(
        Answer.json(
            400,
            "{\"message\": \"Domain mg.example.com is not allowed to send: Free accounts are for"
                + " test purposes only. Please upgrade or add the address to authorized recipients"
                + " in Account Settings.\"}",
            Map.of()));

    Run run = send(Map.of("MAILGUN_API_KEY", MAILGUN_KEY), config);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern(
            "(?m)^error: QUOTA_EXCEEDED \\(usage_limit_exceeded\\): Mailgun answered HTTP 400:"
                + " Domain mg.example.com is not allowed to send.*")
        .doesNotContain(MAILGUN_KEY);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void postmarkGetsTheTemplateAliasWithThePayloadAndItsIdIsPrinted() throws Exception {
    Path config = postmarkConfig();
    peer.enqueue(
        Answer.json(
            200,
            """
            {"To": "alice@example.com", "SubmittedAt": "2026-01-01T00:00:00Z",
             "MessageID": "0a129aee-e1cd-480d-b08d-4f48548ff48d",
             "ErrorCode": 0, "Message": "OK"}\
            """,
            Map.of()));

    Run run = send(Map.of("POSTMARK_SERVER_TOKEN", POSTMARK_TOKEN), config);

    assertSent(run, "postmark-mail");
    assertThat(run.out())
        .containsPattern("(?m)^provider message id: 0a129aee-e1cd-480d-b08d-4f48548ff48d$");
    Recorded request = peer.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/email/withTemplate");
    assertThat(request.header("X-Postmark-Server-Token")).isEqualTo(POSTMARK_TOKEN);
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.path("From").asText()).isEqualTo("noreply@example.com");
    assertThat(body.path("To").asText()).isEqualTo(TO);
    assertThat(body.path("TemplateAlias").asText()).isEqualTo("logto-sign-in");
    assertThat(body.path("TemplateModel"))
        .isEqualTo(JSON.readTree("{\"code\": \"123456\", \"locale\": \"ja\"}"));
    assertThat(body.path("MessageStream").asText()).isEqualTo("outbound");
    assertThat(body.path("Metadata").path("authmail_message_id").asText())
        .isEqualTo(messageId(run));
    assertThat(run.out() + run.err()).doesNotContain(POSTMARK_TOKEN);
  }

  @Test
  void postmarkInactiveRecipientExitsWithRejected() throws Exception {
    Path config = postmarkConfig();
    peer.enqueue(
        Answer.json(
            422,
            "{\"ErrorCode\": 406, \"Message\": \"You tried to send to a recipient that has been"
                + " marked as inactive.\"}",
            Map.of()));

    Run run = send(Map.of("POSTMARK_SERVER_TOKEN", POSTMARK_TOKEN), config);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern(
            "(?m)^error: REJECTED \\(general\\): Postmark answered HTTP 422: ErrorCode 406.*")
        .doesNotContain(POSTMARK_TOKEN);
  }

  /**
   * authmail.yaml with private addresses allowed and one tenant whose only connector is {@code
   * primary}.
   */
  private Path writeConfig(String primary) throws Exception {
    return Files.writeString(
        dir.resolve("authmail.yaml"),
        """
        network:
          allowPrivateAddresses: true     # the peer of this test is on 127.0.0.1
        tenants:
          default:
            email: [primary]
        connectors:
          primary:
        """
            + primary);
  }

  private Run send(Map<String, String> env, Path config) throws Exception {
    return AuthmailProcess.run(
        dir,
        env,
        "send",
        "--config",
        config.toString(),
        "--to",
        TO,
        "--type",
        "SignIn",
        "--code",
        "123456",
        "--locale",
        "ja");
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.putIfAbsent(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  private static void assertSent(Run run, String factoryId) {
    assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^sent SignIn through \\S+ \\(" + Pattern.quote(factoryId) + "\\)$")
        .containsPattern(MESSAGE_ID.pattern());
  }

  private static String messageId(Run run) {
    Matcher m = MESSAGE_ID.matcher(run.out());
    assertThat(m.find()).as("a message id in: %s", run.out()).isTrue();
    return m.group(1);
  }
}
