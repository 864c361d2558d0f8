package dev.authmail.runtime.cli;

import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.inbox.CaptureInbox;
import dev.authmail.runtime.inbox.CapturedEmail;
import dev.authmail.runtime.storage.StorageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code authmail inbox [list|show ID]}: reads the capture inbox, where the built-in service
 * delivers by default — the same one {@code authmail serve} with the same {@code --config} and
 * {@code --data} writes and {@code GET /api/inbox} reads ({@link CaptureInbox#forStorage}).
 */
@Command(
    name = "inbox",
    mixinStandardHelpOptions = true,
    description =
        "Reads the capture inbox, where the built-in service delivers when no platform.transport is"
            + " configured: DIR/inbox, or the database when --config names a PostgreSQL"
            + " storage.url. Without a subcommand: list.")
final class InboxCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Spec CommandSpec spec;

  @Mixin Where where;

  InboxCommand(CliEnvironment env) {
    this.env = env;
  }

  static CommandLine commandLine(CliEnvironment env) {
    CommandLine commandLine = new CommandLine(new InboxCommand(env));
    commandLine.addSubcommand(new ListEmails(env));
    commandLine.addSubcommand(new ShowEmail(env));
    return commandLine;
  }

  @Override
  public Integer call() {
    return where.read(
        env,
        spec,
        (inbox, at) -> list(inbox, at, ListEmails.DEFAULT_LIMIT, spec.commandLine().getOut()));
  }

  /** Where the inbox is: the options of every inbox command. */
  static final class Where {
    @Option(
        names = "--data",
        paramLabel = "DIR",
        defaultValue = "data",
        description = "The data directory. Default: ${DEFAULT-VALUE}")
    Path data;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "The configuration serve uses; with a PostgreSQL storage.url the inbox is in that"
                + " database.")
    Path config;

    /**
     * Opens the inbox and runs {@code read} on it; configuration and storage problems exit as other
     * commands do.
     */
    int read(CliEnvironment env, CommandSpec spec, BiFunction<CaptureInbox, String, Integer> read) {
      PrintWriter err = spec.commandLine().getErr();
      ConfigLoader loader = new ConfigLoader(env.registry(), env.env());
      ConfigLoader.Result loaded = config == null ? loader.defaults() : loader.load(config);
      if (!loaded.valid()) {
        ConfigFiles.printProblems(err, loaded.config().source(), loaded.problems());
        return ExitCodes.INVALID;
      }
      AuthmailConfig cfg = loaded.config();
      try (ConfigFiles.OpenInbox open = ConfigFiles.openInbox(data, cfg, env)) {
        return read.apply(open.inbox(), open.where());
      } catch (StorageException e) {
        err.println(
            "error: the capture inbox's database cannot be read: "
                + cfg.secrets().redact(e.getMessage()));
        err.flush();
        return ExitCodes.FAILED;
      }
    }
  }

  static int list(CaptureInbox inbox, String where, int limit, PrintWriter out) {
    List<CapturedEmail> emails = inbox.list(limit);
    if (emails.isEmpty()) {
      out.println("the capture inbox " + where + " is empty");
    }
    for (CapturedEmail email : emails) {
      out.println(
          String.join(
              "  ",
              email.id(),
              email.receivedAt().toString(),
              email.type() == null ? "-" : email.type(),
              email.to(),
              email.subject()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the newest emails, newest first.")
  static final class ListEmails implements Callable<Integer> {
    static final int DEFAULT_LIMIT = 20;
    private final CliEnvironment env;

    @Spec CommandSpec spec;

    @Mixin Where where;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "" + DEFAULT_LIMIT,
        description = "How many to list. Default: ${DEFAULT-VALUE}")
    int limit;

    ListEmails(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      return where.read(
          env, spec, (inbox, at) -> list(inbox, at, limit, spec.commandLine().getOut()));
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows one email: its headers and text part (and HTML with --html).")
  static final class ShowEmail implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "ID",
        description = "The inbox id (as listed); without it, the newest email.")
    String id;

    @Mixin Where where;

    @Option(names = "--html", description = "Also print the HTML part.")
    boolean html;

    ShowEmail(CliEnvironment env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      return where.read(env, spec, this::show);
    }

    private int show(CaptureInbox inbox, String at) {
      Optional<CapturedEmail> found =
          id == null ? inbox.list(1).stream().findFirst() : inbox.get(id.trim());
      if (found.isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(
            "error: "
                + (id == null
                    ? "the capture inbox " + at + " is empty"
                    : "no email with id \""
                        + id.replaceAll("\\p{Cntrl}", "?")
                        + "\" in "
                        + at
                        + "; list them with: authmail inbox list"));
        err.flush();
        return ExitCodes.FAILED;
      }
      CapturedEmail email = found.get();
      PrintWriter out = spec.commandLine().getOut();
      out.println("id:         " + email.id());
      out.println("received:   " + email.receivedAt());
      out.println("message id: " + (email.messageId() == null ? "-" : email.messageId()));
      out.println("type:       " + (email.type() == null ? "-" : email.type()));
      out.println(
          "from:       "
              + (email.fromName() == null ? "" : email.fromName() + " ")
              + "<"
              + (email.from() == null ? "" : email.from())
              + ">");
      out.println("to:         " + email.to());
      if (email.replyTo() != null) {
        out.println("reply-to:   " + email.replyTo());
      }
      email.headers().forEach((name, value) -> out.println(name + ": " + value));
      out.println("subject:    " + email.subject());
      out.println();
      out.println(email.text());
      if (html && email.html() != null) {
        out.println();
        out.println("--- html ---");
        out.println(email.html());
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
