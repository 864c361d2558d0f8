package dev.authmail.runtime.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in this JVM as a user would type it, capturing what it prints and its exit code. */
final class InProcessCli {
  /** The exit code and everything printed. */
  record Run(int exit, String out, String err) {}

  private InProcessCli() {}

  static Run run(CliEnvironment env, String... args) {
    CommandLine cli = Main.commandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
