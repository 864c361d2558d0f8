package dev.authmail.runtime.cli;

/** The CLI's exit codes. */
final class ExitCodes {
  /** Done. */
  static final int OK = 0;

  /** The command ran and failed: a send was refused, connectors failed to load. */
  static final int FAILED = 1;

  /** The input is wrong: a configuration problem or a bad option (picocli's usage code too). */
  static final int INVALID = 2;

  private ExitCodes() {}
}
