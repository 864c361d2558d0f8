package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.SqlTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The SQL of the workers: claim due messages under a lease, mark sends as started, renew leases,
 * write outcomes fenced on the lease owner, release leases. The methods taking a {@link Connection}
 * run in the caller's transaction (the node's ledger writes starts, renewals and outcomes together
 * in one); the others are one transaction each. Statements are batched.
 */
final class WorkStore {
  private static final int MAX_ERROR_LENGTH = 1000;

  private final Database db;

  WorkStore(Database db) {
    this.db = db;
  }

  /**
   * Claims up to {@code limit} due messages: QUEUED ones whose next attempt is due, and SENDING
   * ones whose lease ran out (their worker died or stalled). A taken-over message is marked
   * maybe-duplicate only when its earlier holder had started sending it ({@code send_started_at}
   * set); one that was claimed but never started is not. Rows another transaction holds are
   * skipped, so nodes claiming at once get disjoint sets.
   */
  List<Claimed> claim(String node, Instant now, Duration lease, int limit) {
    return db.transaction(c -> claim(c, node, now, lease, limit));
  }

  /** {@link #claim(String, Instant, Duration, int)} in the caller's transaction. */
  List<Claimed> claim(Connection c, String node, Instant now, Duration lease, int limit)
      throws SQLException {
    Instant leaseUntil = SqlTime.truncate(now.plus(lease));
    List<Claimed> claimed = new ArrayList<>();
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT id, tenant, recipient, usage_type, payload, ip, attempt_count,"
                + " connector_position, connector_failures, created_at, expires_at,"
                + " maybe_duplicate, status, send_started_at FROM messages WHERE status IN"
                + " ('QUEUED', 'SENDING') AND next_attempt_at <= ?"
                + db.dialect().claimSuffix("next_attempt_at"))) {
      SqlTime.set(select, 1, now);
      select.setInt(2, limit);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          // SENDING here means its lease ran out; started means the provider call may have happened
          boolean startedElsewhere =
              "SENDING".equals(rs.getString("status")) && rs.getObject("send_started_at") != null;
          claimed.add(
              new Claimed(
                  rs.getString("id"),
                  rs.getString("tenant"),
                  rs.getString("recipient"),
                  UsageType.parse(rs.getString("usage_type")),
                  rs.getString("payload"),
                  rs.getString("ip"),
                  rs.getInt("attempt_count"),
                  rs.getInt("connector_position"),
                  rs.getInt("connector_failures"),
                  SqlTime.get(rs, "created_at"),
                  SqlTime.get(rs, "expires_at"),
                  rs.getBoolean("maybe_duplicate") || startedElsewhere,
                  node,
                  leaseUntil));
        }
      }
    }
    return lease(c, node, claimed, now);
  }

  /**
   * Puts these messages under this node's lease (status SENDING, due again when the lease runs out,
   * not started yet), in the caller's transaction: those a claim selected, and those accepted in
   * the same transaction that the node takes at once. Only a row still QUEUED or SENDING is leased
   * (never a CANCELLED or final one).
   *
   * @return the messages leased, in order (the others must not be sent)
   */
  List<Claimed> lease(Connection c, String node, List<Claimed> messages, Instant now)
      throws SQLException {
    if (messages.isEmpty()) {
      return messages;
    }
    List<Claimed> leased = new ArrayList<>(messages.size());
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE messages SET status = 'SENDING', lease_owner = ?, lease_until = ?,"
                + " next_attempt_at = ?, maybe_duplicate = ?, send_started_at = NULL, updated_at ="
                + " ? WHERE id = ? AND status IN ('QUEUED', 'SENDING')")) {
      for (Claimed m : messages) {
        update.setString(1, node);
        SqlTime.set(update, 2, m.leaseUntil());
        // a SENDING row becomes due again when its lease runs out: one index serves both cases
        SqlTime.set(update, 3, m.leaseUntil());
        update.setBoolean(4, m.maybeDuplicate());
        SqlTime.set(update, 5, now);
        update.setString(6, m.id());
        update.addBatch();
      }
      int[] counts = update.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO) {
          leased.add(messages.get(i));
        }
      }
    }
    return leased;
  }

  /**
   * Writes outcomes. A message is only updated while this node still holds its lease (status
   * SENDING, lease_owner = node): a node whose lease was taken over must not overwrite the new
   * owner's work. Attempts are recorded either way; they happened.
   *
   * @return how many messages were updated (the rest had lost their lease)
   */
  int complete(Collection<Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return 0;
    }
    return db.transaction(c -> complete(c, outcomes));
  }

  /** {@link #complete(Collection)} in the caller's transaction. */
  int complete(Connection c, Collection<Outcome> outcomes) throws SQLException {
    if (outcomes.isEmpty()) {
      return 0;
    }
    int updated = 0;
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE messages SET status = ?, attempt_count = ?, connector_position = ?,"
                + " connector_failures = ?, current_connector = COALESCE(?, current_connector),"
                + " next_attempt_at = ?, provider_message_id = COALESCE(?, provider_message_id),"
                + " last_error_code = COALESCE(?, last_error_code),"
                + " last_error_message = COALESCE(?, last_error_message), maybe_duplicate = ?,"
                + " lease_owner = NULL, lease_until = NULL, send_started_at = NULL, updated_at = ?"
                + " WHERE id = ? AND lease_owner = ? AND status = 'SENDING'")) {
      for (Outcome o : outcomes) {
        Outcome.Error error = o.error();
        update.setString(1, o.status().name());
        update.setInt(2, o.attemptCount());
        update.setInt(3, o.position());
        update.setInt(4, o.connectorFailures());
        update.setString(5, o.connector());
        SqlTime.set(update, 6, o.nextAttemptAt());
        update.setString(
            7, o instanceof Outcome.Delivered d ? d.attempt().providerMessageId() : null);
        update.setString(8, error == null ? null : error.code());
        update.setString(9, error == null ? null : truncate(error.message()));
        update.setBoolean(10, o.maybeDuplicate());
        SqlTime.set(update, 11, o.at());
        update.setString(12, o.message().id());
        update.setString(13, o.message().leaseOwner());
        update.addBatch();
      }
      for (int count : update.executeBatch()) {
        updated += count > 0 || count == Statement.SUCCESS_NO_INFO ? 1 : 0;
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO message_attempts (message_id, attempt_number, node, connector, started_at,"
                + " finished_at, outcome, error_code, error_message, provider_message_id,"
                + " maybe_delivered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      boolean any = false;
      for (Outcome o : outcomes) {
        Outcome.Attempt a = o.attempt();
        if (a == null) {
          continue;
        }
        insert.setString(1, o.message().id());
        insert.setInt(2, a.number());
        insert.setString(3, o.message().leaseOwner());
        insert.setString(4, a.connector());
        SqlTime.set(insert, 5, a.startedAt());
        SqlTime.set(insert, 6, a.finishedAt());
        insert.setString(7, a.outcome().name());
        insert.setString(8, a.errorCode());
        insert.setString(9, truncate(a.errorMessage()));
        insert.setString(10, a.providerMessageId());
        insert.setBoolean(11, a.maybeDelivered());
        insert.addBatch();
        any = true;
      }
      if (any) {
        insert.executeBatch();
      }
    }
    return updated;
  }

  /**
   * Records that sends are about to start, fenced on the lease: {@code send_started_at = now} for
   * each message this node still holds. Runs in the caller's transaction.
   *
   * @return per id, in order, whether this node still held the lease (only then may it send)
   */
  boolean[] markStarted(Connection c, String node, List<String> ids, Instant now)
      throws SQLException {
    boolean[] held = new boolean[ids.size()];
    if (ids.isEmpty()) {
      return held;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE messages SET send_started_at = ? WHERE id = ? AND lease_owner = ? AND status ="
                + " 'SENDING'")) {
      for (String id : ids) {
        SqlTime.set(s, 1, now);
        s.setString(2, id);
        s.setString(3, node);
        s.addBatch();
      }
      int[] counts = s.executeBatch();
      for (int i = 0; i < held.length; i++) {
        held[i] = counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO;
      }
    }
    return held;
  }

  /**
   * Extends the leases of these messages, held by this node, to {@code until}, in one statement
   * (per 500 ids). Runs in the caller's transaction.
   *
   * @return how many rows were extended
   */
  int renew(Connection c, String node, List<String> ids, Instant until) throws SQLException {
    int renewed = 0;
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      String marks = "?" + ", ?".repeat(chunk.size() - 1);
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE messages SET lease_until = ?, next_attempt_at = ? WHERE lease_owner = ?"
                  + " AND status = 'SENDING' AND id IN ("
                  + marks
                  + ")")) {
        SqlTime.set(s, 1, until);
        SqlTime.set(s, 2, until); // a SENDING row is due again when its lease runs out
        s.setString(3, node);
        for (int i = 0; i < chunk.size(); i++) {
          s.setString(4 + i, chunk.get(i));
        }
        renewed += s.executeUpdate();
      }
    }
    return renewed;
  }

  /**
   * Deletes up to {@code limit} finished messages (DELIVERED, FAILED, EXPIRED, CANCELLED) that
   * finished before {@code before}, with their attempts, in one transaction. A finished message's
   * {@code next_attempt_at} is when it finished (a CANCELLED one's, when it was accepted), so the
   * {@code (status, next_attempt_at)} index finds them without a scan.
   *
   * @return how many messages were deleted
   */
  int purge(Instant before, int limit) {
    return db.transaction(
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id FROM messages WHERE status IN ('DELIVERED', 'FAILED', 'EXPIRED',"
                      + " 'CANCELLED') AND next_attempt_at < ? LIMIT "
                      + limit)) {
            SqlTime.set(s, 1, before);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
            }
          }
          if (ids.isEmpty()) {
            return 0;
          }
          String marks = "?" + ", ?".repeat(ids.size() - 1);
          for (String sql :
              List.of(
                  "DELETE FROM message_attempts WHERE message_id IN (" + marks + ")",
                  "DELETE FROM messages WHERE id IN (" + marks + ")")) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
              for (int i = 0; i < ids.size(); i++) {
                s.setString(i + 1, ids.get(i));
              }
              s.executeUpdate();
            }
          }
          return ids.size();
        });
  }

  /** Work in one transaction of this store's database. */
  <T> T transaction(Database.SqlWork<T> work) {
    return db.transaction(work);
  }

  /** Gives claimed-but-unsent messages back: QUEUED and due now, for any node to take. */
  void release(String node, Collection<String> ids, Instant now) {
    if (ids.isEmpty()) {
      return;
    }
    db.transaction(
        c -> {
          release(c, node, ids, now);
          return null;
        });
  }

  /** {@link #release(String, Collection, Instant)} in the caller's transaction. */
  void release(Connection c, String node, Collection<String> ids, Instant now) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE messages SET status = 'QUEUED', lease_owner = NULL, lease_until = NULL,"
                + " send_started_at = NULL, next_attempt_at = ?, updated_at = ?"
                + " WHERE id = ? AND lease_owner = ? AND status = 'SENDING'")) {
      for (String id : ids) {
        SqlTime.set(s, 1, now);
        SqlTime.set(s, 2, now);
        s.setString(3, id);
        s.setString(4, node);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /**
   * Makes every SENDING message due now, as if its lease had run out: used once when an embedded
   * database is opened, since whatever is leased then was leased by a process that died. The next
   * claim takes them over (maybe-duplicate when their send had started).
   *
   * @return how many messages were SENDING
   */
  int expireLeases(Instant now) {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE messages SET lease_until = ?, next_attempt_at = ? WHERE status ="
                      + " 'SENDING'")) {
            SqlTime.set(s, 1, now);
            SqlTime.set(s, 2, now);
            return s.executeUpdate();
          }
        });
  }

  /** Messages not yet final: QUEUED or SENDING. */
  long queueDepth() {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT COUNT(*) FROM messages WHERE status IN ('QUEUED', 'SENDING')");
              ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static String truncate(String message) {
    return message == null || message.length() <= MAX_ERROR_LENGTH
        ? message
        : message.substring(0, MAX_ERROR_LENGTH - 1) + "…";
  }
}
