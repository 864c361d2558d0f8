package dev.authmail.runtime.cli;

import dev.authmail.runtime.api.ApiKeys;
import dev.authmail.runtime.config.ConfigException;
import dev.authmail.runtime.console.ConsoleRoutes;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.storage.DatabaseFileException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code authmail serve}: the service — durable outbox, workers and the HTTP API — until the
 * process is stopped (SIGTERM or Ctrl-C shut it down gracefully).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the service: the durable outbox with its workers and the HTTP API (docs/api.md).",
      "Without --config: SQLite in the data directory, tenant 'default' on the built-in service"
          + " delivering to the capture inbox. The admin API key is printed once on the first"
          + " start, unless "
          + ApiKeys.ENV_ADMIN_KEY
          + " sets it.",
      "Stops gracefully on SIGTERM or Ctrl-C: no new requests, sends in flight finish, the rest"
          + " stays queued for the next start or another node."
    })
final class ServeCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The configuration file (YAML or JSON). Without it: the embedded defaults.")
  Path config;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "The HTTP port; 0 picks a free one. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(
      names = "--host",
      paramLabel = "H",
      defaultValue = "0.0.0.0",
      description =
          "The address to listen on; 127.0.0.1 for this machine only. Default: ${DEFAULT-VALUE}")
  String host;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "data",
      description =
          "The data directory: the SQLite database (unless storage.url is set) and the capture"
              + " inbox (DIR/inbox). Default: ${DEFAULT-VALUE}")
  Path data;

  ServeCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      err.println("error: --port must be 0 to 65535, not " + port);
      err.flush();
      return ExitCodes.INVALID;
    }
    ConfigFiles.Checked checked = ConfigFiles.check(env, config, data);
    if (!checked.valid()) {
      throw new ConfigException(checked.config().source(), checked.problems());
    }
    ServiceNode node;
    try {
      node =
          ServiceNode.builder(checked.config(), env.registry())
              .dataDir(data)
              .host(host)
              .port(port)
              .env(env.env())
              .clock(env.clock())
              .start();
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.INVALID;
    } catch (DatabaseFileException e) {
      err.println("error: " + e.getMessage()); // one line that names the file and the fix
      err.flush();
      return ExitCodes.FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "authmail-shutdown"));

    node.generatedAdminKey()
        .ifPresent(
            key -> {
              out.println(
                  "Admin API key (shown only this once; store it now, or set "
                      + ApiKeys.ENV_ADMIN_KEY
                      + "):");
              out.println("  " + key);
            });
    out.println(
        "authmail "
            + Version.version()
            + " serving "
            + checked.config().source()
            + " on "
            + node.url()
            + (host.equals("0.0.0.0") ? " (all interfaces)" : ""));
    out.println(
        "  send:    curl -X POST "
            + node.url()
            + "/api/messages -H 'Authorization: Bearer <key>' -H 'Content-Type: application/json'"
            + " -d '{\"to\":\"a@example.com\",\"type\":\"SignIn\","
            + "\"payload\":{\"code\":\"123456\"}}'");
    out.println("  API:     " + node.url() + "/openapi.json   health: " + node.url() + "/health");
    out.println("  console: " + node.url() + ConsoleRoutes.PATH + "/");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
