package dev.authmail.runtime.manage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.api.ServeModule;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.context.ConnectorInstances;
import dev.authmail.runtime.inbox.FileCaptureInbox;
import dev.authmail.runtime.outbox.ConnectorChains;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How serve finds the module, and the chains it puts in front of the configuration file's. */
class ManagementModuleTest {
  @TempDir
  Path dir;

  @Test
  void serveFindsTheModuleAndItsChainsPreferStoredConnectors() {
    AuthmailConfig config = new ConfigLoader(ManagementServer.REGISTRY, Map.of()).defaults().orThrow();
    FileCaptureInbox inbox = new FileCaptureInbox(dir.resolve("inbox"));
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("authmail").toAbsolutePath());
         ConnectorInstances instances = ConnectorInstances.start(config, ManagementServer.REGISTRY, inbox, Clock.systemUTC())) {
      ServeModule.Environment environment = new ServeModule.Environment(db, config, ManagementServer.REGISTRY, instances,
          inbox, dir, Map.of(), Clock.systemUTC());
      List<ServeModule.Factory> factories = ServiceLoader.load(ServeModule.Factory.class).stream()
          .map(ServiceLoader.Provider::get).filter(f -> f instanceof ManagementModule.Factory).toList();
      assertThat(factories).hasSize(1);

      try (ServeModule module = factories.get(0).create(environment)) {
        ManagementModule management = (ManagementModule) module;
        ConnectorChains chains = module.chains(t -> instances.chain(t).stream()
            .map(i -> new NamedConnector(i.name(), i.connector())).toList());

        // no key in the environment: one is generated into the data directory
        assertThat(dir.resolve(SecretBox.KEY_FILE)).exists();
        assertThat(names(chains.chain("default"))).containsExactly("logto-email");
        assertThat(names(chains.chain("default:mails"))).containsExactly("logto-email");
        assertThat(chains.chain("unknown-tenant")).isEmpty();

        StoredConnectors.View stored = management.connectors().create("default", "logto-email",
            Map.of("senderName", "Acme"), null, true);
        assertThat(names(chains.chain("default"))).containsExactly(stored.id());
        assertThat(module.tenants()).containsExactly("default");

        management.connectors().update("default", stored.id(), new StoredConnectors.Patch(null, false, null));
        assertThat(names(chains.chain("default"))).containsExactly("logto-email");
      }
    }
  }

  private static List<String> names(List<NamedConnector> chain) {
    return chain.stream().map(NamedConnector::name).toList();
  }
}
