package dev.authmail.runtime.stored;

import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.Queries;
import dev.authmail.runtime.storage.SqlTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code connectors} table: rows with their configuration as stored (JSON, secrets sealed).
 * Positions of a tenant's rows are kept dense (0, 1, 2…) by every change, inside the change's
 * transaction, with the tenant's rows locked so that two nodes reordering at once serialize.
 *
 * <p>Thread-safe.
 */
public final class ConnectorStore {
  private static final String COLUMNS =
      "id, tenant, factory_id, config, position, enabled, created_at, updated_at";

  /** A row as stored; {@code configJson} has its secrets sealed. */
  record Row(
      String id,
      String tenant,
      String factoryId,
      String configJson,
      int position,
      boolean enabled,
      Instant createdAt,
      Instant updatedAt) {
    Row {
      Objects.requireNonNull(id, "id is null");
      Objects.requireNonNull(tenant, "tenant is null");
      Objects.requireNonNull(factoryId, "factoryId is null");
      Objects.requireNonNull(configJson, "configJson is null");
    }

    Row withPosition(int newPosition) {
      return new Row(id, tenant, factoryId, configJson, newPosition, enabled, createdAt, updatedAt);
    }
  }

  private final Database db;

  public ConnectorStore(Database db) {
    this.db = Objects.requireNonNull(db, "db is null");
  }

  /** The tenant's connectors in chain order. */
  List<Row> list(String tenant) {
    return db.transaction(
        c ->
            query(
                c,
                "SELECT " + COLUMNS + " FROM connectors WHERE tenant = ? ORDER BY position, id",
                tenant));
  }

  /** Every tenant's connectors, by tenant then chain order. */
  List<Row> all() {
    return db.transaction(
        c -> query(c, "SELECT " + COLUMNS + " FROM connectors ORDER BY tenant, position, id"));
  }

  Optional<Row> find(String tenant, String id) {
    return db
        .transaction(
            c ->
                query(
                    c,
                    "SELECT " + COLUMNS + " FROM connectors WHERE tenant = ? AND id = ?",
                    tenant,
                    id))
        .stream()
        .findFirst();
  }

  /**
   * Inserts {@code row} at {@code position} of the tenant's chain (at the end when {@code null} or
   * beyond it); the rows behind it move down.
   */
  Row insert(Row row, Integer position) {
    return db.transaction(
        c -> {
          List<Row> chain = lockChain(c, row.tenant());
          int at = position == null ? chain.size() : Math.max(0, Math.min(position, chain.size()));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO connectors (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, row.id());
            ps.setString(2, row.tenant());
            ps.setString(3, row.factoryId());
            ps.setString(4, row.configJson());
            ps.setInt(5, at);
            ps.setBoolean(6, row.enabled());
            SqlTime.set(ps, 7, row.createdAt());
            SqlTime.set(ps, 8, row.updatedAt());
            ps.executeUpdate();
          }
          List<String> order = new ArrayList<>(chain.stream().map(Row::id).toList());
          order.add(at, row.id());
          renumber(c, row.tenant(), order, row.updatedAt());
          return row.withPosition(at);
        });
  }

  /**
   * Writes the row's configuration and enabled flag and, when {@code position} is not null, moves
   * it there. Empty when the row is gone.
   */
  Optional<Row> update(Row row, Integer position) {
    return db.transaction(
        c -> {
          List<Row> chain = lockChain(c, row.tenant());
          if (chain.stream().noneMatch(r -> r.id().equals(row.id()))) {
            return Optional.<Row>empty();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE connectors SET config = ?, enabled = ?, updated_at = ? WHERE tenant = ?"
                      + " AND id = ?")) {
            ps.setString(1, row.configJson());
            ps.setBoolean(2, row.enabled());
            SqlTime.set(ps, 3, row.updatedAt());
            ps.setString(4, row.tenant());
            ps.setString(5, row.id());
            ps.executeUpdate();
          }
          if (position != null) {
            List<String> order = new ArrayList<>(chain.stream().map(Row::id).toList());
            order.remove(row.id());
            order.add(Math.max(0, Math.min(position, order.size())), row.id());
            renumber(c, row.tenant(), order, row.updatedAt());
          }
          return query(
                  c,
                  "SELECT " + COLUMNS + " FROM connectors WHERE tenant = ? AND id = ?",
                  row.tenant(),
                  row.id())
              .stream()
              .findFirst();
        });
  }

  /** Deletes the row; the rows behind it move up. */
  boolean delete(String tenant, String id, Instant now) {
    return db.transaction(
        c -> {
          List<Row> chain = lockChain(c, tenant);
          if (chain.stream().noneMatch(r -> r.id().equals(id))) {
            return false;
          }
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM connectors WHERE tenant = ? AND id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            ps.executeUpdate();
          }
          renumber(c, tenant, chain.stream().map(Row::id).filter(i -> !i.equals(id)).toList(), now);
          return true;
        });
  }

  /**
   * Puts the tenant's chain in the order of {@code ids}, which must name each of its connectors
   * exactly once.
   *
   * @throws IllegalArgumentException naming what is missing or unknown
   */
  List<Row> reorder(String tenant, List<String> ids, Instant now) {
    return db.transaction(
        c -> {
          List<String> current = lockChain(c, tenant).stream().map(Row::id).toList();
          List<String> unknown = ids.stream().filter(id -> !current.contains(id)).toList();
          List<String> missing = current.stream().filter(id -> !ids.contains(id)).toList();
          if (!unknown.isEmpty() || !missing.isEmpty() || ids.size() != current.size()) {
            throw new IllegalArgumentException(
                "ids must list each of the tenant's connectors exactly once"
                    + (unknown.isEmpty() ? "" : "; unknown: " + String.join(", ", unknown))
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                    + (unknown.isEmpty() && missing.isEmpty() ? "; an id is repeated" : ""));
          }
          renumber(c, tenant, ids, now);
          return query(
              c,
              "SELECT " + COLUMNS + " FROM connectors WHERE tenant = ? ORDER BY position, id",
              tenant);
        });
  }

  private List<Row> lockChain(Connection c, String tenant) throws SQLException {
    return query(
        c,
        "SELECT "
            + COLUMNS
            + " FROM connectors WHERE tenant = ? ORDER BY position, id"
            + db.dialect().forUpdate(),
        tenant);
  }

  /** Sets positions 0..n-1 in {@code order}; a row whose position changes counts as updated. */
  private static void renumber(Connection c, String tenant, List<String> order, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE connectors SET position = ?, updated_at = ? WHERE tenant = ? AND id = ? AND"
                + " position <> ?")) {
      for (int i = 0; i < order.size(); i++) {
        ps.setInt(1, i);
        SqlTime.set(ps, 2, now);
        ps.setString(3, tenant);
        ps.setString(4, order.get(i));
        ps.setInt(5, i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static List<Row> query(Connection c, String sql, String... params) throws SQLException {
    return Queries.query(
        c,
        sql,
        rs ->
            new Row(
                rs.getString("id"),
                rs.getString("tenant"),
                rs.getString("factory_id"),
                rs.getString("config"),
                rs.getInt("position"),
                rs.getBoolean("enabled"),
                SqlTime.get(rs, "created_at"),
                SqlTime.get(rs, "updated_at")),
        params);
  }
}
