package dev.authmail.runtime.cli;

import dev.authmail.runtime.api.ApiKeys;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code authmail keys reset-admin}: the supported way back in when the admin API key is lost. It
 * works offline on the database {@code serve} uses (same {@code --config} and {@code --data}),
 * revokes every stored admin key and prints a new one once. Tenant keys are left alone.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "Manages API keys offline, on the database serve uses (the API's /api/keys does it"
            + " online).")
final class KeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static CommandLine commandLine(CliEnvironment env) {
    CommandLine commandLine = new CommandLine(new KeysCommand());
    commandLine.addSubcommand(new ResetAdmin(env));
    return commandLine;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }

  @Command(
      name = "reset-admin",
      mixinStandardHelpOptions = true,
      description = {
        "Revokes every stored admin API key and prints a new one (shown only this once).",
        "Run it with the --config and --data that serve uses; a running node on an embedded"
            + " database holds its file, so stop it first. "
            + ApiKeys.ENV_ADMIN_KEY
            + ", when a node sets it, is not affected."
      })
  static final class ResetAdmin implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec CommandSpec spec;

    @Option(
        names = "--data",
        paramLabel = "DIR",
        defaultValue = "data",
        description = "The data directory serve uses. Default: ${DEFAULT-VALUE}")
    Path data;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "The configuration serve uses (for its storage.url).")
    Path config;

    ResetAdmin(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ConfigLoader loader = new ConfigLoader(env.registry(), env.env());
      ConfigLoader.Result loaded = config == null ? loader.defaults() : loader.load(config);
      if (!loaded.valid()) {
        ConfigFiles.printProblems(err, loaded.config().source(), loaded.problems());
        return ExitCodes.INVALID;
      }
      AuthmailConfig cfg = loaded.config();
      ApiKeys.Created created;
      try (Database db = Database.open(ServiceNode.storageUrl(cfg, data))) {
        created = new ApiKeys(db, env.clock(), java.time.Duration.ZERO).resetAdminKey();
      } catch (StorageException e) {
        err.println(
            "error: the database cannot be opened: "
                + cfg.secrets().redact(e.getMessage())
                + " (stop a node that is running on it first)");
        err.flush();
        return ExitCodes.FAILED;
      }
      out.println(
          "Every earlier admin API key is revoked. The new admin API key (shown only this once;"
              + " store it now):");
      out.println("  " + created.key());
      out.flush();
      return ExitCodes.OK;
    }
  }
}
