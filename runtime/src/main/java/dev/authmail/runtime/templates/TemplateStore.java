package dev.authmail.runtime.templates;

import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.Dialect;
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
 * The {@code email_templates} table (Logto's), unique on (tenant, language tag, type). Thread-safe.
 */
public final class TemplateStore {
  private static final String COLUMNS =
      "id, tenant, language_tag, template_type, details, created_at, updated_at";

  /** A row; {@code detailsJson} is the details object as JSON. */
  record Row(
      String id,
      String tenant,
      String languageTag,
      String templateType,
      String detailsJson,
      Instant createdAt,
      Instant updatedAt) {
    Row {
      Objects.requireNonNull(id, "id is null");
    }
  }

  private final Database db;

  public TemplateStore(Database db) {
    this.db = Objects.requireNonNull(db, "db is null");
  }

  /**
   * Inserts or replaces the details of each (tenant, tag, type), in one transaction. The rows' ids
   * are used only for rows that are inserted; an existing row keeps its id.
   */
  List<Row> upsert(List<Row> rows) {
    try {
      return db.transaction(c -> upsertIn(c, rows));
    } catch (RuntimeException e) {
      // Two requests inserting the same new (tag, type) at once: the loser sees the winner's row
      // now.
      if (e.getCause() instanceof SQLException sql && Dialect.isUniqueViolation(sql)) {
        return db.transaction(c -> upsertIn(c, rows));
      }
      throw e;
    }
  }

  private List<Row> upsertIn(Connection c, List<Row> rows) throws SQLException {
    List<Row> out = new ArrayList<>();
    for (Row row : rows) {
      Optional<Row> existing =
          query(
                  c,
                  "SELECT "
                      + COLUMNS
                      + " FROM email_templates"
                      + " WHERE tenant = ? AND language_tag = ? AND template_type = ?"
                      + db.dialect().forUpdate(),
                  row.tenant(),
                  row.languageTag(),
                  row.templateType())
              .stream()
              .findFirst();
      if (existing.isPresent()) {
        Row e = existing.get();
        update(c, e.tenant(), e.id(), row.detailsJson(), row.updatedAt());
        out.add(
            new Row(
                e.id(),
                e.tenant(),
                e.languageTag(),
                e.templateType(),
                row.detailsJson(),
                e.createdAt(),
                row.updatedAt()));
      } else {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO email_templates (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, row.id());
          ps.setString(2, row.tenant());
          ps.setString(3, row.languageTag());
          ps.setString(4, row.templateType());
          ps.setString(5, row.detailsJson());
          SqlTime.set(ps, 6, row.createdAt());
          SqlTime.set(ps, 7, row.updatedAt());
          ps.executeUpdate();
        }
        out.add(row);
      }
    }
    return out;
  }

  /** The tenant's templates, optionally only of one language tag and/or type, by tag then type. */
  List<Row> list(String tenant, String languageTag, String templateType) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM email_templates WHERE tenant = ?");
    List<String> params = new ArrayList<>(List.of(tenant));
    filters(sql, params, languageTag, templateType);
    sql.append(" ORDER BY language_tag, template_type");
    return db.transaction(c -> query(c, sql.toString(), params.toArray(String[]::new)));
  }

  Optional<Row> find(String tenant, String id) {
    return db
        .transaction(
            c ->
                query(
                    c,
                    "SELECT " + COLUMNS + " FROM email_templates WHERE tenant = ? AND id = ?",
                    tenant,
                    id))
        .stream()
        .findFirst();
  }

  /** Replaces the details; empty when the template is gone. */
  Optional<Row> replaceDetails(String tenant, String id, String detailsJson, Instant now) {
    return db.transaction(
        c -> {
          if (update(c, tenant, id, detailsJson, now) == 0) {
            return Optional.<Row>empty();
          }
          return query(
                  c,
                  "SELECT " + COLUMNS + " FROM email_templates WHERE tenant = ? AND id = ?",
                  tenant,
                  id)
              .stream()
              .findFirst();
        });
  }

  boolean delete(String tenant, String id) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM email_templates WHERE tenant = ? AND id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  /**
   * Deletes the tenant's templates matching the filters (at least one is required by the caller).
   */
  int deleteWhere(String tenant, String languageTag, String templateType) {
    StringBuilder sql = new StringBuilder("DELETE FROM email_templates WHERE tenant = ?");
    List<String> params = new ArrayList<>(List.of(tenant));
    filters(sql, params, languageTag, templateType);
    return db.transaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
              ps.setString(i + 1, params.get(i));
            }
            return ps.executeUpdate();
          }
        });
  }

  private static void filters(
      StringBuilder sql, List<String> params, String languageTag, String templateType) {
    if (languageTag != null) {
      sql.append(" AND language_tag = ?");
      params.add(languageTag);
    }
    if (templateType != null) {
      sql.append(" AND template_type = ?");
      params.add(templateType);
    }
  }

  private static int update(Connection c, String tenant, String id, String detailsJson, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE email_templates SET details = ?, updated_at = ? WHERE tenant = ? AND id = ?")) {
      ps.setString(1, detailsJson);
      SqlTime.set(ps, 2, now);
      ps.setString(3, tenant);
      ps.setString(4, id);
      return ps.executeUpdate();
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
                rs.getString("language_tag"),
                rs.getString("template_type"),
                rs.getString("details"),
                SqlTime.get(rs, "created_at"),
                SqlTime.get(rs, "updated_at")),
        params);
  }
}
