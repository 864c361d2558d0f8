package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.authmail.runtime.registry.ConnectorRegistry;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a separate process, the way a user runs it: {@code java -cp … Main send --config
 * FILE}, with the secret in the environment, against GreenMail through the real SMTP connector
 * found by ServiceLoader.
 */
class CliProcessTest {
  private static final String SMTP_PASS = "process-test-Pa55-9f3e";

  @TempDir Path dir;

  private GreenMail greenMail;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void startGreenMail() {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.setUser("noreply@example.com", "app", SMTP_PASS);
    greenMail.start();
  }

  @AfterEach
  void stopGreenMail() {
    greenMail.stop();
  }

  @Test
  void sendDeliversASignInCodeThroughSmtpAndPrintsTheIds() throws Exception {
    assumeThat(ConnectorRegistry.load().find("smtp"))
        .as("connector-smtp on the class path")
        .isPresent();
    Path config = writeConfig(greenMail.getSmtp().getPort());

    Run run =
        authmail(
            Map.of("SMTP_PASS", SMTP_PASS),
            "send",
            "--config",
            config.toString(),
            "--to",
            "alice@example.com",
            "--type",
            "SignIn",
            "--code",
            "734091",
            "--locale",
            "en");

    assertThat(run.exit()).as("stderr: %s", run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^sent SignIn through primary \\(simple-mail-transfer-protocol\\)$")
        .containsPattern("(?m)^message id: [0-9a-f-]{36}$")
        .containsPattern("(?m)^provider message id: \\S+");
    assertThat(run.out() + run.err()).doesNotContain(SMTP_PASS);

    assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo("Your sign-in code is 734091");
    InternetAddress from = (InternetAddress) received.getFrom()[0];
    assertThat(from.getAddress()).isEqualTo("noreply@example.com");
    assertThat(from.getPersonal()).isEqualTo("Acme");
    assertThat(received.getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("alice@example.com");
    assertThat(received.getContentType()).startsWith("multipart/alternative");
    String body = GreenMailUtil.getBody(received);
    assertThat(body)
        .contains("text/plain")
        .contains("text/html")
        .contains("Your sign-in code is <b>734091</b>");
  }

  @Test
  void aSendTheServerCannotTakeExits1WithTheErrorCode() throws Exception {
    assumeThat(ConnectorRegistry.load().find("smtp"))
        .as("connector-smtp on the class path")
        .isPresent();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path config = writeConfig(closedPort);

    Run run =
        authmail(
            Map.of("SMTP_PASS", SMTP_PASS),
            "send",
            "--config",
            config.toString(),
            "--to",
            "alice@example.com",
            "--type",
            "SignIn",
            "--code",
            "734091");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern("(?m)^error: [A-Z_]+ \\([a-z_]+\\): .+")
        .doesNotContain(SMTP_PASS);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void configCheckOnABrokenFilePrintsEveryProblemAndExits2() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("broken.yaml"),
            """
            network: {allowPrivateAddresses: perhaps}
            tenants:
              default: {email: [primary, ghost]}
            connectors:
              primary:
                factory: nonexistent-mailer
              second:
                factory: logto-email
                config: {senderName: Acme, shoeSize: 44}
            """);

    Run run = authmail(Map.of(), "config", "check", file.toString());

    assertThat(run.exit()).isEqualTo(2);
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(file + " has 4 problems:");
    assertThat(lines.subList(1, lines.size()))
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .startsWith(
                        "  network.allowPrivateAddresses: expected true or false, got \"perhaps\""),
            l ->
                assertThat(l)
                    .startsWith("  tenants.default.email[1]: names the connector \"ghost\""),
            l ->
                assertThat(l)
                    .startsWith(
                        "  connectors.primary.factory: unknown connector factory"
                            + " \"nonexistent-mailer\"; available: ")
                    .contains("logto-email"),
            l -> assertThat(l).startsWith("  connectors.second.config.shoeSize: "));
  }

  @Test
  void helpAndVersionWork() throws Exception {
    Run help = authmail(Map.of(), "--help");
    Run version = authmail(Map.of(), "--version");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: authmail");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("authmail ");
  }

  private Path writeConfig(int port) throws IOException {
    return Files.writeString(
        dir.resolve("authmail.yaml"),
        """
        network:
          allowPrivateAddresses: true
        tenants:
          default:
            email: [primary]
        connectors:
          primary:
            factory: smtp
            config:
              host: 127.0.0.1
              port: %d
              auth: {user: app, pass: "${SMTP_PASS}"}
              fromEmail: noreply@example.com
              fromName: Acme
              connectionTimeout: 2000
              greetingTimeout: 2000
              socketTimeout: 2000
              templates:
                - {usageType: SignIn, contentType: text/html,
                   subject: "Your sign-in code is {{code}}",
                   content: "<p>Your sign-in code is <b>{{code}}</b>.
                     It expires in 10 minutes.</p>"}
                - {usageType: Register, contentType: text/html, subject: "Welcome",
                   content: "<p>Code {{code}}</p>"}
                - {usageType: ForgotPassword, contentType: text/plain, subject: "Reset",
                   content: "Code {{code}}"}
                - {usageType: Generic, contentType: text/plain, subject: "Code",
                   content: "Code {{code}}"}
        """
            .formatted(port));
  }

  /**
   * Runs {@code java -cp <test class path> dev.authmail.runtime.cli.Main args…}, bounded in time.
   */
  private Run authmail(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "dev.authmail.runtime.cli.Main"));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().remove("SMTP_PASS");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("authmail did not finish within 60 s: " + String.join(" ", args));
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
