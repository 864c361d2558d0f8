package dev.authmail.runtime.suppression;

import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.Dialect;
import dev.authmail.runtime.storage.SqlTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@code suppressions} and {@code suppression_events} tables. Thread-safe. */
final class SuppressionStore {
  private static final String COLUMNS =
      "tenant, address, reason, source, first_seen, last_seen, event_count";

  private final Database db;

  SuppressionStore(Database db) {
    this.db = Objects.requireNonNull(db, "db is null");
  }

  /**
   * Records one event for {@code address}: a new row, or the existing one with its count and last
   * time raised (its reason merged, see {@link Reason#merge}). With an {@code eventId}, an event
   * already recorded for the tenant changes nothing.
   *
   * @return the row after the event; empty when {@code eventId} was seen before
   */
  Optional<Suppression> record(
      String tenant, String address, Reason reason, String source, String eventId, Instant now) {
    try {
      return db.transaction(c -> recordIn(c, tenant, address, reason, source, eventId, now));
    } catch (RuntimeException e) {
      // two nodes inserting the same new address at once: the loser now finds the winner's row
      if (e.getCause() instanceof SQLException sql && Dialect.isUniqueViolation(sql)) {
        return db.transaction(c -> recordIn(c, tenant, address, reason, source, eventId, now));
      }
      throw e;
    }
  }

  private Optional<Suppression> recordIn(
      Connection c,
      String tenant,
      String address,
      Reason reason,
      String source,
      String eventId,
      Instant now)
      throws SQLException {
    if (eventId != null && !firstSeen(c, tenant, eventId, now)) {
      return Optional.empty();
    }
    Optional<Suppression> existing = find(c, tenant, address, db.dialect().forUpdate());
    Suppression row;
    if (existing.isPresent()) {
      Suppression e = existing.get();
      row =
          new Suppression(
              tenant, address, e.reason().merge(reason), source, e.firstSeen(), now, e.count() + 1);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE suppressions SET reason = ?, source = ?, last_seen = ?,"
                  + " event_count = ? WHERE tenant = ? AND address = ?")) {
        ps.setString(1, row.reason().wireName());
        ps.setString(2, source);
        SqlTime.set(ps, 3, now);
        ps.setInt(4, row.count());
        ps.setString(5, tenant);
        ps.setString(6, address);
        ps.executeUpdate();
      }
    } else {
      row = new Suppression(tenant, address, reason, source, now, now, 1);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO suppressions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, tenant);
        ps.setString(2, address);
        ps.setString(3, reason.wireName());
        ps.setString(4, source);
        SqlTime.set(ps, 5, now);
        SqlTime.set(ps, 6, now);
        ps.setInt(7, 1);
        ps.executeUpdate();
      }
    }
    return Optional.of(row);
  }

  /**
   * Notes {@code eventId} (for example a webhook's one-time token) for the tenant.
   *
   * @return whether it was new; false when it was noted before
   */
  boolean claim(String tenant, String eventId, Instant now) {
    return db.transaction(c -> firstSeen(c, tenant, eventId, now));
  }

  private boolean firstSeen(Connection c, String tenant, String eventId, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            db.dialect().insertIfAbsent("suppression_events", "tenant, event_id, received_at"))) {
      ps.setString(1, tenant);
      ps.setString(2, eventId);
      SqlTime.set(ps, 3, now);
      return ps.executeUpdate() > 0;
    }
  }

  Optional<Suppression> find(String tenant, String address) {
    return db.read(c -> find(c, tenant, address, ""));
  }

  /** The tenant's list, most recently seen first, optionally of one reason. */
  List<Suppression> list(String tenant, Reason reason, int limit) {
    return db.read(
        c -> {
          String sql =
              "SELECT "
                  + COLUMNS
                  + " FROM suppressions WHERE tenant = ?"
                  + (reason == null ? "" : " AND reason = ?")
                  + " ORDER BY last_seen DESC, address LIMIT ?";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, tenant);
            if (reason != null) {
              ps.setString(i++, reason.wireName());
            }
            ps.setInt(i, limit);
            return rows(ps);
          }
        });
  }

  /**
   * @return whether there was a row
   */
  boolean delete(String tenant, String address) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM suppressions WHERE tenant = ? AND address = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, address);
            return ps.executeUpdate() > 0;
          }
        });
  }

  /** The SNS topic bound to an event intake, if any. */
  Optional<String> topic(String tenant, String connector) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT topic_arn FROM sns_subscriptions WHERE tenant = ? AND connector = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, connector);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Binds an event intake to {@code topicArn} unless it is bound already.
   *
   * @return whether the intake is now bound to {@code topicArn} (newly, or it was before)
   */
  boolean bindTopic(String tenant, String connector, String topicArn, Instant now) {
    db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  db.dialect()
                      .insertIfAbsent(
                          "sns_subscriptions", "tenant, connector, topic_arn, confirmed_at"))) {
            ps.setString(1, tenant);
            ps.setString(2, connector);
            ps.setString(3, topicArn);
            SqlTime.set(ps, 4, now);
            return ps.executeUpdate();
          }
        });
    return topic(tenant, connector).map(topicArn::equals).orElse(false);
  }

  /**
   * @return whether the intake was bound
   */
  boolean unbindTopic(String tenant, String connector) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM sns_subscriptions WHERE tenant = ? AND connector = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, connector);
            return ps.executeUpdate() > 0;
          }
        });
  }

  private static Optional<Suppression> find(
      Connection c, String tenant, String address, String suffix) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM suppressions"
                + " WHERE tenant = ? AND address = ?"
                + suffix)) {
      ps.setString(1, tenant);
      ps.setString(2, address);
      return rows(ps).stream().findFirst();
    }
  }

  private static List<Suppression> rows(PreparedStatement ps) throws SQLException {
    List<Suppression> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        // an unknown reason (written by a newer version) is kept blocking: safer than sending
        Reason reason = Reason.parse(rs.getString(3)).orElse(Reason.MANUAL);
        out.add(
            new Suppression(
                rs.getString(1),
                rs.getString(2),
                reason,
                rs.getString(4),
                SqlTime.get(rs, 5),
                SqlTime.get(rs, 6),
                rs.getInt(7)));
      }
    }
    return out;
  }
}
