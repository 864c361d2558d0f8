package dev.authmail.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.authmail.runtime.auth.TokenIssuer;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.AuthmailConfig.ConnectorDefinition;
import dev.authmail.runtime.config.AuthmailConfig.Tenant;
import dev.authmail.runtime.config.ConfigWarnings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code authmail config check FILE}: the configuration file checked as a whole. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Works with configuration files.")
final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static CommandLine commandLine(CliEnvironment env) {
    CommandLine commandLine = new CommandLine(new ConfigCommand());
    commandLine.addSubcommand(new Check(env));
    return commandLine;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.INVALID;
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Checks a configuration file as a whole (YAML or JSON, ${ENV} references resolved) and"
            + " prints every problem, one per line, with its key path; exits 0 when it is valid, 2"
            + " when not.",
        "Connectors are created to run their own checks, but nothing is sent and no connection is"
            + " opened."
      })
  static final class Check implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "FILE",
        description = "The configuration file; without it, the embedded defaults are checked.")
    Path file;

    @Option(
        names = "--print",
        description =
            "Also print the effective configuration, defaults filled in and secrets masked.")
    boolean print;

    @Option(
        names = "--data",
        paramLabel = "DIR",
        defaultValue = "data",
        description = "The data directory (for the capture inbox). Default: ${DEFAULT-VALUE}")
    Path data;

    Check(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      ConfigFiles.Checked checked = ConfigFiles.check(env, file, data);
      AuthmailConfig config = checked.config();
      if (!checked.valid()) {
        ConfigFiles.printProblems(out, config.source(), checked.problems());
        ConfigFiles.printWarnings(out, ConfigWarnings.of(config));
        return ExitCodes.INVALID;
      }
      out.println("OK: " + config.source());
      ConfigFiles.printWarnings(out, ConfigWarnings.of(config));
      for (Tenant tenant : config.tenants().values()) {
        out.println(
            "  tenant "
                + tenant.name()
                + ": "
                + String.join(
                    " -> ", tenant.email().stream().map(name -> describe(config, name)).toList()));
      }
      out.println(
          "  platform transport: "
              + config
                  .platform()
                  .transportName()
                  .map(name -> describe(config, name))
                  .orElse("capture inbox (" + ConfigFiles.inboxPlace(config, data) + ")"));
      out.println("  platform sender: " + config.platform().fromAddress());
      out.println(
          "  network: connectors in this file may reach any address; connectors stored through the"
              + " API: "
              + (config.network().allowPrivateAddresses()
                  ? "any address (network.allowPrivateAddresses)"
                  : config.network().allow().isEmpty()
                      ? "public addresses only"
                      : "public addresses and " + String.join(", ", config.network().allow())));
      out.println("  storage: " + config.storage().url());
      out.println(
          "  api auth: API keys"
              + (config.auth().issuers().isEmpty()
                  ? ""
                  : ", and JWT access tokens from "
                      + String.join(
                          ", ",
                          config.auth().issuers().stream().map(TokenIssuer::issuer).toList())));
      if (print) {
        out.println();
        YAMLMapper yaml =
            YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        out.print(yaml.writeValueAsString(config.masked()));
      }
      out.flush();
      return ExitCodes.OK;
    }

    private static String describe(AuthmailConfig config, String name) {
      ConnectorDefinition definition = config.connectors().get(name);
      if (definition == null) {
        return name;
      }
      String suffix = definition.implicit() ? ", built in" : "";
      return name + " (" + definition.factoryId() + suffix + ")";
    }
  }
}
