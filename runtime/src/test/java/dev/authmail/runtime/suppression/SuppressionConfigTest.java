package dev.authmail.runtime.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tenants.<name>.suppression}: its default, its key, and a bad value named at its path. */
class SuppressionConfigTest {
  private static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();

  @TempDir Path dir;

  private ConfigLoader.Result load(String yaml) throws Exception {
    return new ConfigLoader(REGISTRY, Map.of())
        .load(Files.writeString(dir.resolve("authmail.yaml"), yaml));
  }

  @Test
  void onByDefaultOffWhenSaidAndShownOnlyWhenOff() throws Exception {
    AuthmailConfig config =
        load("tenants:\n"
                + "  a: {email: [logto-email]}\n"
                + "  b: {email: [logto-email], suppression: false}\n")
            .orThrow();
    assertThat(config.tenant("a").orElseThrow().suppression()).isTrue();
    assertThat(config.tenant("b").orElseThrow().suppression()).isFalse();
    assertThat(load("{}").orThrow().tenant("default").orElseThrow().suppression()).isTrue();
  }

  @Test
  void aValueThatIsNotABooleanIsAProblemAtItsPath() throws Exception {
    String problems =
        load("tenants:\n  a: {email: [logto-email], suppression: sometimes}\n")
            .problems()
            .toString();
    assertThat(problems).contains("tenants.a.suppression");
  }
}
