package dev.authmail.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.context.ConnectorInstances;
import dev.authmail.runtime.inbox.FileCaptureInbox;
import dev.authmail.runtime.metrics.OutboxMetrics;
import dev.authmail.runtime.node.ManagementServer.Answer;
import dev.authmail.runtime.outbox.AcceptResult;
import dev.authmail.runtime.outbox.ConnectorChains;
import dev.authmail.runtime.outbox.MessageStatus;
import dev.authmail.runtime.outbox.MessageView;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.outbox.NewMessage;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.stored.SecretBox;
import dev.authmail.runtime.stored.StoredConnectors;
import dev.authmail.runtime.testing.Fixtures;
import dev.authmail.runtime.testing.TestMailFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How serve makes the module, the chains it puts in front of the configuration file's, and that the
 * file's connectors are made once per tenant, with the stored templates.
 */
class ManagementModuleTest {
  @TempDir Path dir;

  @Test
  void serveMakesTheModuleAndItsChainsPreferStoredConnectors() {
    AuthmailConfig config =
        new ConfigLoader(ManagementServer.REGISTRY, Map.of()).defaults().orThrow();
    FileCaptureInbox inbox = new FileCaptureInbox(dir.resolve("inbox"));
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("authmail.db").toAbsolutePath());
        ConnectorInstances instances =
            ConnectorInstances.start(config, ManagementServer.REGISTRY, inbox, Clock.systemUTC());
        OutboxMetrics metrics = new OutboxMetrics()) {
      ServeModule.Environment environment =
          new ServeModule.Environment(
              db,
              config,
              ManagementServer.REGISTRY,
              instances,
              inbox,
              metrics,
              dir,
              Map.of(),
              Clock.systemUTC());
      // serve's list makes the management module first, so its chains come before the others'
      try (ServeModule module = ServiceNode.MODULES.get(0).create(environment)) {
        assertThat(module).isInstanceOf(ManagementModule.class);
        ManagementModule management = (ManagementModule) module;
        ConnectorChains chains =
            module.chains(
                t ->
                    instances.chain(t).stream()
                        .map(i -> new NamedConnector(i.name(), i.connector()))
                        .toList());

        // no key in the environment: one is generated into the data directory
        assertThat(dir.resolve(SecretBox.KEY_FILE)).exists();
        assertThat(names(chains.chain("default"))).containsExactly("logto-email");
        assertThat(names(chains.chain("default:mails"))).containsExactly("logto-email");
        assertThat(chains.chain("unknown-tenant")).isEmpty();

        StoredConnectors.View stored =
            management
                .connectors()
                .create("default", "logto-email", Map.of("senderName", "Acme"), null, true);
        assertThat(names(chains.chain("default"))).containsExactly(stored.id());
        assertThat(module.tenants()).containsExactly("default");

        management
            .connectors()
            .update("default", stored.id(), new StoredConnectors.Patch(null, false, null));
        assertThat(names(chains.chain("default"))).containsExactly("logto-email");
      }
    }
  }

  @Test
  void serveMakesEachConnectorOfTheFileOncePerTenantAndItSeesStoredTemplates() throws Exception {
    TestMailFactory.CONTEXTS.clear();
    TestMailFactory.SENT.clear();
    String yaml =
        """
        tenants:
          default: {email: [primary]}
          acme: {email: [primary]}
        connectors:
          primary: {factory: test-mail,
                    config: {host: smtp.example.com, fromEmail: noreply@example.com}}
        """;
    try (ManagementServer server = new ManagementServer(dir, Fixtures.registry("good"), yaml, 0)) {
      Answer stored =
          server.admin(
              "PUT",
              "/api/email-templates",
              Map.of(
                  "templates",
                  List.of(
                      Map.of(
                          "languageTag",
                          "en",
                          "templateType",
                          "SignIn",
                          "details",
                          Map.of("subject", "Hi {{code}}", "content", "{{code}}")))));
      assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
      AcceptResult accepted =
          server.outbox.accept(
              NewMessage.of(
                  "default",
                  EmailAddress.parse("ida@example.com"),
                  UsageType.SignIn,
                  Payload.builder().code("424242").build()));
      MessageView view =
          server
              .outbox
              .await(
                  "default", ((AcceptResult.Accepted) accepted).messageId(), Duration.ofSeconds(15))
              .orElseThrow();

      assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
      // one instance per tenant: the one the outbox sent through
      assertThat(TestMailFactory.CONTEXTS)
          .extracting(ConnectorContext::tenant)
          .containsExactlyInAnyOrder("default", "acme");
      assertThat(TestMailFactory.SENT).hasSize(1);
      ConnectorContext used =
          TestMailFactory.CONTEXTS.stream()
              .filter(c -> c.tenant().equals("default"))
              .findFirst()
              .orElseThrow();
      assertThat(used.templates().find(UsageType.SignIn, "EN"))
          .get()
          .extracting(t -> t.subject())
          .isEqualTo("Hi {{code}}");
      assertThat(
              TestMailFactory.CONTEXTS.stream()
                  .filter(c -> c.tenant().equals("acme"))
                  .findFirst()
                  .orElseThrow()
                  .templates()
                  .find(UsageType.SignIn, "en"))
          .isEmpty();
    }
  }

  private static List<String> names(List<NamedConnector> chain) {
    return chain.stream().map(NamedConnector::name).toList();
  }
}
