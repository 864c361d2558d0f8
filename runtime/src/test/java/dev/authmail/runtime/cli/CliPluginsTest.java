package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Which plugins directory a command line means: --plugins, then AUTHMAIL_PLUGINS, then plugins.dir.
 */
class CliPluginsTest {
  @TempDir Path dir;

  private Path pluginsFor(Map<String, String> env, String... args) {
    CliEnvironment environment = CliEnvironment.withPlugins(env, Clock.systemUTC());
    CommandLine commandLine = Main.commandLine(environment);
    commandLine.setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()));
    commandLine.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()));
    commandLine.setExecutionStrategy(
        parsed -> {
          Main.plugins(environment, parsed);
          return 0;
        });
    commandLine.execute(args);
    return environment.pluginsDir();
  }

  @Test
  void theOptionThenTheEnvironmentThenTheConfigurationFile() throws Exception {
    Path config = Files.writeString(dir.resolve("authmail.yaml"), "plugins: {dir: from-file}\n");
    Map<String, String> env =
        Map.of(CliEnvironment.PLUGINS_ENV, dir.resolve("from-env").toString());

    assertThat(
            pluginsFor(
                env,
                "connectors",
                "--plugins",
                dir.resolve("from-option").toString(),
                "--config",
                config.toString()))
        .isEqualTo(dir.resolve("from-option"));
    assertThat(
            pluginsFor(
                env, "--plugins", dir.resolve("before-the-command").toString(), "connectors"))
        .isEqualTo(dir.resolve("before-the-command"));
    assertThat(pluginsFor(env, "connectors", "--config", config.toString()))
        .isEqualTo(dir.resolve("from-env"));
    assertThat(pluginsFor(Map.of(), "connectors", "--config", config.toString()))
        .isEqualTo(dir.resolve("from-file"));
    assertThat(pluginsFor(Map.of(), "config", "check", config.toString()))
        .isEqualTo(dir.resolve("from-file"));
    assertThat(
            pluginsFor(
                Map.of(),
                "send",
                "--config",
                config.toString(),
                "--to",
                "a@example.com",
                "--type",
                "SignIn",
                "--code",
                "1"))
        .isEqualTo(dir.resolve("from-file"));
  }
}
