package dev.authmail.runtime.cli;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.context.ConnectorInstances;
import dev.authmail.runtime.inbox.CaptureInbox;
import dev.authmail.runtime.inbox.FileCaptureInbox;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.Dialect;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Loading and checking a configuration file for the commands; printing its problems. */
final class ConfigFiles {
  private ConfigFiles() {}

  /** A configuration with every problem: the file's and its connectors' {@code create()} ones. */
  record Checked(AuthmailConfig config, List<ConfigProblem> problems) {
    boolean valid() {
      return problems.isEmpty();
    }
  }

  /**
   * Loads {@code file} (the embedded defaults when {@code null}) and checks it as a whole. Nothing
   * is sent and no connection is opened: factories' {@code create()} does no network I/O.
   */
  static Checked check(CliEnvironment env, Path file, Path dataDir) {
    ConfigLoader loader = new ConfigLoader(env.registry(), env.env());
    ConfigLoader.Result loaded = file == null ? loader.defaults() : loader.load(file);
    ConfigLoader.Result result =
        loaded.withMore(
            ConnectorInstances.check(
                loaded.config(), env.registry(), inbox(dataDir, loaded.config(), env)));
    return new Checked(result.config(), result.problems());
  }

  /**
   * The capture inbox under {@code <data>/inbox}, recording the platform sender (for checks:
   * nothing is delivered).
   */
  static CaptureInbox inbox(Path dataDir, AuthmailConfig config, CliEnvironment env) {
    return new FileCaptureInbox(
        dataDir.resolve("inbox"), config.platform().fromAddress(), env.clock());
  }

  /**
   * The capture inbox that {@code authmail serve} with this configuration and data directory uses
   * ({@link CaptureInbox#forStorage}), open; close it to close its database.
   *
   * @param where how messages name it: the directory, or the database
   */
  record OpenInbox(CaptureInbox inbox, String where, Database database) implements AutoCloseable {
    @Override
    public void close() {
      if (database != null) {
        database.close();
      }
    }
  }

  /** Where serve keeps the capture inbox: {@code DIR/inbox}, or the database (for messages). */
  static String inboxPlace(AuthmailConfig config, Path dataDir) {
    String url = ServiceNode.storageUrl(config, dataDir);
    boolean inDatabase;
    try {
      inDatabase = CaptureInbox.inDatabase(Dialect.of(url));
    } catch (IllegalArgumentException e) {
      inDatabase = false; // a database serve cannot open; config check says so elsewhere
    }
    return inDatabase ? "in the database of storage.url" : dataDir.resolve("inbox").toString();
  }

  /**
   * @throws dev.authmail.runtime.storage.StorageException when the database cannot be opened
   */
  static OpenInbox openInbox(Path dataDir, AuthmailConfig config, CliEnvironment env) {
    String url = ServiceNode.storageUrl(config, dataDir);
    if (!CaptureInbox.inDatabase(Dialect.of(url))) {
      return new OpenInbox(inbox(dataDir, config, env), dataDir.resolve("inbox").toString(), null);
    }
    Database db = Database.open(url);
    return new OpenInbox(
        CaptureInbox.forStorage(db, dataDir, config.platform().fromAddress(), env.clock()),
        "in the database of " + config.source(),
        db);
  }

  /** One {@code warning:} line per warning. */
  static void printWarnings(PrintWriter out, List<ConfigProblem> warnings) {
    for (ConfigProblem warning : warnings) {
      out.println("  warning: " + warning);
    }
  }

  /** {@code <source> has N problems:} then one problem per line. */
  static void printProblems(PrintWriter out, String source, List<ConfigProblem> problems) {
    out.println(
        source + " has " + problems.size() + (problems.size() == 1 ? " problem:" : " problems:"));
    for (ConfigProblem problem : problems) {
      out.println("  " + problem);
    }
    out.flush();
  }
}
