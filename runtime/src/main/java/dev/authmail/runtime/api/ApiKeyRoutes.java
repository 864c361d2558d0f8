package dev.authmail.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code /api/keys}: the admin makes, lists and revokes tenant keys. */
public final class ApiKeyRoutes implements RouteGroup {
  private final ApiKeys keys;

  public ApiKeyRoutes(ApiKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys is null");
  }

  @Override
  public void register(ApiRouter router) {
    router.schema(
        "ApiKey",
        Schemas.object(
            "id",
            Schemas.string(),
            "scope",
            Schemas.enumOf("ADMIN", "TENANT"),
            "tenant?",
            Schemas.string(),
            "prefix",
            Schemas.string("The key's first characters, to recognise it"),
            "label?",
            Schemas.string(),
            "createdAt",
            Schemas.dateTime(),
            "revokedAt?",
            Schemas.dateTime()));
    router
        .post("/api/keys", Scope.ADMIN, this::create)
        .tag("keys")
        .summary("Make an API key for a tenant; the key is in this answer only")
        .request(Schemas.object("tenant", Schemas.string(), "label?", Schemas.string()))
        .response(
            201,
            "The key, shown this once",
            Schemas.object(
                "id",
                Schemas.string(),
                "tenant",
                Schemas.string(),
                "prefix",
                Schemas.string(),
                "label?",
                Schemas.string(),
                "createdAt",
                Schemas.dateTime(),
                "key",
                Schemas.string()));
    router
        .get("/api/keys", Scope.ADMIN, this::list)
        .tag("keys")
        .summary("List API keys (never the keys themselves)")
        .query("tenant", "Only this tenant's keys")
        .response(200, "The keys, newest first", Schemas.arrayOf(Schemas.ref("ApiKey")));
    router
        .delete("/api/keys/{id}", Scope.ADMIN, this::revoke)
        .tag("keys")
        .summary("Revoke a tenant key")
        .response(204, "Revoked")
        .response(404, "No such key", Schemas.error());
  }

  private void create(ApiContext ctx) {
    ObjectNode body = ctx.bodyObject();
    JsonNode tenant = body.get("tenant");
    if (tenant == null
        || !tenant.isTextual()
        || !ApiContext.TENANT_NAME.matcher(tenant.asText()).matches()) {
      throw ApiErrors.guard(
          "tenant", "required: a tenant name of letters, digits, '.', '_' or '-' (at most 64)");
    }
    JsonNode label = body.get("label");
    if (label != null && !label.isNull() && (!label.isTextual() || label.asText().length() > 200)) {
      throw ApiErrors.guard("label", "must be a string of at most 200 characters");
    }
    ApiKeys.Created created =
        keys.createTenantKey(
            tenant.asText(), label == null || label.isNull() ? null : label.asText());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", created.view().id());
    out.put("tenant", created.view().tenant());
    out.put("prefix", created.view().prefix());
    out.put("label", created.view().label());
    out.put("createdAt", created.view().createdAt());
    out.put("key", created.key());
    ctx.http().header("Cache-Control", "no-store");
    ctx.json(201, out);
  }

  private void list(ApiContext ctx) {
    ctx.json(keys.list(ctx.queryParam("tenant")));
  }

  private void revoke(ApiContext ctx) {
    String id = ctx.pathParam("id");
    ApiKeys.KeyView key =
        keys.find(id).orElseThrow(() -> ApiErrors.notFound("No API key " + id + "."));
    if (key.scope() != Scope.TENANT) {
      throw ApiErrors.guard(
          "id",
          "the admin key cannot be revoked here; set " + ApiKeys.ENV_ADMIN_KEY + " to replace it");
    }
    keys.revoke(id);
    ctx.noContent();
  }
}
