package dev.authmail.runtime.cli;

import dev.authmail.runtime.StartupException;
import dev.authmail.runtime.config.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code authmail}: the command line. Exit codes: 0 done, 1 the command failed (a send was
 * refused), 2 wrong input (a configuration problem, a bad option).
 */
@Command(
    name = "authmail",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Sends the emails of an authentication platform (sign-in codes, password resets, "
            + "invitations) through pluggable connectors.",
    footer = {
      "",
      "Exit codes: 0 done, 1 the command failed, 2 wrong input (configuration or options).",
      "Configuration reference: docs/configuration.md"
    })
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  // Read from the parse result in plugins(); declared here so every command accepts and documents
  // it.
  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "The connector plugins directory: each .jar in it, or each folder of jars, is a plugin"
              + " with its own class loader. Default: the AUTHMAIL_PLUGINS variable, else the"
              + " configuration's plugins.dir, else ./plugins when it exists.")
  Path plugins;

  public static void main(String[] args) {
    System.exit(commandLine(CliEnvironment.system()).execute(args));
  }

  /** The command line with every subcommand, for {@link CommandLine#execute}. */
  public static CommandLine commandLine(CliEnvironment env) {
    CommandLine commandLine = new CommandLine(new Main());
    for (Object subcommand : Subcommands.all(env)) {
      commandLine.addSubcommand(subcommand);
    }
    commandLine.setExecutionStrategy(
        parsed -> {
          plugins(env, parsed);
          return new CommandLine.RunLast().execute(parsed);
        });
    commandLine.setExecutionExceptionHandler(
        (e, cl, parsed) -> {
          if (e instanceof ConfigException config) {
            ConfigFiles.printProblems(cl.getErr(), config.source(), config.problems());
            return ExitCodes.INVALID;
          }
          StartupException startup = StartupException.find(e);
          if (startup != null) {
            cl.getErr().println("error: " + startup.getMessage());
            cl.getErr().flush();
            return ExitCodes.FAILED;
          }
          cl.getErr()
              .println(
                  "error: "
                      + e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : ": " + e.getMessage()));
          cl.getErr().flush();
          return ExitCodes.FAILED;
        });
    return commandLine;
  }

  /**
   * Tells {@code env} what it needs to find the plugins before any command asks for the registry:
   * {@code --plugins} at whichever level it was given, and the configuration file the command reads
   * ({@code --config FILE}, or {@code config check FILE}) for its {@code plugins.dir}.
   */
  static void plugins(CliEnvironment env, ParseResult parsed) {
    Path option = null;
    Path config = null;
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      option = level.matchedOptionValue("--plugins", option);
      if (level.commandSpec().findOption("--config") != null) {
        config = level.matchedOptionValue("--config", config);
      } else if (level.commandSpec().userObject() instanceof ConfigCommand.Check) {
        config = level.matchedPositionalValue(0, config);
      }
    }
    env.commandLine(option, config);
  }

  /** {@code authmail} alone: the usage, as an input error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
