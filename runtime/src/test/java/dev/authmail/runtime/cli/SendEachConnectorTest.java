package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.cli.AuthmailProcess.Run;
import dev.authmail.runtime.cli.HttpPeer.Answer;
import dev.authmail.runtime.cli.HttpPeer.Recorded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code authmail send} with each connector, from a configuration file the test writes, against a
 * local endpoint, run as a child process the way a user runs it (the connectors are the real ones,
 * found by ServiceLoader). SMTP is in {@link CliProcessTest}.
 */
class SendEachConnectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TO = "alice@example.com";
  private static final String CODE = "123456";
  private static final Pattern MESSAGE_ID = Pattern.compile("(?m)^message id: ([0-9a-f-]{36})$");

  /**
   * Logto's four required templates; the SignIn one in Japanese (Logto's templates have no locale).
   */
  private static final String TEMPLATES =
      """
            templates:
              - {usageType: SignIn, %1$s: text/html, subject: "サインインコード {{code}}",
                 content: "<p>サインインコードは <b>{{code}}</b> です。</p>"}
              - {usageType: Register, %1$s: text/html, subject: "Welcome",
                 content: "<p>Code {{code}}</p>"}
              - {usageType: ForgotPassword, %1$s: text/plain, subject: "Reset",
                 content: "Code {{code}}"}
              - {usageType: Generic, %1$s: text/plain, subject: "Code", content: "Code {{code}}"}
      """;

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

  @Nested
  class HttpEmail {
    private static final String TOKEN = "http-token-5c1e9a77";

    private Path config() throws Exception {
      return writeConfig(
          """
              factory: http
              config:
                endpoint: %s/authmail/email
                authorization: "Bearer ${HTTP_EMAIL_TOKEN}"
                timeout: {connect: 2000, read: 2000, write: 2000, call: 4000}
          """
              .formatted(peer.url()));
    }

    @Test
    void postsLogtosBodyWithTheAuthorizationHeader() throws Exception {
      Path config = config();

      Run run = send(Map.of("HTTP_EMAIL_TOKEN", TOKEN), config);

      assertSent(run, "http-email");
      assertThat(run.out()).contains("provider message id: (none given)");
      Recorded request = peer.takeRequest();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/authmail/email");
      assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(request.header("Content-Type")).startsWith("application/json");
      assertThat(request.header("X-Authmail-Message-Id")).isEqualTo(messageId(run));
      assertThat(JSON.readTree(request.body()))
          .isEqualTo(
              JSON.readTree(
                  """
                  {"to": "alice@example.com", "type": "SignIn",
                   "payload": {"code": "123456", "locale": "ja"}}
                  """));
      assertThat(run.out() + run.err()).doesNotContain(TOKEN);
    }

    @Test
    void anEndpointAnswering401ExitsWithAuthenticationFailed() throws Exception {
      Path config = config();
      peer.enqueue(Answer.json(401, "{\"error\": \"bad token\"}", Map.of()));

      Run run = send(Map.of("HTTP_EMAIL_TOKEN", TOKEN), config);

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .containsPattern("(?m)^error: AUTHENTICATION_FAILED \\(invalid_config\\): .+")
          .doesNotContain(TOKEN);
      assertThat(run.out()).isEmpty();
      assertThat(peer.requestCount()).isEqualTo(1);
    }
  }

  @Nested
  class Webhook {
    /** whsec_ and the base64 of 32 bytes 0x01..0x20. */
    private static final byte[] KEY = key();

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

    private static byte[] key() {
      byte[] key = new byte[32];
      for (int i = 0; i < key.length; i++) {
        key[i] = (byte) (i + 1);
      }
      return key;
    }

    private Path config() throws Exception {
      return writeConfig(
          """
              factory: webhook
              config:
                endpoint: %s/hooks/authmail
                secrets: ["${WEBHOOK_SECRET}"]
                timeout: {connect: 2000, read: 2000, write: 2000, call: 4000}
          """
              .formatted(peer.url()));
    }

    @Test
    void postsASignedStandardWebhooksEvent() throws Exception {
      Path config = config();

      Run run = send(Map.of("WEBHOOK_SECRET", SECRET), config);

      assertSent(run, "webhook-email");
      Recorded request = peer.takeRequest();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/hooks/authmail");
      String id = request.header("webhook-id");
      String timestamp = request.header("webhook-timestamp");
      String signatures = request.header("webhook-signature");
      assertThat(id).isEqualTo(messageId(run));
      assertThat(timestamp).matches("\\d{10}");
      assertThat(signatures).isNotNull();
      assertThat(Arrays.asList(signatures.split(" ")))
          .contains("v1," + sign(id + "." + timestamp + "." + request.body()));

      JsonNode event = JSON.readTree(request.body());
      assertThat(event.path("type").asText()).isEqualTo("email.send");
      JsonNode data = event.path("data");
      assertThat(data.path("messageId").asText()).isEqualTo(id);
      assertThat(data.path("tenant").asText()).isEqualTo("default");
      assertThat(data.path("usageType").asText()).isEqualTo("SignIn");
      assertThat(data.path("to").asText()).isEqualTo(TO);
      assertThat(data.path("locale").asText()).isEqualTo("ja");
      assertThat(data.path("payload").path("code").asText()).isEqualTo(CODE);
      assertThat(run.out() + run.err()).doesNotContain(SECRET).doesNotContain(SECRET.substring(6));
    }

    @Test
    void anEndpointAnswering429ExitsWithRateLimited() throws Exception {
      Path config = config();
      peer.enqueue(new Answer(429, Map.of("Retry-After", "120"), ""));

      Run run = send(Map.of("WEBHOOK_SECRET", SECRET), config);

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .containsPattern("(?m)^error: RATE_LIMITED \\(rate_limit_exceeded\\): .+");
      assertThat(run.out()).isEmpty();
    }

    private static String sign(String signed) throws Exception {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Nested
  class SendGrid {
    private static final String API_KEY = "SG.cli-test-key.8d2f61b0";

    private Path config() throws Exception {
      return writeConfig(
          """
              factory: sendgrid
              config:
                apiKey: "${SENDGRID_API_KEY}"
                fromEmail: noreply@example.com
                fromName: Acme
                endpoint: %s
                timeout: {connect: 2000, read: 2000, write: 2000, call: 4000}
          """
                  .formatted(peer.url())
              + TEMPLATES.formatted("type"));
    }

    @Test
    void postsToMailSendAndPrintsSendGridsMessageId() throws Exception {
      Path config = config();
      peer.enqueue(new Answer(202, Map.of("X-Message-Id", "sg-4fQ1x9ZtQ2u"), ""));

      Run run = send(Map.of("SENDGRID_API_KEY", API_KEY), config);

      assertSent(run, "sendgrid-email-service");
      assertThat(run.out()).containsPattern("(?m)^provider message id: sg-4fQ1x9ZtQ2u$");
      Recorded request = peer.takeRequest();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/v3/mail/send");
      assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY);
      JsonNode body = JSON.readTree(request.body());
      assertThat(body.path("personalizations").path(0).path("to").path(0).path("email").asText())
          .isEqualTo(TO);
      assertThat(body.path("from"))
          .isEqualTo(JSON.readTree("{\"email\": \"noreply@example.com\", \"name\": \"Acme\"}"));
      assertThat(body.path("subject").asText()).isEqualTo("サインインコード 123456");
      assertThat(body.path("content").findValuesAsText("type"))
          .containsExactly("text/plain", "text/html");
      assertThat(body.path("content").path(1).path("value").asText()).contains("<b>123456</b>");
      assertThat(body.path("content").path(0).path("value").asText())
          .contains("123456")
          .doesNotContain("<b>");
      assertThat(body.path("custom_args").path("authmail_message_id").asText())
          .isEqualTo(messageId(run));
      assertThat(run.out() + run.err()).doesNotContain(API_KEY);
    }

    @Test
    void sendGridRefusingTheSenderExitsWithRejectedAndItsReason() throws Exception {
      Path config = config();
      peer.enqueue(
          Answer.json(
              403,
              """
              {"errors": [{"message": "The from address does not match a verified Sender Identity.",
               "field": "from"}]}
              """,
              Map.of()));

      Run run = send(Map.of("SENDGRID_API_KEY", API_KEY), config);

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .containsPattern("(?m)^error: [A-Z_]+ \\([a-z_]+\\): .*verified Sender Identity.*")
          .doesNotContain(API_KEY);
      assertThat(run.out()).isEmpty();
    }
  }

  @Nested
  class Ses {
    private static final String KEY_ID = "AKIDAUTHMAILCLITEST1";
    private static final String KEY_SECRET = "cli-test-secret-do-not-use-3b9f1e0c7a";

    private Path config() throws Exception {
      return writeConfig(
          """
              factory: ses
              config:
                region: eu-west-1
                accessKeyId: %s
                accessKeySecret: "${AWS_SES_SECRET}"
                emailAddress: noreply@example.com
                fromName: Acme
                endpoint: %s
                timeout: {connect: 2000, read: 2000, call: 4000}
          """
                  .formatted(KEY_ID, peer.url())
              + TEMPLATES.formatted("contentType"));
    }

    @Test
    void callsSendEmailAndPrintsSesMessageId() throws Exception {
      Path config = config();
      peer.enqueue(Answer.json(200, "{\"MessageId\": \"0102018c-ses-cli-test-000001\"}", Map.of()));

      Run run = send(Map.of("AWS_SES_SECRET", KEY_SECRET), config);

      assertSent(run, "aws-ses-mail");
      assertThat(run.out())
          .containsPattern("(?m)^provider message id: 0102018c-ses-cli-test-000001$");
      Recorded request = peer.takeRequest();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/v2/email/outbound-emails");
      assertThat(request.header("Authorization"))
          .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/")
          .contains("/eu-west-1/ses/aws4_request");
      JsonNode body = JSON.readTree(request.body());
      assertThat(body.path("FromEmailAddress").asText())
          .contains("noreply@example.com")
          .contains("Acme");
      assertThat(body.path("Destination").path("ToAddresses").path(0).asText()).isEqualTo(TO);
      JsonNode simple = body.path("Content").path("Simple");
      assertThat(simple.path("Subject").path("Data").asText()).isEqualTo("サインインコード 123456");
      assertThat(simple.path("Body").path("Html").path("Data").asText()).contains("<b>123456</b>");
      assertThat(simple.path("Body").path("Text").path("Data").asText()).contains("123456");
      assertThat(run.out() + run.err()).doesNotContain(KEY_SECRET);
    }

    @Test
    void sesRejectingTheMessageExitsWithRejected() throws Exception {
      Path config = config();
      peer.enqueue(
          Answer.json(
              400,
              "{\"message\": \"Email address is not verified.\"}",
              Map.of("x-amzn-ErrorType", "MessageRejected")));

      Run run = send(Map.of("AWS_SES_SECRET", KEY_SECRET), config);

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .containsPattern("(?m)^error: REJECTED \\(general\\): .*MessageRejected.*")
          .doesNotContain(KEY_SECRET);
      assertThat(run.out()).isEmpty();
    }
  }

  @Nested
  class BuiltInService {
    @Test
    void withoutAConfigFileTheJapaneseSignInEmailLandsInTheCaptureInbox() throws Exception {
      Path data = dir.resolve("data");

      Run sent =
          AuthmailProcess.run(
              dir,
              Map.of(),
              "send",
              "--data",
              data.toString(),
              "--to",
              TO,
              "--type",
              "SignIn",
              "--code",
              CODE,
              "--locale",
              "ja");

      assertSent(sent, "logto-email");
      assertThat(sent.out()).contains("delivered to the capture inbox");

      Run list = AuthmailProcess.run(dir, Map.of(), "inbox", "list", "--data", data.toString());
      assertThat(list.exit()).as("stderr: %s", list.err()).isZero();
      List<String> lines = list.out().lines().toList();
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).contains("SignIn").contains(TO).contains("サインイン");
      String inboxId = lines.get(0).split(" {2}")[0];
      assertThat(sent.out())
          .as("the capture inbox's id is the provider message id")
          .containsPattern("(?m)^provider message id: " + Pattern.quote(inboxId) + "$");

      Run show =
          AuthmailProcess.run(dir, Map.of(), "inbox", "show", inboxId, "--data", data.toString());
      assertThat(show.exit()).as("stderr: %s", show.err()).isZero();
      assertThat(show.out())
          .contains("id:         " + inboxId)
          .contains("message id: " + messageId(sent))
          .contains("type:       SignIn")
          .contains("to:         " + TO)
          .containsPattern("(?m)^subject: +.*サインイン.*$")
          .contains(CODE);
    }

    @Test
    void showingAnEmailThatIsNotThereExits1NamingTheId() throws Exception {
      Path data = dir.resolve("data");

      Run show =
          AuthmailProcess.run(
              dir,
              Map.of(),
              "inbox",
              "show",
              "20990101000000000-000000",
              "--data",
              data.toString());

      assertThat(show.exit()).isEqualTo(1);
      assertThat(show.err()).contains("no email with id \"20990101000000000-000000\"");
      assertThat(show.out()).isEmpty();
    }
  }

  @Nested
  class NetworkPolicy {
    /** The operator's own file is trusted: a loopback endpoint is used without network settings. */
    @Test
    void withoutAllowPrivateAddressesTheFilesLoopbackEndpointIsUsedAndConfigCheckSaysSo()
        throws Exception {
      Path config =
          Files.writeString(
              dir.resolve("trusted.yaml"),
              """
              tenants:
                default: {email: [primary]}
              connectors:
                primary:
                  factory: http
                  config: {endpoint: "http://127.0.0.1:%d/authmail/email"}
              """
                  .formatted(peer.port()));

      Run check = AuthmailProcess.run(dir, Map.of(), "config", "check", config.toString());
      Run run =
          AuthmailProcess.run(
              dir,
              Map.of(),
              "send",
              "--config",
              config.toString(),
              "--to",
              TO,
              "--type",
              "SignIn",
              "--code",
              CODE,
              "--locale",
              "ja");

      assertThat(check.exit()).as(check.out() + check.err()).isZero();
      assertThat(check.out())
          .containsPattern(
              "(?m)^  warning: connectors\\.primary\\.config\\.endpoint: 127\\.0\\.0\\.1 is not a"
                  + " public address: allowed.*$");
      assertSent(run, "http-email");
      assertThat(peer.requestCount()).isEqualTo(1);
    }
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
          allowPrivateAddresses: true     # the endpoints of this test are on 127.0.0.1
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
        CODE,
        "--locale",
        "ja");
  }

  private static void assertSent(Run run, String factoryId) {
    assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^sent SignIn through \\S+ \\(" + Pattern.quote(factoryId) + "\\)$")
        .containsPattern(MESSAGE_ID.pattern())
        .containsPattern("(?m)^provider message id: \\S.*$");
  }

  private static String messageId(Run run) {
    Matcher m = MESSAGE_ID.matcher(run.out());
    assertThat(m.find()).as("a message id in: %s", run.out()).isTrue();
    return m.group(1);
  }
}
