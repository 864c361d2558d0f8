package dev.authmail.runtime.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.SqlTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CaptureInbox} in the database (table {@code captured_emails}), so that every node of a
 * cluster on PostgreSQL delivers into, and reads, one inbox. Ids sort by time like {@code
 * FileCaptureInbox}'s ({@code 20261126101500123-4f9a2c}); the email is stored as JSON and committed
 * before {@link #deliver} returns.
 *
 * <p>Thread-safe.
 */
public final class DatabaseCaptureInbox implements CaptureInbox {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseCaptureInbox.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Database db;
  private final EmailAddress defaultSender;
  private final Clock clock;
  private final InboxIds ids = new InboxIds();

  /**
   * @param defaultSender recorded when an email has no sender (the platform sender); may be null
   */
  public DatabaseCaptureInbox(Database db, EmailAddress defaultSender, Clock clock) {
    this.db = Objects.requireNonNull(db, "db is null");
    this.defaultSender = defaultSender;
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  @Override
  public SendResult deliver(RenderedEmail email) {
    Instant now = clock.instant();
    String id = ids.next(now);
    Map<String, Object> json = CapturedEmail.of(id, now, email, defaultSender).toJson();
    try {
      String body = JSON.writeValueAsString(json);
      db.transaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO captured_emails (id, received_at, recipient, message_id, email)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
              ps.setString(1, id);
              SqlTime.set(ps, 2, now);
              ps.setString(3, normalize(email.to().value()));
              ps.setString(4, email.messageId().orElse(null));
              ps.setString(5, body);
              return ps.executeUpdate();
            }
          });
    } catch (JsonProcessingException | RuntimeException e) {
      throw new ConnectorException(
          ErrorCode.UNAVAILABLE,
          "the capture inbox cannot store the email: " + e.getClass().getSimpleName(),
          e);
    }
    LOG.info("captured message {} as inbox email {}", email.messageId().orElse("(no id)"), id);
    return new SendResult(id, now);
  }

  @Override
  public List<CapturedEmail> list(int limit) {
    return query(null, limit);
  }

  /** By the recipient column's index. */
  @Override
  public List<CapturedEmail> list(String recipient, int limit) {
    return query(recipient == null ? null : normalize(recipient), limit);
  }

  @Override
  public Optional<CapturedEmail> get(String id) {
    if (id == null) {
      return Optional.empty();
    }
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, received_at, message_id, email FROM captured_emails WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<CapturedEmail>empty();
            }
          }
        });
  }

  private List<CapturedEmail> query(String recipient, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    String sql =
        "SELECT id, received_at, message_id, email FROM captured_emails"
            + (recipient == null ? "" : " WHERE recipient = ?")
            + " ORDER BY id DESC LIMIT "
            + limit;
    return db.transaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (recipient != null) {
              ps.setString(1, recipient);
            }
            try (ResultSet rs = ps.executeQuery()) {
              List<CapturedEmail> out = new ArrayList<>();
              while (rs.next()) {
                out.add(read(rs));
              }
              return out;
            }
          }
        });
  }

  private static CapturedEmail read(ResultSet rs) throws java.sql.SQLException {
    Map<String, Object> json;
    try {
      json = JSON.readValue(rs.getString("email"), MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("captured email " + rs.getString("id") + " is not JSON");
    }
    // the columns are the truth for what they hold (rows written before the JSON carried them too)
    json.put("id", rs.getString("id"));
    json.put("receivedAt", SqlTime.get(rs, "received_at").toString());
    json.put("messageId", rs.getString("message_id"));
    return CapturedEmail.fromJson(json);
  }

  private static String normalize(String address) {
    return address.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "DatabaseCaptureInbox";
  }
}
