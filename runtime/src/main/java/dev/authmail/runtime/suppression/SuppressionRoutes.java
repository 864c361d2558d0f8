package dev.authmail.runtime.suppression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code /api/suppressions}: a tenant reads, adds to and removes from its suppression list. */
public final class SuppressionRoutes implements RouteGroup {
  public static final int DEFAULT_LIMIT = 100;
  private static final String[] REASONS =
      Arrays.stream(Reason.values()).map(Reason::wireName).toArray(String[]::new);

  private final SuppressionList list;

  public SuppressionRoutes(SuppressionList list) {
    this.list = Objects.requireNonNull(list, "list is null");
  }

  @Override
  public void register(ApiRouter router) {
    router.schema(
        "Suppression",
        Schemas.object(
            "address",
            Schemas.string("The normalized address: local part lower-cased, domain in ASCII"),
            "reason",
            Schemas.enumOf(REASONS),
            "blocks",
            Schemas.bool(),
            "source",
            Schemas.string("manual, or <provider>:<connector> for a provider event, e.g. ses:aws"),
            "firstSeen",
            Schemas.dateTime(),
            "lastSeen",
            Schemas.dateTime(),
            "count",
            Schemas.integer()));
    router
        .get("/api/suppressions", Scope.TENANT, this::list)
        .tag("suppressions")
        .summary("The tenant's suppression list, most recently seen first")
        .query("reason", "Only this reason", Schemas.enumOf(REASONS))
        .query(
            "limit",
            "At most this many (1 to "
                + SuppressionList.MAX_LIMIT
                + ", default "
                + DEFAULT_LIMIT
                + ")",
            Schemas.integer())
        .response(200, "The entries", Schemas.arrayOf(Schemas.ref("Suppression")))
        .response(400, "A bad reason or limit", Schemas.error());
    router
        .get("/api/suppressions/{address}", Scope.TENANT, this::find)
        .tag("suppressions")
        .summary("One address's entry (the address URL-encoded)")
        .response(200, "The entry", Schemas.ref("Suppression"))
        .response(400, "Not an email address", Schemas.error())
        .response(404, "The address is not on the list", Schemas.error());
    router
        .post("/api/suppressions", Scope.TENANT, this::add)
        .tag("suppressions")
        .summary("Add an address (or count one more event for it)")
        .request(Schemas.object("address", Schemas.string(), "reason?", Schemas.enumOf(REASONS)))
        .response(201, "Added", Schemas.ref("Suppression"))
        .response(
            200,
            "It was on the list; its count and last time are raised",
            Schemas.ref("Suppression"))
        .response(400, "A bad address or reason", Schemas.error());
    router
        .delete("/api/suppressions/{address}", Scope.TENANT, this::remove)
        .tag("suppressions")
        .summary("Remove an address: sends to it are accepted again")
        .response(204, "Removed")
        .response(400, "Not an email address", Schemas.error())
        .response(404, "The address is not on the list", Schemas.error());
  }

  private void list(ApiContext ctx) {
    Reason reason = null;
    if (ctx.queryParam("reason") != null) {
      reason =
          Reason.parse(ctx.queryParam("reason"))
              .orElseThrow(
                  () -> ApiErrors.guard("reason", "must be one of " + String.join(", ", REASONS)));
    }
    int limit = DEFAULT_LIMIT;
    if (ctx.queryParam("limit") != null) {
      try {
        limit = Integer.parseInt(ctx.queryParam("limit").trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > SuppressionList.MAX_LIMIT) {
        throw ApiErrors.guard(
            "limit", "must be a whole number from 1 to " + SuppressionList.MAX_LIMIT);
      }
    }
    ctx.json(list.list(ctx.tenant(), reason, limit).stream().map(SuppressionRoutes::view).toList());
  }

  private void find(ApiContext ctx) {
    EmailAddress address = address("address", ctx.pathParam("address"));
    ctx.json(view(list.find(ctx.tenant(), address).orElseThrow(() -> notListed())));
  }

  private void add(ApiContext ctx) {
    ObjectNode body = ctx.bodyObject();
    JsonNode addressNode = body.get("address");
    if (addressNode == null || !addressNode.isTextual()) {
      throw ApiErrors.guard("address", "required: the email address to suppress, as a string");
    }
    EmailAddress address = address("address", addressNode.asText());
    Reason reason = Reason.MANUAL;
    JsonNode reasonNode = body.get("reason");
    if (reasonNode != null && !reasonNode.isNull()) {
      reason =
          Reason.parse(reasonNode.isTextual() ? reasonNode.asText() : null)
              .orElseThrow(
                  () -> ApiErrors.guard("reason", "must be one of " + String.join(", ", REASONS)));
    }
    Suppression row = list.record(ctx.tenant(), address, reason, "manual", null).orElseThrow();
    ctx.json(row.count() == 1 ? 201 : 200, view(row));
  }

  private void remove(ApiContext ctx) {
    EmailAddress address = address("address", ctx.pathParam("address"));
    if (!list.remove(ctx.tenant(), address)) {
      throw notListed();
    }
    ctx.noContent();
  }

  private static EmailAddress address(String path, String value) {
    try {
      return EmailAddress.parse(value);
    } catch (IllegalArgumentException e) {
      throw ApiErrors.guard(path, e.getMessage());
    }
  }

  private static RuntimeException notListed() {
    return ApiErrors.notFound("That address is not on this tenant's suppression list.");
  }

  static Map<String, Object> view(Suppression s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("address", s.address());
    out.put("reason", s.reason().wireName());
    out.put("blocks", s.blocks());
    out.put("source", s.source());
    out.put("firstSeen", s.firstSeen());
    out.put("lastSeen", s.lastSeen());
    out.put("count", s.count());
    return out;
  }
}
