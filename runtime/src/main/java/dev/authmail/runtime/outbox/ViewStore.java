package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.SqlTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads messages and their attempts for the API, without addresses or payloads. */
final class ViewStore {
  private static final String COLUMNS =
      "id, tenant, status, usage_type, created_at, updated_at,"
          + " expires_at, next_attempt_at, current_connector, provider_message_id, last_error_code,"
          + " last_error_message, maybe_duplicate";

  private final Database db;

  ViewStore(Database db) {
    this.db = db;
  }

  Optional<MessageView> find(String tenant, String id) {
    List<MessageView> found =
        query(
            "SELECT " + COLUMNS + " FROM messages WHERE tenant = ? AND id = ?",
            List.of(tenant, id));
    return found.stream().findFirst();
  }

  List<MessageView> list(String tenant, MessageStatus status, UsageType type, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM messages WHERE tenant = ?");
    List<String> params = new ArrayList<>(List.of(tenant));
    if (status != null) {
      sql.append(" AND status = ?");
      params.add(status.name());
    }
    if (type != null) {
      sql.append(" AND usage_type = ?");
      params.add(type.wireName());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(Math.max(1, limit));
    return query(sql.toString(), params);
  }

  private List<MessageView> query(String sql, List<String> params) {
    // one snapshot for both statements: under READ COMMITTED an outcome committed between them
    // showed a message still SENDING with its delivered attempt
    return db.read(
        c -> {
          List<Row> rows = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
              s.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                rows.add(Row.read(rs));
              }
            }
          }
          Map<String, List<AttemptView>> attempts = attempts(c, rows);
          List<MessageView> views = new ArrayList<>(rows.size());
          for (Row row : rows) {
            views.add(row.view(attempts.getOrDefault(row.id, List.of())));
          }
          return views;
        });
  }

  private static Map<String, List<AttemptView>> attempts(Connection c, List<Row> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return Collections.emptyMap();
    }
    String marks = "?" + ", ?".repeat(rows.size() - 1);
    Map<String, List<AttemptView>> byMessage = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT message_id, attempt_number, connector, node, started_at, finished_at, outcome,"
                + " error_code, error_message, provider_message_id, maybe_delivered FROM"
                + " message_attempts WHERE message_id IN ("
                + marks
                + ") ORDER BY message_id, attempt_number, id")) {
      for (int i = 0; i < rows.size(); i++) {
        s.setString(i + 1, rows.get(i).id);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          byMessage
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(
                  new AttemptView(
                      rs.getInt(2),
                      rs.getString(3),
                      rs.getString(4),
                      SqlTime.get(rs, 5),
                      SqlTime.get(rs, 6),
                      AttemptView.Outcome.valueOf(rs.getString(7)),
                      rs.getString(8),
                      rs.getString(9),
                      rs.getString(10),
                      rs.getBoolean(11)));
        }
      }
    }
    return byMessage;
  }

  private record Row(
      String id,
      String tenant,
      MessageStatus status,
      UsageType type,
      java.time.Instant created,
      java.time.Instant updated,
      java.time.Instant expires,
      java.time.Instant next,
      String connector,
      String providerId,
      String errorCode,
      String errorMessage,
      boolean maybeDuplicate) {
    static Row read(ResultSet rs) throws SQLException {
      return new Row(
          rs.getString("id"),
          rs.getString("tenant"),
          MessageStatus.valueOf(rs.getString("status")),
          UsageType.parse(rs.getString("usage_type")),
          SqlTime.get(rs, "created_at"),
          SqlTime.get(rs, "updated_at"),
          SqlTime.get(rs, "expires_at"),
          SqlTime.get(rs, "next_attempt_at"),
          rs.getString("current_connector"),
          rs.getString("provider_message_id"),
          rs.getString("last_error_code"),
          rs.getString("last_error_message"),
          rs.getBoolean("maybe_duplicate"));
    }

    MessageView view(List<AttemptView> attempts) {
      return new MessageView(
          id,
          tenant,
          status,
          type,
          created,
          updated,
          expires,
          status.isFinal() ? null : next,
          connector,
          providerId,
          errorCode,
          errorMessage,
          maybeDuplicate,
          attempts);
    }
  }
}
