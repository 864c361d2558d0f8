package dev.authmail.runtime;

/**
 * A node cannot start, for a reason its operator can fix: the port is taken, the secret key does
 * not open the stored secrets, the database cannot be used. The message is one line that names the
 * problem and the fix, without a stack trace or a secret; {@code authmail serve} prints it as
 * {@code error: <message>} and exits with 1. Throw it from any part of the start-up (storage,
 * modules, the HTTP server) instead of a bare runtime exception whose class name means nothing to
 * an operator.
 */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code e} or the first {@link StartupException} among its causes, or {@code null}. */
  public static StartupException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StartupException found) {
        return found;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
