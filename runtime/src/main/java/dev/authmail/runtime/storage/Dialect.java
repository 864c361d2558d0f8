package dev.authmail.runtime.storage;

/**
 * The few statements that differ between the two supported databases. Everything else in the
 * schema and the queries is portable SQL.
 */
public enum Dialect {
  H2,
  POSTGRESQL;

  /** Detects the dialect from a JDBC URL. */
  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "storage.url must be a jdbc:h2: or jdbc:postgresql: URL, not " + scheme(jdbcUrl));
  }

  /**
   * Inserts a row of a table with a composite primary key unless it exists. Parameters are the
   * {@code columns} in order.
   */
  public String insertIfAbsent(String table, String columns) {
    int count = columns.split(",").length;
    String marks = "?" + ", ?".repeat(count - 1);
    return switch (this) {
      // H2's MERGE … KEY updates the row when present (a no-op here) and inserts it when absent.
      case H2 -> "MERGE INTO " + table + " (" + columns + ") KEY (" + columns + ") VALUES (" + marks + ")";
      case POSTGRESQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ") ON CONFLICT DO NOTHING";
    };
  }

  /**
   * The suffix that makes a {@code SELECT … WHERE …} claim due rows without waiting for rows
   * another transaction holds: {@code ORDER BY <order> LIMIT ? FOR UPDATE SKIP LOCKED}. The limit
   * is a parameter (bind it after the WHERE clause's), so the statement text stays the same and
   * the database's statement cache is not defeated by a changing literal.
   *
   * <p>H2 2.x applies {@code LIMIT} after sorting but before skipping locked rows when the query
   * needs a sort, so two concurrent claimers would both get the same first rows and one of them
   * nothing; without {@code ORDER BY} it scans the index (already in due order) and skips as it
   * goes. PostgreSQL skips before limiting, so the explicit order is safe there.
   */
  public String claimSuffix(String order) {
    return switch (this) {
      case H2 -> " LIMIT ? FOR UPDATE SKIP LOCKED";
      case POSTGRESQL -> " ORDER BY " + order + " LIMIT ? FOR UPDATE SKIP LOCKED";
    };
  }

  /** Whether a {@link java.sql.SQLException}'s SQLSTATE is a unique-constraint violation. */
  public static boolean isUniqueViolation(java.sql.SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static String scheme(String url) {
    int colon = url.indexOf(':', 5);
    return colon > 0 ? url.substring(0, colon) + ":…" : "\"" + url + "\"";
  }
}
