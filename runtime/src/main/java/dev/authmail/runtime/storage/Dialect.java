package dev.authmail.runtime.storage;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The statements that differ between the two supported databases: SQLite (embedded, one process,
 * one writer) and PostgreSQL (several nodes). Each difference is a branch here, so the PostgreSQL
 * statements stay what PostgreSQL does best; everything else is SQL both understand ({@code LIMIT}
 * and {@code OFFSET} included).
 */
public enum Dialect {
  SQLITE,
  POSTGRESQL;

  /** Detects the dialect from a JDBC URL. */
  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "storage.url must be a jdbc:sqlite: (one node, e.g. "
            + Database.DEFAULT_URL
            + ") or jdbc:postgresql: (several nodes) URL, not "
            + scheme(jdbcUrl));
  }

  /**
   * Inserts a row of a table with a composite primary key unless it exists. Parameters are the
   * {@code columns} in order. Both databases spell it {@code ON CONFLICT DO NOTHING}.
   */
  public String insertIfAbsent(String table, String columns) {
    int count = columns.split(",").length;
    String marks = "?" + ", ?".repeat(count - 1);
    return "INSERT INTO "
        + table
        + " ("
        + columns
        + ") VALUES ("
        + marks
        + ") ON CONFLICT DO NOTHING";
  }

  /**
   * The suffix that locks the rows a {@code SELECT} reads until the transaction ends. SQLite has no
   * row locks and needs none: its one writer connection begins every transaction with {@code BEGIN
   * IMMEDIATE}, which holds the whole database.
   */
  public String forUpdate() {
    return this == SQLITE ? "" : " FOR UPDATE";
  }

  /**
   * The suffix that makes a {@code SELECT … WHERE …} claim due rows: {@code ORDER BY <order> LIMIT
   * ?} and, on PostgreSQL, {@code FOR UPDATE SKIP LOCKED} so that concurrent claimers on several
   * nodes take disjoint rows without waiting. The limit is a parameter (bind it after the WHERE
   * clause's), so the statement text stays the same and can be prepared once.
   */
  public String claimSuffix(String order) {
    return " ORDER BY " + order + " LIMIT ?" + (this == SQLITE ? "" : " FOR UPDATE SKIP LOCKED");
  }

  /**
   * Whether a {@link SQLException} is a unique-constraint violation: SQLSTATE 23505 on PostgreSQL,
   * result code {@code SQLITE_CONSTRAINT_UNIQUE} or {@code _PRIMARYKEY} (primary code 19) on
   * SQLite.
   */
  public static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        SQLiteErrorCode code = sqlite.getResultCode();
        if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
            || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
          return true;
        }
      } else if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
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
