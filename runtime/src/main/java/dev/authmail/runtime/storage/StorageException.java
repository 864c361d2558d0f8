package dev.authmail.runtime.storage;

import java.sql.SQLException;

/** A database operation failed; wraps the {@link SQLException} so callers need not declare it. */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The SQL exception underneath, when there is one. */
  public SQLException sqlException() {
    return getCause() instanceof SQLException sql ? sql : null;
  }
}
