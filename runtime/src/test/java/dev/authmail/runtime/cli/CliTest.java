package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.runtime.cli.InProcessCli.Run;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.testing.Fixtures;
import dev.authmail.runtime.testing.TestMailFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process as a user would type it, reading what it prints and its exit code. */
class CliTest {
  private static final ConnectorRegistry GOOD = Fixtures.registry("good");
  private static final Map<String, String> ENV = Map.of("MAIL_PASS", "env-secret-4711");

  @TempDir Path dir;

  @BeforeEach
  void clear() {
    TestMailFactory.SENT.clear();
  }

  private static Run run(ConnectorRegistry registry, String... args) {
    return InProcessCli.run(new CliEnvironment(ENV, () -> registry, Clock.systemUTC()), args);
  }

  private static Run run(String... args) {
    return run(GOOD, args);
  }

  private Path config() throws IOException {
    return Files.writeString(
        dir.resolve("authmail.yaml"),
        """
        tenants:
          default: {email: [primary]}
          acme: {email: [failing]}
        connectors:
          primary:
            factory: test
            config: {host: smtp.example.com, auth: {user: app, pass: "${MAIL_PASS}"},
                     fromEmail: noreply@example.com}
          backup:
            factory: test-hook
            config: {endpoint: "https://hooks.example.com", token: literal-token-123}
          failing:
            factory: test-mail
            config: {host: smtp.example.com, fromEmail: noreply@example.com, failWith: REJECTED}
        """);
  }

  @Test
  void helpListsTheCommands() {
    Run run = run("--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("Usage: authmail")
        .contains("send")
        .contains("connectors")
        .contains("config")
        .contains("inbox");
  }

  @Test
  void versionPrintsTheProjectVersion() {
    Run run = run("--version");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("authmail ")
        .doesNotContain("${project.version}")
        .doesNotContain("unknown");
  }

  @Test
  void noCommandIsAUsageError() {
    Run run = run();

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Usage: authmail");
  }

  @Test
  void connectorsListsIdsAliasesNamesAndConfigKeys() {
    Run run = run("connectors");

    assertThat(run.exit())
        .isEqualTo(GOOD.problems().isEmpty() && GOOD.conflicts().isEmpty() ? 0 : 1);
    assertThat(run.out())
        .contains("test-mail (aliases: test)")
        .contains("Test mail — Records sends, for tests")
        .containsPattern("host +string, required — the server")
        .containsPattern("port +number, default 587, 1\\.\\.65535")
        .containsPattern("auth\\.pass +string, secret")
        .contains("test-hook")
        .contains("logto-email");
  }

  @Test
  void connectorsReportsProvidersThatFailedToLoadAndExits1() {
    Run run = run(Fixtures.registry("good", "broken"), "connectors");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("test-hook")
        .contains("problems:")
        .contains(
            "dev.authmail.runtime.testing.ThrowingConstructorFactory: could not be instantiated: "
                + "IllegalStateException: boom: no license file")
        .contains(
            "dev.authmail.runtime.testing.NoSuchFactory: the class listed in META-INF/services");
  }

  @Test
  void connectorsAsJson() throws IOException {
    Run run = run("connectors", "--json");

    Map<?, ?> json = new ObjectMapper().readValue(run.out(), Map.class);
    assertThat((List<?>) json.get("factories"))
        .anySatisfy(
            f -> {
              assertThat(((Map<?, ?>) f).get("id")).isEqualTo("test-mail");
              assertThat(((Map<?, ?>) f).get("aliases")).isEqualTo(List.of("test"));
              // the same description as GET /api/connector-factories
              assertThat(((Map<?, ?>) f).keySet().stream().map(String::valueOf).toList())
                  .contains("target", "formItems", "configSpec", "openKeys");
            });
  }

  @Test
  void configCheckOnAValidFileSaysOkAndMasksSecretsWhenPrinting() throws IOException {
    Run run = run("config", "check", config().toString(), "--print");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("OK: " + dir.resolve("authmail.yaml"))
        .contains("tenant default: primary (test-mail)")
        .contains("platform transport: capture inbox")
        .containsPattern("pass: ['\"]?\\*{6}")
        .doesNotContain("env-secret-4711")
        .doesNotContain("literal-token-123");
  }

  @Test
  void configCheckOnABrokenFilePrintsEveryProblemOnePerLineAndExits2() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("broken.yaml"),
            """
            platform: {fromAddress: nobody}
            tenants:
              default: {email: [primary, ghost]}
            connectors:
              primary:
                factory: test-mail
                config: {host: smtp.example.com, port: abc, auth: {pass: "${MAIL_PASS}"},
                         fromEmail: a@example.com, colour: blue}
              leaky:
                factory: test-mail
                config: {host: smtp.example.com, fromEmail: a@example.com, leak: true,
                         auth: {pass: "${MAIL_PASS}"}}
              other: {factory: carrier-pigeon}
            extra: 1
            """);

    Run run = run("config", "check", file.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out().lines().toList())
        .containsExactly(
            file + " has 7 problems:",
            "  platform.fromAddress: invalid email address: it has no @, e.g."
                + " no-reply@mail.example.com",
            "  tenants.default.email[1]: names the connector \"ghost\", which is not defined under"
                + " connectors (defined: primary, leaky, other); define it, or use logto-email for"
                + " the built-in service",
            "  connectors.primary.config.port: expected a number from 1 to 65535, got \"abc\"",
            "  connectors.primary.config.colour: unknown key (valid keys: host, port, auth,"
                + " fromEmail, failWith, leak)",
            "  connectors.leaky.config.host: refused the password ******",
            "  connectors.other.factory: unknown connector factory \"carrier-pigeon\"; available: "
                + GOOD.available(),
            "  extra: unknown key (valid keys: storage, network, platform, outbox, tenants,"
                + " connectors, plugins, auth, domains)");
    assertThat(run.out() + run.err()).doesNotContain("env-secret-4711");
  }

  @Test
  void sendRefusesABadAddressBeforeAnythingElse() throws IOException {
    Run run =
        run(
            "send",
            "--config",
            config().toString(),
            "--to",
            "alice.example.com",
            "--type",
            "SignIn",
            "--code",
            "123456");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: --to: invalid email address: it has no @\n");
    assertThat(TestMailFactory.SENT).isEmpty();
  }

  @Test
  void sendRefusesAnUnknownUsageTypeListingTheValidOnes() throws IOException {
    Run run =
        run(
            "send",
            "--config",
            config().toString(),
            "--to",
            "alice@example.com",
            "--type",
            "Login",
            "--code",
            "123456");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "error: --type: unknown usage type \"Login\"; valid usage types: Register, SignIn,"
                + " ForgotPassword, Generic, OrganizationInvitation, UserPermissionValidation,"
                + " BindNewIdentifier, MfaVerification, BindMfa");
    assertThat(TestMailFactory.SENT).isEmpty();
  }

  @Test
  void sendRefusesABadLocaleAndLink() throws IOException {
    assertThat(
            run(
                    "send",
                    "--config",
                    config().toString(),
                    "--to",
                    "a@example.com",
                    "--type",
                    "SignIn",
                    "--code",
                    "1",
                    "--locale",
                    "not a tag")
                .err())
        .contains("--locale");
    assertThat(
            run(
                    "send",
                    "--config",
                    config().toString(),
                    "--to",
                    "a@example.com",
                    "--type",
                    "SignIn",
                    "--code",
                    "1",
                    "--link",
                    "javascript:alert(1)")
                .err())
        .contains("--link: expected an absolute https:// URL");
    assertThat(TestMailFactory.SENT).isEmpty();
  }

  @Test
  void sendGoesThroughTheTenantsFirstConnectorAndPrintsBothIds() throws IOException {
    Run run =
        run(
            "send",
            "--config",
            config().toString(),
            "--to",
            "alice@example.com",
            "--type",
            "signin",
            "--code",
            "123456",
            "--locale",
            "fr-ca",
            "--link",
            "https://app.example.com/verify");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(TestMailFactory.SENT).hasSize(1);
    EmailRequest sent = TestMailFactory.SENT.peek();
    assertThat(sent.to().value()).isEqualTo("alice@example.com");
    assertThat(sent.type().wireName()).isEqualTo("SignIn");
    assertThat(sent.payload().code()).contains("123456");
    assertThat(sent.payload().locale()).contains("fr-CA");
    assertThat(sent.payload().link()).contains("https://app.example.com/verify");
    assertThat(run.out().lines().toList())
        .containsExactly(
            "sent SignIn through primary (test-mail)",
            "message id: " + sent.messageId(),
            "provider message id: test-" + sent.messageId());
    assertThat(sent.messageId())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void sendThroughANamedConnector() throws IOException {
    Run run =
        run(
            "send",
            "--config",
            config().toString(),
            "--to",
            "alice@example.com",
            "--type",
            "Generic",
            "--code",
            "000000",
            "--connector",
            "backup");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("sent Generic through backup (test-hook)")
        .contains("provider message id: hook-");
  }

  @Test
  void aRefusedSendPrintsTheErrorCodeAndWireCodeAndExits1() throws IOException {
    Run run =
        run(
            "send",
            "--config",
            config().toString(),
            "--tenant",
            "acme",
            "--to",
            "alice@example.com",
            "--type",
            "SignIn",
            "--code",
            "123456");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: REJECTED (general): the test server said no\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void sendWithConfigurationProblemsSendsNothingAndExits2() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
            connectors:
              primary: {factory: test-mail,
                        config: {host: smtp.example.com, port: 0, fromEmail: nope}}
            tenants:
              default: {email: [primary]}
            """);

    Run run =
        run(
            "send",
            "--config",
            file.toString(),
            "--to",
            "alice@example.com",
            "--type",
            "SignIn",
            "--code",
            "1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(file + " has 1 problem:")
        .contains("  connectors.primary.config.port: expected a number from 1 to 65535, got 0");
    assertThat(TestMailFactory.SENT).isEmpty();
  }

  @Test
  void unknownTenantOrConnectorNamesTheDefinedOnes() throws IOException {
    Run tenant =
        run(
            "send",
            "--config",
            config().toString(),
            "--tenant",
            "nobody",
            "--to",
            "a@example.com",
            "--type",
            "SignIn",
            "--code",
            "1");
    Run connector =
        run(
            "send",
            "--config",
            config().toString(),
            "--connector",
            "nope",
            "--to",
            "a@example.com",
            "--type",
            "SignIn",
            "--code",
            "1");

    assertThat(tenant.exit()).isEqualTo(2);
    assertThat(tenant.err())
        .contains("no tenant is named \"nobody\"")
        .contains("defined: default, acme");
    assertThat(connector.exit()).isEqualTo(2);
    assertThat(connector.err())
        .contains("no connector is named \"nope\"")
        .contains("defined: primary, backup, failing");
  }

  @Test
  void onEmbeddedDefaultsTheBuiltInServiceDeliversToTheCaptureInbox() {
    String data = dir.resolve("data").toString();

    Run send =
        run(
            "send",
            "--data",
            data,
            "--to",
            "alice@example.com",
            "--type",
            "SignIn",
            "--code",
            "424242",
            "--locale",
            "en");
    assertThat(send.exit()).as(send.err()).isZero();
    assertThat(send.out())
        .contains("sent SignIn through logto-email (logto-email)")
        .contains("capture inbox");
    String inboxId =
        send.out()
            .lines()
            .filter(l -> l.startsWith("provider message id: "))
            .findFirst()
            .orElseThrow()
            .substring("provider message id: ".length());

    Run list = run("inbox", "list", "--data", data);
    assertThat(list.exit()).isZero();
    assertThat(list.out()).startsWith(inboxId).contains("SignIn").contains("alice@example.com");

    Run show = run("inbox", "show", inboxId, "--data", data);
    assertThat(show.exit()).isZero();
    assertThat(show.out())
        .contains("to:         alice@example.com")
        .contains("424242")
        .contains("<no-reply@authmail.localhost>");

    Run newest = run("inbox", "show", "--data", data);
    assertThat(newest.out()).isEqualTo(show.out());

    Run missing = run("inbox", "show", "20000101000000000-000000", "--data", data);
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no email with id");
  }
}
