package dev.authmail.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.runtime.context.ConnectorInstances;
import dev.authmail.runtime.inbox.FileCaptureInbox;
import dev.authmail.runtime.outbox.OutboxConfig;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.storage.Durability;
import dev.authmail.runtime.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final ConnectorRegistry REGISTRY = Fixtures.registry("good");
  private static final Map<String, String> ENV =
      Map.of("MAIL_PASS", "env-secret-4711", "MAIL_PORT", "2525");

  @TempDir Path dir;

  private final ConfigLoader loader = new ConfigLoader(REGISTRY, ENV);

  private static final String YAML =
      """
      storage:
        url: jdbc:sqlite:/tmp/test.db
      network:
        allowPrivateAddresses: true
      platform:
        fromAddress: no-reply@mail.example.com
        transport: relay
      tenants:
        default:
          email: [primary, backup]
        acme:
          email: [backup]
      connectors:
        primary:
          factory: test
          config:
            host: smtp.example.com
            port: "${MAIL_PORT}"
            auth: {user: app, pass: "${MAIL_PASS}"}
            fromEmail: noreply@example.com
        backup:
          factory: test-hook
          config: {endpoint: "https://hooks.example.com/mail", token: literal-token-123}
        relay:
          factory: test-mail
          config: {host: relay.internal, fromEmail: relay@example.com}
      """;

  private static final String JSON =
      """
      {"storage": {"url": "jdbc:sqlite:/tmp/test.db"},
       "network": {"allowPrivateAddresses": true},
       "platform": {"fromAddress": "no-reply@mail.example.com", "transport": "relay"},
       "tenants": {"default": {"email": ["primary", "backup"]}, "acme": {"email": ["backup"]}},
       "connectors": {
         "primary": {"factory": "test",
                     "config": {"host": "smtp.example.com", "port": "${MAIL_PORT}",
                                "auth": {"user": "app", "pass": "${MAIL_PASS}"},
                                "fromEmail": "noreply@example.com"}},
         "backup": {"factory": "test-hook",
                    "config": {"endpoint": "https://hooks.example.com/mail",
                               "token": "literal-token-123"}},
         "relay": {"factory": "test-mail",
                   "config": {"host": "relay.internal", "fromEmail": "relay@example.com"}}}}
      """;

  @Test
  void yamlAndJsonFilesGiveTheSameConfiguration() throws IOException {
    Path yaml = write("authmail.yaml", YAML);
    Path json = write("authmail.json", JSON);

    ConfigLoader.Result fromYaml = loader.load(yaml);
    ConfigLoader.Result fromJson = loader.load(json);

    assertThat(fromYaml.problems()).isEmpty();
    assertThat(fromJson.problems()).isEmpty();
    assertThat(fromYaml.config().masked()).isEqualTo(fromJson.config().masked());

    AuthmailConfig config = fromYaml.config();
    assertThat(config.storage().url()).isEqualTo("jdbc:sqlite:/tmp/test.db");
    assertThat(config.network().allowPrivateAddresses()).isTrue();
    assertThat(config.platform().fromAddress().value()).isEqualTo("no-reply@mail.example.com");
    assertThat(config.platform().transportName()).contains("relay");
    assertThat(config.tenants().keySet()).containsExactly("default", "acme");
    assertThat(config.tenant("default").orElseThrow().email()).containsExactly("primary", "backup");
    assertThat(config.connectors().keySet()).containsExactly("primary", "backup", "relay");
    // an alias in the file becomes the canonical id
    assertThat(config.connector("primary").orElseThrow().factoryId()).isEqualTo("test-mail");
  }

  @Test
  void envReferencesAreReplacedAndCoercedAndTheirSecretsAreMasked() throws IOException {
    AuthmailConfig config = loader.load(write("authmail.yaml", YAML)).orThrow();

    var primary = config.connector("primary").orElseThrow().config();
    assertThat(primary.intValue("port")).isEqualTo(2525);
    assertThat(primary.object("auth").orElseThrow().string("pass")).contains("env-secret-4711");

    assertThat(config.toString())
        .doesNotContain("env-secret-4711")
        .doesNotContain("literal-token-123")
        .contains("******");
    assertThat(config.masked().toString())
        .doesNotContain("env-secret-4711")
        .doesNotContain("literal-token-123");
    assertThat(config.secrets().redact("pass=env-secret-4711 token=literal-token-123"))
        .isEqualTo("pass=****** token=******");
  }

  @Test
  void aFileWithoutExtensionIsSniffed() throws IOException {
    assertThat(loader.load(write("config", JSON)).problems()).isEmpty();
    assertThat(loader.load(write("config2", YAML)).problems()).isEmpty();
  }

  @Test
  void aBrokenFileListsEveryProblemAtOnceWithItsKeyPathInFileOrder() throws IOException {
    Path file =
        write(
            "broken.yaml",
            """
            storage:
              url: postgres://db
            network:
              allowPrivateAddresses: maybe
            platform:
              fromAddress: nobody
              transport: nowhere
            tenants:
              default:
                email: [primary, ghost]
              empty:
                email: []
            connectors:
              primary:
                factory: test-mail
                config:
                  host: smtp.example.com
                  port: abc
                  auth: {user: app, pass: "${NOT_SET}"}
                  fromEmail: noreply@example.com
                  colour: blue
              other:
                factory: carrier-pigeon
                config: {}
              incomplete:
                factory: test-hook
            surprise: true
            """);

    List<ConfigProblem> problems = loader.load(file).problems();

    assertThat(problems)
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "storage.url: expected a JDBC URL starting with jdbc:, e.g."
                + " jdbc:sqlite:./data/authmail.db",
            "network.allowPrivateAddresses: expected true or false, got \"maybe\"",
            "platform.fromAddress: invalid email address: it has no @, e.g."
                + " no-reply@mail.example.com",
            "platform.transport: names the connector \"nowhere\", which is not defined under"
                + " connectors (defined: primary, other, incomplete); remove platform.transport to"
                + " deliver to the capture inbox",
            "tenants.default.email[1]: names the connector \"ghost\", which is not defined under"
                + " connectors (defined: primary, other, incomplete); define it, or use logto-email"
                + " for the built-in service",
            "tenants.empty.email: names no connector; list at least one, e.g. [primary]",
            "connectors.primary.config.port: expected a number from 1 to 65535, got \"abc\"",
            "connectors.primary.config.auth.pass: refers to the environment variable NOT_SET, which"
                + " is not set; set it, or write ${NOT_SET:-default} to give a default",
            "connectors.primary.config.colour: unknown key (valid keys: host, port, auth,"
                + " fromEmail, failWith, leak)",
            "connectors.other.factory: unknown connector factory \"carrier-pigeon\"; available: "
                + REGISTRY.available(),
            "connectors.incomplete.config.endpoint: is required",
            "surprise: unknown key (valid keys: storage, network, platform, outbox, tenants,"
                + " connectors, plugins, auth, domains)");
  }

  @Test
  void aSyntaxErrorGivesItsLineAndNeverQuotesTheFile() throws IOException {
    Path file =
        write(
            "bad.yaml",
            """
            connectors:
              primary:
                factory: test-mail
                config: {host: smtp.example.com, auth: {pass: "hunter2-secret"}
            tenants: [
            """);

    List<ConfigProblem> problems = loader.load(file).problems();

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.message())
                  .contains("line ")
                  .contains("not valid YAML")
                  .doesNotContain("hunter2-secret");
            });
  }

  @Test
  void yamlAnchorsAndAliasesAreResolvedSoSharedBlocksAreWrittenOnce() throws IOException {
    Path file =
        write(
            "anchors.yaml",
            """
            tenants:
              default: {email: [primary, backup]}
            connectors:
              primary:
                factory: test-mail
                config: &mail {host: smtp.example.com, fromEmail: noreply@example.com}
              backup:
                factory: test-mail
                config: *mail
            """);

    ConfigLoader.Result result = loader.load(file);

    assertThat(result.problems()).isEmpty();
    assertThat(result.config().connector("backup").orElseThrow().config().string("host"))
        .contains("smtp.example.com");
  }

  @Test
  void aDuplicateYamlKeyIsAProblemWithItsLine() throws IOException {
    assertThat(loader.load(write("dup.yaml", "storage: {}\nstorage: {}\n")).problems())
        .singleElement()
        .satisfies(
            p -> assertThat(p.message()).contains("line 2").contains("duplicate key storage"));
  }

  @Test
  void aMissingFileAndAListAtTheTopAreProblemsNotExceptions() throws IOException {
    assertThat(loader.load(dir.resolve("nope.yaml")).problems())
        .extracting(ConfigProblem::message)
        .containsExactly("the file does not exist");
    assertThat(loader.load(write("list.yaml", "- a\n- b\n")).problems())
        .extracting(ConfigProblem::message)
        .containsExactly(
            "the file must hold a mapping of keys (storage, network, platform, outbox, tenants,"
                + " connectors, plugins, auth, domains), not a list");
    assertThat(loader.load(write("dup.json", "{\"storage\": {}, \"storage\": {}}")).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("Duplicate field 'storage'"));
  }

  @Test
  void createTimeProblemsArePrefixedAndSecretsScrubbedFromThem() throws IOException {
    Path file =
        write(
            "semantic.yaml",
            """
            tenants:
              default: {email: [primary]}
            connectors:
              primary:
                factory: test-mail
                config: {host: smtp.example.com, fromEmail: not-an-address}
              leaky:
                factory: test-mail
                config: {host: smtp.example.com, fromEmail: a@example.com, leak: true,
                         auth: {pass: "${MAIL_PASS}"}}
            """);
    ConfigLoader.Result result = loader.load(file);
    assertThat(result.problems()).isEmpty();

    List<ConfigProblem> problems =
        ConnectorInstances.check(
            result.config(), REGISTRY, new FileCaptureInbox(dir.resolve("inbox")));

    assertThat(problems)
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "connectors.primary.config.fromEmail: is not an email address",
            "connectors.leaky.config.host: refused the password ******");
  }

  @Test
  void aPlatformTransportThatIsNoEmailTransportIsAProblem() throws IOException {
    Path file =
        write(
            "transport.yaml",
            """
            platform: {transport: hook}
            connectors:
              hook: {factory: test-hook, config: {endpoint: "https://example.com"}}
            """);
    ConfigLoader.Result result = loader.load(file);
    assertThat(result.problems()).isEmpty();

    List<ConfigProblem> problems =
        ConnectorInstances.check(
            result.config(), REGISTRY, new FileCaptureInbox(dir.resolve("inbox")));

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("platform.transport");
              assertThat(p.message())
                  .contains("\"hook\"")
                  .contains("test-hook")
                  .contains("EmailTransport");
            });
  }

  @Test
  void storageDurabilityDefaultsToPowerLossAndRefusesOtherValuesNamingTheKey() throws IOException {
    assertThat(loader.defaults().config().storage().durability()).isEqualTo(Durability.POWER_LOSS);
    assertThat(
            loader
                .load(write("crash.yaml", "storage: {durability: process-crash}\n"))
                .config()
                .storage()
                .durability())
        .isEqualTo(Durability.PROCESS_CRASH);

    List<ConfigProblem> problems =
        loader.load(write("bad.yaml", "storage: {durability: sometimes}\n")).problems();

    assertThat(problems)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.toString())
                    .startsWith("storage.durability:")
                    .contains("power-loss")
                    .contains("process-crash"));
  }

  @Test
  void withoutAFileTheEmbeddedDefaultsUseTheBuiltInServiceAndTheCaptureInbox() {
    ConfigLoader.Result result = loader.defaults();

    assertThat(result.problems()).isEmpty();
    AuthmailConfig config = result.config();
    assertThat(config.source()).isEqualTo(AuthmailConfig.EMBEDDED);
    assertThat(config.storage().url()).isEqualTo("jdbc:sqlite:./data/authmail.db");
    assertThat(config.network().allowPrivateAddresses()).isFalse();
    assertThat(config.platform().fromAddress().value()).isEqualTo("no-reply@authmail.localhost");
    assertThat(config.platform().transportName()).isEmpty();
    assertThat(config.tenants()).containsOnlyKeys("default");
    assertThat(config.tenant("default").orElseThrow().email()).containsExactly("logto-email");
    assertThat(config.connector("logto-email").orElseThrow().implicit()).isTrue();
    assertThat(
            ConnectorInstances.check(config, REGISTRY, new FileCaptureInbox(dir.resolve("inbox"))))
        .isEmpty();
  }

  @Test
  void withoutAnOutboxBlockTheOutboxHasOutboxConfigsDefaults() {
    AuthmailConfig.Outbox outbox = loader.defaults().config().outbox();
    OutboxConfig defaults = OutboxConfig.defaults();

    assertThat(outbox).isEqualTo(AuthmailConfig.Outbox.defaults());
    assertThat(outbox.ttl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(outbox.retention()).isEqualTo(Duration.ofDays(7));
    OutboxConfig applied = outbox.applyTo(defaults);
    assertThat(applied.toBuilder().nodeId("n").build())
        .isEqualTo(defaults.toBuilder().nodeId("n").build());
  }

  @Test
  void everyOutboxKeyIsReadAndBecomesTheNodesOutboxConfig() throws IOException {
    Path file =
        write(
            "authmail.yaml",
            """
            outbox:
              workers: 3
              leaseSeconds: 45
              ttlSeconds: "${TTL:-300}"
              retry: {baseMillis: 250, capSeconds: 60}
              failoverAfter: 4
              circuit: {failures: 7, openSeconds: 90}
              limits:
                perRecipient: {count: 5, windowSeconds: 300}
                perRecipientAndType: {count: 3, windowSeconds: 120}
                perTenant: {count: 1000, windowSeconds: 3600}
              retentionDays: 30
            """);

    ConfigLoader.Result result = loader.load(file);

    assertThat(result.problems()).isEmpty();
    AuthmailConfig.Outbox outbox = result.config().outbox();
    assertThat(outbox.ttl()).isEqualTo(Duration.ofMinutes(5));
    OutboxConfig applied =
        outbox.applyTo(OutboxConfig.defaults().toBuilder().nodeId("node-1").build());
    assertThat(applied)
        .isEqualTo(
            OutboxConfig.defaults().toBuilder()
                .nodeId("node-1")
                .workerThreads(3)
                .lease(Duration.ofSeconds(45))
                .retry(Duration.ofMillis(250), Duration.ofSeconds(60))
                .failoverAfter(4)
                .breaker(7, Duration.ofSeconds(90))
                .recipientLimit(5, Duration.ofMinutes(5))
                .tenantLimit(1000, Duration.ofHours(1))
                .typeLimit(3, Duration.ofMinutes(2))
                .retention(Duration.ofDays(30))
                .build());
    assertThat(result.config().masked().get("outbox"))
        .hasToString(
            "{workers=3, leaseSeconds=45, ttlSeconds=300, retry={baseMillis=250, capSeconds=60},"
                + " failoverAfter=4, circuit={failures=7, openSeconds=90},"
                + " limits={perRecipient={count=5, windowSeconds=300},"
                + " perRecipientAndType={count=3, windowSeconds=120}, perTenant={count=1000,"
                + " windowSeconds=3600}}, retentionDays=30}");
  }

  @Test
  void everyBadOutboxValueIsAProblemAtItsKeyPathAllAtOnce() throws IOException {
    Path file =
        write(
            "authmail.yaml",
            """
            outbox:
              workers: -1
              leaseSeconds: soon
              ttlSeconds: 0
              retry: {baseMillis: 5000, capSeconds: 2}
              failoverAfter: 0
              circuit: {failures: 0, openSeconds: 100000}
              limits:
                perRecipient: {count: -5, windowSeconds: 0}
                perTenant: {count: 2.5, window: 60}
              retries: 3
            """);

    ConfigLoader.Result result = loader.load(file);

    assertThat(result.problems())
        .extracting(ConfigProblem::path)
        .containsExactly(
            "outbox.workers",
            "outbox.leaseSeconds",
            "outbox.ttlSeconds",
            "outbox.retry.baseMillis",
            "outbox.failoverAfter",
            "outbox.circuit.failures",
            "outbox.circuit.openSeconds",
            "outbox.limits.perRecipient.count",
            "outbox.limits.perRecipient.windowSeconds",
            "outbox.limits.perTenant.count",
            "outbox.limits.perTenant.window",
            "outbox.retries");
    assertThat(result.problems())
        .first()
        .hasToString("outbox.workers: expected a number from 0 to 256, got -1");
    assertThat(result.problems().get(3).message())
        .contains("5000 ms, more than retry.capSeconds (2 s)");
    assertThat(result.problems().get(11).message()).contains("retry");
    // the valid parts are kept, the others have their defaults
    assertThat(result.config().outbox().retryCap()).isEqualTo(Duration.ofSeconds(2));
    assertThat(result.config().outbox().workers())
        .isEqualTo(OutboxConfig.defaults().workerThreads());
  }

  @Test
  void aLogtoSmtpConfigPastedUnchangedPasses() throws IOException {
    assumeThat(REGISTRY.find("simple-mail-transfer-protocol"))
        .as("connector-smtp on the class path")
        .isPresent();
    // Logto's SMTP connector config as its console saves it
    String logto =
        """
        {"host": "smtp.example.com", "port": 587,
         "auth": {"user": "postmaster@example.com", "pass": "${SMTP_PASS:-logto-pass-1234}"},
         "fromEmail": "noreply@example.com", "replyTo": "support@example.com",
         "templates": [
           {"usageType": "SignIn", "contentType": "text/html", "subject": "Sign-in code",
            "content": "<p>Your code is {{code}}</p>"},
           {"usageType": "Register", "contentType": "text/html", "subject": "Sign-up code",
            "content": "<p>Your code is {{code}}</p>"},
           {"usageType": "ForgotPassword", "contentType": "text/plain", "subject": "Reset code",
            "content": "Your code is {{code}}"},
           {"usageType": "Generic", "contentType": "text/plain", "subject": "Your code",
            "content": "Your code is {{code}}"}],
         "secure": false, "tls": {"rejectUnauthorized": true}, "requireTLS": false,
         "ignoreTLS": false, "customHeaders": {"X-Mailer": "Logto"}, "connectionTimeout": 120000,
         "greetingTimeout": 30000, "socketTimeout": 600000}
        """;
    Path file =
        write(
            "logto.yaml",
            "tenants: {default: {email: [primary]}}\n"
                + "connectors:\n"
                + "  primary:\n"
                + "    factory: smtp\n"
                + "    config: "
                + logto.replace("\n", " ")
                + "\n");

    ConfigLoader.Result result = loader.load(file);
    List<ConfigProblem> problems = new ArrayList<>(result.problems());
    problems.addAll(
        ConnectorInstances.check(
            result.config(), REGISTRY, new FileCaptureInbox(dir.resolve("inbox"))));

    assertThat(problems).isEmpty();
    assertThat(result.config().toString()).doesNotContain("logto-pass-1234");
  }

  @Test
  void authIssuersAreReadAndCheckedWithTheirPaths() throws IOException {
    String good =
        YAML
            + """
            auth:
              issuers:
                - {issuer: "https://auth.example.com/oidc",
                   jwksUri: "https://auth.example.com/oidc/jwks",
                   audience: "https://authmail.example.com", tenantClaim: tenant,
                   scope: "send:email"}
                - {issuer: "https://id.example.org",
                   jwksUri: "https://id.example.org/.well-known/jwks.json",
                   audience: authmail, tenant: acme}
            """;
    ConfigLoader.Result result = loader.load(write("auth.yaml", good));

    assertThat(result.problems()).isEmpty();
    assertThat(result.config().auth().issuers())
        .extracting(dev.authmail.runtime.auth.TokenIssuer::issuer)
        .containsExactly("https://auth.example.com/oidc", "https://id.example.org");
    assertThat(result.config().auth().issuers().get(1).tenant()).isEqualTo("acme");

    String bad =
        YAML
            + """
            auth:
              issuers:
                - {issuer: "https://a.example.com", jwksUri: "ftp://a.example.com/jwks",
                   audience: x}
                - {issuer: "https://b.example.com", jwksUri: "https://b.example.com/jwks",
                   audience: x, tenant: nobody, tenantClaim: t, scope: "a b"}
                - {issuer: "https://c.example.com", audience: x, tenant: acme, colour: red}
            """;
    assertThat(loader.load(write("bad-auth.yaml", bad)).problems())
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder(
            "auth.issuers[0].jwksUri",
            "auth.issuers[0]",
            "auth.issuers[1].tenant",
            "auth.issuers[1].tenant",
            "auth.issuers[1].scope",
            "auth.issuers[2].jwksUri",
            "auth.issuers[2].colour");
  }

  @Test
  void pluginsDirIsReadAloneRelativeToTheFileAndIsAValidKey() throws IOException {
    Path file = write("with-plugins.yaml", "plugins: {dir: \"${PLUGINS_HOME:-connectors}\"}\n");

    assertThat(ConfigLoader.pluginsDir(file, Map.of()))
        .isEqualTo(dir.toAbsolutePath().resolve("connectors"));
    assertThat(ConfigLoader.pluginsDir(file, Map.of("PLUGINS_HOME", "/opt/authmail/plugins")))
        .isEqualTo(Path.of("/opt/authmail/plugins"));
    assertThat(ConfigLoader.pluginsDir(write("none.yaml", "storage: {}\n"), Map.of())).isNull();
    assertThat(ConfigLoader.pluginsDir(write("broken.yaml", "plugins: [\n"), Map.of())).isNull();
    assertThat(loader.load(file).problems()).isEmpty();
    assertThat(loader.load(write("typo.yaml", "plugins: {directory: x}\n")).problems())
        .extracting(ConfigProblem::toString)
        .singleElement()
        .asString()
        .startsWith("plugins.directory: unknown key");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
