package dev.authmail.runtime.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.sqlite.core.CorePreparedStatement;

/**
 * Reads and writes the schema's times as {@link Instant}, truncated to microseconds so a value read
 * back equals the value written.
 *
 * <ul>
 *   <li>PostgreSQL: {@code TIMESTAMP WITH TIME ZONE} through {@link OffsetDateTime} (JDBC 4.2).
 *   <li>SQLite: epoch microseconds in an {@code INTEGER} column. The driver would store an {@code
 *       OffsetDateTime} as text with a fraction of varying length, which does not sort, and the
 *       outbox compares and orders by time.
 * </ul>
 *
 * <p>The database is told by the statement itself (the SQLite driver's statement class, through any
 * pool or cache wrapper), so the many stores that write times need not carry the dialect around.
 */
public final class SqlTime {
  private SqlTime() {}

  public static Instant truncate(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /** Epoch microseconds, SQLite's representation. */
  public static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  public static Instant ofMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  public static void set(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (statement.isWrapperFor(CorePreparedStatement.class)) {
      if (instant == null) {
        statement.setNull(index, java.sql.Types.INTEGER);
      } else {
        statement.setLong(index, micros(instant));
      }
    } else if (instant == null) {
      statement.setObject(index, null);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(truncate(instant), ZoneOffset.UTC));
    }
  }

  public static Instant get(ResultSet rs, String column) throws SQLException {
    return get(rs, rs.findColumn(column));
  }

  public static Instant get(ResultSet rs, int column) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof Number micros) {
      return ofMicros(micros.longValue());
    }
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
