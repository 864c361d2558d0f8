package dev.authmail.runtime.inbox;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.Dialect;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The platform transport out of the box: instead of sending, it keeps each email where a developer
 * can read it ({@code authmail inbox}, {@code GET /api/inbox}, the console). Two places, chosen by
 * the storage ({@link #forStorage}): files under {@code <data>/inbox} with the embedded SQLite (one
 * node, and readable while the node runs), the database's {@code captured_emails} table with
 * PostgreSQL (every node delivers into and reads one inbox).
 *
 * <p>Implementations must be safe for concurrent use.
 */
public interface CaptureInbox extends EmailTransport {
  /**
   * Stores the email durably before returning; the result's provider message id is its inbox id.
   * The HTML stored is {@link RenderedEmail#htmlForViewing()}: inline images (an uploaded logo,
   * sent by real transports as {@code cid:} parts) become data URIs in it, so every reader — the
   * CLI, the API, the console's browser — shows them without resolving {@code cid:}.
   *
   * @throws dev.authmail.connector.api.ConnectorException {@code UNAVAILABLE} when it cannot be
   *     stored
   */
  @Override
  SendResult deliver(RenderedEmail email);

  /** The newest {@code limit} emails, newest first. */
  List<CapturedEmail> list(int limit);

  /** The email with this inbox id. */
  Optional<CapturedEmail> get(String id);

  /** How many of the newest emails {@link #list(String, int)} looks through by default. */
  int RECIPIENT_SCAN = 2000;

  /**
   * The newest {@code limit} emails to {@code recipient} (case ignored), newest first. By default
   * among the newest {@value #RECIPIENT_SCAN} emails (a file inbox has no index by recipient).
   */
  default List<CapturedEmail> list(String recipient, int limit) {
    String wanted = recipient.trim().toLowerCase(Locale.ROOT);
    return list(RECIPIENT_SCAN).stream()
        .filter(e -> e.to().toLowerCase(Locale.ROOT).equals(wanted))
        .limit(limit)
        .toList();
  }

  /**
   * The inbox that goes with a storage: on PostgreSQL (which several nodes share) the database's;
   * on SQLite the files under {@code <dataDir>/inbox}, which {@code authmail inbox --data DIR}
   * reads while the node holds the database.
   *
   * @param defaultSender recorded when an email has no sender (the platform sender); may be null
   */
  static CaptureInbox forStorage(
      Database db, Path dataDir, EmailAddress defaultSender, Clock clock) {
    return inDatabase(db.dialect())
        ? new DatabaseCaptureInbox(db, defaultSender, clock)
        : new FileCaptureInbox(dataDir.resolve("inbox"), defaultSender, clock);
  }

  /**
   * Whether the inbox of a node on this database is in the database: yes for PostgreSQL. The CLI
   * asks before opening the database, since the embedded SQLite file is locked by a running node.
   */
  static boolean inDatabase(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL;
  }
}
