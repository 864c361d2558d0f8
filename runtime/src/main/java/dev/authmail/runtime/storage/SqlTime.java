package dev.authmail.runtime.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Reads and writes {@code TIMESTAMP WITH TIME ZONE} as {@link Instant}, the same way on H2 and
 * PostgreSQL (both take {@link OffsetDateTime} through JDBC 4.2). Instants are truncated to
 * microseconds, PostgreSQL's precision, so a value read back equals the value written.
 */
public final class SqlTime {
  private SqlTime() {}

  public static Instant truncate(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  public static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
    if (instant == null) {
      statement.setObject(index, null);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(truncate(instant), ZoneOffset.UTC));
    }
  }

  public static Instant get(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static Instant get(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
