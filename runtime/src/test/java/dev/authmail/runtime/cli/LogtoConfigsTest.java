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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Logto connector configurations, written from Logto's schemas and mocks
 * (packages/connectors/connector-sendgrid-email, connector-aws-ses, connector-http-email,
 * connector-logto-email, and connector-kit's branding guard), pasted under {@code config:}
 * unchanged but for an {@code endpoint} that aims the provider at a local peer: each passes {@code
 * authmail config check} with exactly the expected warnings and no error, and is sent once through
 * {@code authmail send}. No {@code network} section: the file is the operator's.
 */
class LogtoConfigsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TO = "alice@example.com";

  /** Logto's SES mock templates (content is HTML), the four required ones and an invitation. */
  private static final String SES_TEMPLATES =
      """
            templates:
              - {usageType: SignIn, content: "Your code is {{code}}, {{code}} is your code",
                 subject: "Sign-in code {{code}}"}
              - {usageType: Register, content: "Your register code is {{code}}", subject: subject}
              - {usageType: ForgotPassword, content: "Your forgot password code is {{code}}",
                 subject: subject}
              - {usageType: Generic, content: "Your generic code is {{code}}", subject: subject}
              - {usageType: OrganizationInvitation, content: "Your link is {{link}}",
                 subject: Organization invitation}
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

  private Path write(String name, String connector) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        """
        tenants:
          default: {email: [primary]}
        connectors:
          primary:
        """
            + connector);
  }

  private static List<String> warnings(Run check) {
    return check
        .out()
        .lines()
        .filter(l -> l.startsWith("  warning: "))
        .map(l -> l.substring("  warning: ".length()))
        .toList();
  }

  private Run check(Path config) throws Exception {
    return check(config, Map.of());
  }

  private Run check(Path config, Map<String, String> env) throws Exception {
    Run run = AuthmailProcess.run(dir, env, "config", "check", config.toString());
    assertThat(run.exit()).as("config check: %s %s", run.out(), run.err()).isZero();
    return run;
  }

  private Run send(Path config, Map<String, String> env) throws Exception {
    Run run =
        AuthmailProcess.run(
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
            "123456");
    assertThat(run.exit()).as("send: %s %s", run.out(), run.err()).isZero();
    return run;
  }

  @Test
  void sendGridWithAMailboxFromEmailALegacyTestEntryAndAnUnknownUsageType() throws Exception {
    Path config =
        write(
            "sendgrid.yaml",
            """
                factory: sendgrid-email-service
                config:
                  apiKey: "${SENDGRID_API_KEY}"
                  fromEmail: "\\"Acme, Inc.\\" <noreply@example.com>"
                  endpoint: %s
                  templates:
                    - {usageType: Test, type: text/plain, subject: "Legacy test",
                       content: "Test {{code}}"}
                    - {usageType: SignIn, type: text/html, subject: "Sign-in code {{code}}",
                       content: "<p>{{code}}</p>"}
                    - {usageType: Register, type: text/plain, subject: Register,
                       content: "{{code}}"}
                    - {usageType: ForgotPassword, type: text/plain, subject: Reset,
                       content: "{{code}}"}
                    - {usageType: Generic, type: text/plain, subject: Code, content: "{{code}}"}
                    - {usageType: Continue, type: text/plain, subject: Continue,
                       content: "{{code}}"}
            """
                .formatted(peer.url()));
    peer.enqueue(new Answer(202, Map.of("X-Message-Id", "sg-1"), ""));
    Map<String, String> env = Map.of("SENDGRID_API_KEY", "SG.logto-config-test");

    assertThat(warnings(check(config, env)))
        .containsExactly(
            "connectors.primary.config.templates: usage types \"Test\", \"Continue\" is none of"
                + " Register, SignIn, ForgotPassword, Generic, OrganizationInvitation,"
                + " UserPermissionValidation, BindNewIdentifier, MfaVerification, BindMfa; such"
                + " entries are never used",
            "connectors.primary.config.endpoint: 127.0.0.1 is not a public address: allowed,"
                + " because connectors in this file are the operator's (a connector stored through"
                + " the API may not reach it unless network.allow or network.allowPrivateAddresses"
                + " opens it)");
    send(config, env);

    JsonNode body = JSON.readTree(peer.takeRequest().body());
    assertThat(body.path("from"))
        .isEqualTo(JSON.readTree("{\"email\": \"noreply@example.com\", \"name\": \"Acme, Inc.\"}"));
    assertThat(body.path("subject").asText()).isEqualTo("Sign-in code 123456");
  }

  @Test
  void sesWithEveryKeyOfLogtosSchemaAndANonAsciiDisplayName() throws Exception {
    Path config =
        write(
            "ses.yaml",
            """
                factory: aws-ses-mail
                config:
                  accessKeyId: AKIDLOGTOCONFIGTEST1
                  accessKeySecret: "${AWS_SES_SECRET}"
                  region: eu-west-1
                  emailAddress: "Müller & Söhne <noreply@example.com>"
                  emailAddressIdentityArn: arn:aws:ses:eu-west-1:123456789012:identity/example.com
                  feedbackForwardingEmailAddress: bounces@example.com
                  feedbackForwardingEmailAddressIdentityArn:
                    arn:aws:ses:eu-west-1:123456789012:identity/example.com
                  configurationSetName: authmail-test
                  endpoint: %s
            """
                    .formatted(peer.url())
                + SES_TEMPLATES);
    peer.enqueue(Answer.json(200, "{\"MessageId\": \"ses-1\"}", Map.of()));
    Map<String, String> env = Map.of("AWS_SES_SECRET", "logto-config-test-secret");

    assertThat(warnings(check(config, env)))
        .containsExactly(
            "connectors.primary.config.endpoint: 127.0.0.1 is not a public address: allowed,"
                + " because connectors in this file are the operator's (a connector stored through"
                + " the API may not reach it unless network.allow or network.allowPrivateAddresses"
                + " opens it)");
    send(config, env);

    JsonNode body = JSON.readTree(peer.takeRequest().body());
    String from = body.path("FromEmailAddress").asText();
    assertThat(from).startsWith("=?UTF-8?B?").endsWith(" <noreply@example.com>");
    String encoded = from.substring("=?UTF-8?B?".length(), from.indexOf("?=", 10));
    assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
        .isEqualTo("Müller & Söhne");
    assertThat(body.path("FromEmailAddressIdentityArn").asText()).endsWith("identity/example.com");
    assertThat(body.path("FeedbackForwardingEmailAddress").asText())
        .isEqualTo("bounces@example.com");
    assertThat(body.path("ConfigurationSetName").asText()).isEqualTo("authmail-test");
    assertThat(body.path("Content").path("Simple").path("Subject").path("Data").asText())
        .isEqualTo("Sign-in code 123456");
  }

  @Test
  void httpEmailWithAPlainHttpEndpointOnTheOperatorsNetwork() throws Exception {
    Path config =
        write(
            "http.yaml",
            """
                factory: http-email
                config:
                  endpoint: %s/logto/email
                  authorization: "Bearer ${HTTP_EMAIL_TOKEN}"
            """
                .formatted(peer.url()));
    Map<String, String> env = Map.of("HTTP_EMAIL_TOKEN", "http-token-1");

    assertThat(warnings(check(config, env)))
        .containsExactly(
            "connectors.primary.config.endpoint: 127.0.0.1 is not a public address: allowed,"
                + " because connectors in this file are the operator's (a connector stored through"
                + " the API may not reach it unless network.allow or network.allowPrivateAddresses"
                + " opens it)");
    send(config, env);

    Recorded request = peer.takeRequest();
    assertThat(request.header("Authorization")).isEqualTo("Bearer http-token-1");
    assertThat(JSON.readTree(request.body()))
        .isEqualTo(
            JSON.readTree(
                "{\"to\": \"alice@example.com\", \"type\": \"SignIn\", \"payload\": {\"code\":"
                    + " \"123456\"}}"));
  }

  @Test
  void httpEmailWithPlainHttpToAPublicHostIsAcceptedWithAWarning() throws Exception {
    Path config =
        write(
            "http-public.yaml",
            """
                factory: http-email
                config: {endpoint: "http://mailer.example.com/logto/email"}
            """);

    assertThat(warnings(check(config)))
        .containsExactly(
            "connectors.primary.config.endpoint: plain http:// to the public host"
                + " mailer.example.com: codes and addresses travel unencrypted; use https://");
  }

  @Test
  void logtoEmailWithBranding() throws Exception {
    Path config =
        write(
            "logto-email.yaml",
            """
                factory: logto-email
                config:
                  senderName: Acme
                  companyInformation: "Acme GmbH, Hauptstraße 1, 10115 Berlin"
                  appLogo: https://assets.example.com/logo.png
            """);
    Path data = dir.resolve("data");

    assertThat(warnings(check(config))).isEmpty();
    Run sent =
        AuthmailProcess.run(
            dir,
            Map.of(),
            "send",
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--to",
            TO,
            "--type",
            "SignIn",
            "--code",
            "123456");

    assertThat(sent.exit()).as(sent.out() + sent.err()).isZero();
    assertThat(sent.out()).contains("delivered to the capture inbox");
    Run list = AuthmailProcess.run(dir, Map.of(), "inbox", "list", "--data", data.toString());
    assertThat(list.out().lines().toList()).hasSize(1);
  }
}
