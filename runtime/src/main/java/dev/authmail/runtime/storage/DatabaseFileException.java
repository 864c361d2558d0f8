package dev.authmail.runtime.storage;

/**
 * The embedded database's file cannot be used, found before anything was written to it. Its message
 * is one line that names the file and the fix, for the operator to read as it is.
 */
public final class DatabaseFileException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Why the file cannot be used. */
  public enum Problem {
    /** The data directory cannot be created or written. */
    NOT_WRITABLE,
    /** Another running node has the database open. */
    LOCKED,
    /** The file is not a database, or shorter than its own header says. */
    CORRUPT,
    /** The file exists with zero bytes: it held a database that was lost, or was never one. */
    EMPTY
  }

  private final Problem problem;

  DatabaseFileException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
