package dev.authmail.runtime.cli;

import dev.authmail.runtime.StartupException;
import dev.authmail.runtime.config.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code authmail}: the command line. Exit codes: 0 done, 1 the command failed (a send was
 * refused), 2 wrong input (a configuration problem, a bad option).
 */
@Command(
    name = "authmail",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Sends the emails of an authentication platform (sign-in codes, password resets, "
        + "invitations) through pluggable connectors.",
    footer = {"", "Exit codes: 0 done, 1 the command failed, 2 wrong input (configuration or options).",
        "Configuration reference: docs/configuration.md"})
public final class Main implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine(CliEnvironment.system()).execute(args));
  }

  /** The command line with every subcommand, for {@link CommandLine#execute}. */
  public static CommandLine commandLine(CliEnvironment env) {
    CommandLine commandLine = new CommandLine(new Main());
    for (Object subcommand : Subcommands.all(env)) {
      commandLine.addSubcommand(subcommand);
    }
    commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
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
      cl.getErr().println("error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      cl.getErr().flush();
      return ExitCodes.FAILED;
    });
    return commandLine;
  }

  /** {@code authmail} alone: the usage, as an input error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }
}
