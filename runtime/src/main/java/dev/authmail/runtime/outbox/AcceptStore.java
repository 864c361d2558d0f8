package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.storage.Dialect;
import dev.authmail.runtime.storage.SqlTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SQL of accepting messages: idempotency, rate limits, supersede, insert. A batch of accepts
 * runs in the caller's transaction; the caller commits before anyone is told "accepted".
 */
final class AcceptStore {
  /** A command with everything computed outside the transaction. */
  record Pending(
      NewMessage command, String id, String requestHash, String recipientKey, String payloadJson) {
    String bucket() {
      return recipientKey.substring(0, 3);
    }

    /**
     * The message as stored by an accept at {@code acceptedAt}, taken by {@code node} in the same
     * transaction under a lease until {@code leaseUntil}.
     */
    Claimed claimedBy(String node, Instant acceptedAt, Instant leaseUntil) {
      return new Claimed(
          id,
          command.tenant(),
          command.to().value(),
          command.type(),
          payloadJson,
          command.ip(),
          0,
          0,
          0,
          SqlTime.truncate(acceptedAt),
          SqlTime.truncate(acceptedAt.plus(command.ttl())),
          false,
          node,
          leaseUntil);
    }
  }

  static final String SUPERSEDED = "SUPERSEDED";
  private static final String TENANT_BUCKET = "*";

  private final Dialect dialect;
  private final OutboxConfig config;

  AcceptStore(Dialect dialect, OutboxConfig config) {
    this.dialect = dialect;
    this.config = config;
  }

  /**
   * What a round takes of its own fresh accepts: the first {@code lease} stored ones are inserted
   * already leased to {@code node} until {@code leaseUntil} (status SENDING), the first {@code
   * start} of those with their send start recorded too. One INSERT per message instead of an INSERT
   * and two UPDATEs of the same row and its indexes.
   */
  record Take(String node, Instant leaseUntil, int lease, int start) {
    static final Take NONE = new Take(null, null, 0, 0);
  }

  /** What an accepted message became in its round. */
  enum Stored {
    /** Not stored: a replay, a limit, a conflict. */
    NOT,
    QUEUED,
    LEASED,
    /** Leased, its send start recorded. */
    STARTED
  }

  /** A batch's results, in order, and what each stored message became. */
  record Batch(List<AcceptResult> results, Stored[] stored) {}

  /**
   * Decides and writes every pending accept, in order, in the connection's open transaction. Later
   * commands see the rows of earlier ones (same transaction), so a batch behaves like the same
   * accepts made one after another.
   *
   * @param lockRows whether to lock the {@code rate_limit_locks} rows of the batch's recipients
   *     (several processes share the database); {@code false} only when the caller serializes every
   *     accept on the database itself (an embedded database: one process, one lock)
   */
  List<AcceptResult> accept(Connection c, List<Pending> batch, Instant now, boolean lockRows)
      throws SQLException {
    return accept(c, batch, now, lockRows, Take.NONE).results();
  }

  /**
   * {@link #accept(Connection, List, Instant, boolean)}, inserting the first fresh messages leased
   * (and started) as {@code take} says. A message that a later accept of the same batch may
   * supersede is stored QUEUED: the later accept cancels only QUEUED rows, as it would have before.
   */
  Batch accept(Connection c, List<Pending> batch, Instant now, boolean lockRows, Take take)
      throws SQLException {
    if (lockRows) {
      lockScopes(c, batch);
    }
    Set<Integer> mayBeSuperseded = take.lease() > 0 ? supersedableWithin(batch) : Set.of();
    List<AcceptResult> results = new ArrayList<>(batch.size());
    Stored[] stored = new Stored[batch.size()];
    int leased = 0;
    int started = 0;
    for (int i = 0; i < batch.size(); i++) {
      Stored as = Stored.QUEUED;
      if (leased < take.lease() && !mayBeSuperseded.contains(i)) {
        as = started < take.start() ? Stored.STARTED : Stored.LEASED;
      }
      AcceptResult result = acceptOne(c, batch.get(i), now, as, take);
      results.add(result);
      if (result instanceof AcceptResult.Accepted a && !a.replayed()) {
        stored[i] = as;
        leased += as == Stored.QUEUED ? 0 : 1;
        started += as == Stored.STARTED ? 1 : 0;
      } else {
        stored[i] = Stored.NOT;
      }
    }
    return new Batch(results, stored);
  }

  /**
   * Locks the rows that serialize limits and supersede, in one global order (tenant, bucket) so
   * that two nodes locking overlapping sets cannot deadlock.
   */
  private void lockScopes(Connection c, List<Pending> batch) throws SQLException {
    TreeSet<String> scopes = new TreeSet<>();
    for (Pending p : batch) {
      // the owner: the per-recipient limit counts a tenant's and its service tenant's messages
      // together
      scopes.add(TenantScope.owner(p.command().tenant()) + '\u0000' + p.bucket());
      if (config.tenantLimit() > 0) {
        scopes.add(p.command().tenant() + '\u0000' + TENANT_BUCKET);
      }
    }
    try (PreparedStatement insert =
            c.prepareStatement(dialect.insertIfAbsent("rate_limit_locks", "tenant, bucket"));
        PreparedStatement lock =
            c.prepareStatement(
                "SELECT bucket FROM rate_limit_locks WHERE tenant = ? AND bucket = ?"
                    + dialect.forUpdate())) {
      for (String scope : scopes) {
        int split = scope.indexOf('\u0000');
        insert.setString(1, scope.substring(0, split));
        insert.setString(2, scope.substring(split + 1));
        insert.executeUpdate();
        lock.setString(1, scope.substring(0, split));
        lock.setString(2, scope.substring(split + 1));
        try (ResultSet rs = lock.executeQuery()) {
          rs.next();
        }
      }
    }
  }

  private AcceptResult acceptOne(Connection c, Pending p, Instant now, Stored as, Take take)
      throws SQLException {
    NewMessage command = p.command();
    if (command.idempotencyKey() != null) {
      AcceptResult earlier =
          findByIdempotencyKey(c, command.tenant(), command.idempotencyKey(), p.requestHash());
      if (earlier != null) {
        return earlier;
      }
    }
    List<String> counted = TenantScope.counted(command.tenant());
    if (config.recipientLimit() > 0) {
      Instant blocking =
          nthNewest(
              c,
              "SELECT created_at FROM messages WHERE tenant IN (?, ?) AND recipient_key = ?"
                  + " AND created_at > ? AND status <> 'FAILED' ORDER BY created_at DESC",
              config.recipientLimit(),
              now.minus(config.recipientWindow()),
              counted.get(0),
              counted.get(1),
              p.recipientKey());
      if (blocking != null) {
        return limited(blocking, config.recipientWindow(), now, AcceptResult.RateLimited.RECIPIENT);
      }
    }
    if (config.typeLimit() > 0) {
      Instant blocking =
          nthNewest(
              c,
              "SELECT created_at FROM messages WHERE tenant IN (?, ?) AND recipient_key = ? AND"
                  + " usage_type = ? AND created_at > ? AND status <> 'FAILED' ORDER BY created_at"
                  + " DESC",
              config.typeLimit(),
              now.minus(config.typeWindow()),
              counted.get(0),
              counted.get(1),
              p.recipientKey(),
              command.type().wireName());
      if (blocking != null) {
        return limited(blocking, config.typeWindow(), now, AcceptResult.RateLimited.RECIPIENT);
      }
    }
    if (config.tenantLimit() > 0) {
      Instant blocking =
          nthNewest(
              c,
              "SELECT created_at FROM messages WHERE tenant = ? AND created_at > ?"
                  + " AND status <> 'FAILED' ORDER BY created_at DESC",
              config.tenantLimit(),
              now.minus(config.tenantWindow()),
              command.tenant());
      if (blocking != null) {
        return limited(blocking, config.tenantWindow(), now, AcceptResult.RateLimited.TENANT);
      }
    }
    if (supersedes(command.type())) {
      cancelQueued(c, p, now);
    }
    insert(c, p, now, as, take);
    return new AcceptResult.Accepted(p.id(), false);
  }

  /**
   * The indexes of the accepts of a batch that a later accept of the same batch cancelled
   * (supersede: a newer message for the same tenant, recipient and usage type). They were inserted
   * QUEUED and are CANCELLED when the batch ends, so they must not be handed to a sender.
   */
  static Set<Integer> supersededWithin(List<Pending> batch, List<AcceptResult> results) {
    Set<Integer> superseded = new HashSet<>();
    Set<String> newer = new HashSet<>();
    for (int i = batch.size() - 1; i >= 0; i--) {
      NewMessage command = batch.get(i).command();
      if (results.get(i) instanceof AcceptResult.Accepted a
          && !a.replayed()
          && supersedes(command.type())) {
        String key =
            command.tenant()
                + '\u0000'
                + batch.get(i).recipientKey()
                + '\u0000'
                + command.type().wireName();
        if (!newer.add(key)) {
          superseded.add(i);
        }
      }
    }
    return superseded;
  }

  /**
   * The indexes of the accepts of a batch that a later accept of the same batch would supersede if
   * it is accepted (decided before any is written: the later one may still be refused).
   */
  private static Set<Integer> supersedableWithin(List<Pending> batch) {
    Set<Integer> found = new HashSet<>();
    Set<String> later = new HashSet<>();
    for (int i = batch.size() - 1; i >= 0; i--) {
      NewMessage command = batch.get(i).command();
      if (supersedes(command.type())
          && !later.add(
              command.tenant()
                  + '\u0000'
                  + batch.get(i).recipientKey()
                  + '\u0000'
                  + command.type().wireName())) {
        found.add(i);
      }
    }
    return found;
  }

  /** Invitations are not codes: a second organization's invitation must not cancel the first. */
  static boolean supersedes(UsageType type) {
    return type != UsageType.OrganizationInvitation;
  }

  private static AcceptResult findByIdempotencyKey(
      Connection c, String tenant, String key, String hash) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, request_hash FROM messages WHERE tenant = ? AND idempotency_key = ?")) {
      s.setString(1, tenant);
      s.setString(2, key);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        String id = rs.getString(1);
        return hash.equals(rs.getString(2))
            ? new AcceptResult.Accepted(id, true)
            : new AcceptResult.IdempotencyConflict(id);
      }
    }
  }

  /**
   * The creation time of the {@code limit}-th newest counted message in the window, or {@code null}
   * when fewer than {@code limit} are counted. When present, the limit is reached, and a new
   * message can be accepted once that one leaves the window.
   */
  private static Instant nthNewest(
      Connection c, String select, int limit, Instant windowStart, String... keys)
      throws SQLException {
    String sql = select + " LIMIT 1 OFFSET " + (limit - 1);
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      for (String key : keys) {
        s.setString(i++, key);
      }
      SqlTime.set(s, i, windowStart);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? SqlTime.get(rs, 1) : null;
      }
    }
  }

  private static AcceptResult limited(
      Instant blocking, Duration window, Instant now, String scope) {
    Duration wait = Duration.between(now, blocking.plus(window));
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000); // Retry-After is whole seconds
    return new AcceptResult.RateLimited(Duration.ofSeconds(seconds), scope);
  }

  private static void cancelQueued(Connection c, Pending p, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE messages SET status = 'CANCELLED', updated_at = ?, last_error_code = ?,"
                + " last_error_message = ? WHERE tenant = ? AND recipient_key = ? AND usage_type ="
                + " ? AND status = 'QUEUED'")) {
      SqlTime.set(s, 1, now);
      s.setString(2, SUPERSEDED);
      s.setString(3, "superseded by " + p.id());
      s.setString(4, p.command().tenant());
      s.setString(5, p.recipientKey());
      s.setString(6, p.command().type().wireName());
      s.executeUpdate();
    }
  }

  /**
   * Inserts the message QUEUED (due now), or already leased to {@code take.node()} (SENDING, due
   * again when the lease runs out) and, when {@code as} is STARTED, with its send start recorded:
   * the same row a QUEUED insert, {@link WorkStore#lease} and {@link WorkStore#markStarted} leave.
   */
  private static void insert(Connection c, Pending p, Instant now, Stored as, Take take)
      throws SQLException {
    NewMessage command = p.command();
    boolean leased = as != Stored.QUEUED;
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO messages (id, tenant, idempotency_key, request_hash, recipient,"
                + " recipient_key, usage_type, payload, ip, status, next_attempt_at, expires_at,"
                + " created_at, updated_at, lease_owner, lease_until, send_started_at) VALUES (?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, p.id());
      s.setString(2, command.tenant());
      s.setString(3, command.idempotencyKey());
      s.setString(4, p.requestHash());
      s.setString(5, command.to().value());
      s.setString(6, p.recipientKey());
      s.setString(7, command.type().wireName());
      s.setString(8, p.payloadJson());
      s.setString(9, command.ip());
      s.setString(10, leased ? "SENDING" : "QUEUED");
      SqlTime.set(s, 11, leased ? take.leaseUntil() : now);
      SqlTime.set(s, 12, now.plus(command.ttl()));
      SqlTime.set(s, 13, now);
      SqlTime.set(s, 14, now);
      s.setString(15, leased ? take.node() : null);
      SqlTime.set(s, 16, leased ? take.leaseUntil() : null);
      SqlTime.set(s, 17, as == Stored.STARTED ? now : null);
      s.executeUpdate();
    }
  }
}
