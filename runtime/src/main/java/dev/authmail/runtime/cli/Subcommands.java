package dev.authmail.runtime.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Every subcommand of {@code authmail}, in the order {@code --help} lists them: the one place a new
 * command is registered.
 */
final class Subcommands {
  private Subcommands() {}

  /** Each entry is a command object or a {@link CommandLine} with nested subcommands. */
  static List<Object> all(CliEnvironment env) {
    return List.of(
        new SendCommand(env),
        new ConnectorsCommand(env),
        ConfigCommand.commandLine(env),
        InboxCommand.commandLine(env),
        new PreviewCommand(env),
        KeysCommand.commandLine(env),
        new ServeCommand(env),
        DkimCommand.commandLine(),
        DomainCommand.commandLine(env));
  }
}
