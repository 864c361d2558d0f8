package dev.authmail.runtime.stored;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.SendResult;
import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.Bodies;
import dev.authmail.runtime.api.InvalidInput;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tenant's stored connectors ({@code /api/connectors}) and Logto's connector test ({@code POST
 * /api/connectors/{factoryId}/test}). Admin scope: a connector reaches the network with the
 * operator's policy, so only the admin key manages them (for any tenant, chosen with the {@code
 * Authmail-Tenant} header or {@code ?tenant=}).
 */
public final class ConnectorRoutes implements RouteGroup {
  private static final Set<String> PATCHABLE = Set.of("config", "enabled", "position");

  /** Fields a client may send back unchanged with a PATCH (the console sends the whole object). */
  private static final Set<String> READ_ONLY =
      Set.of("id", "tenant", "factoryId", "createdAt", "updatedAt");

  private final StoredConnectors connectors;
  private final ConnectorTests tests;

  public ConnectorRoutes(StoredConnectors connectors, ConnectorTests tests) {
    this.connectors = Objects.requireNonNull(connectors, "connectors is null");
    this.tests = Objects.requireNonNull(tests, "tests is null");
  }

  @Override
  public void register(ApiRouter router) {
    router.schema(
        "Connector",
        Schemas.object(
            "id",
            Schemas.string(),
            "tenant",
            Schemas.string(),
            "factoryId",
            Schemas.string(),
            "config",
            Schemas.anyObject(),
            "position",
            Schemas.integer(),
            "enabled",
            Schemas.bool(),
            "createdAt",
            Schemas.dateTime(),
            "updatedAt",
            Schemas.dateTime()));
    String configProblems =
        "Invalid configuration: connector.invalid_config with one detail per key path";
    router
        .get("/api/connectors", Scope.ADMIN, this::list)
        .tag("connectors")
        .summary("The tenant's stored connectors in chain order (0 = primary); secrets masked")
        .response(200, "The connectors", Schemas.arrayOf(Schemas.ref("Connector")));
    router
        .post("/api/connectors", Scope.ADMIN, Bodies.guarded(this::create))
        .tag("connectors")
        .summary("Stores a connector after checking its configuration (spec and create())")
        .description(
            "Stored connectors of a tenant, when at least one is enabled, replace the configuration"
                + " file's chain for that tenant. Secrets are encrypted at rest (AES-256-GCM).")
        .request(
            Schemas.object(
                "factoryId",
                Schemas.string("a factory id or alias"),
                "connectorId?",
                Schemas.string("Logto's name for factoryId; either may be sent"),
                "config",
                Schemas.anyObject(),
                "position?",
                Schemas.integer(),
                "enabled?",
                Schemas.bool()))
        .response(201, "The stored connector", Schemas.ref("Connector"))
        .response(400, configProblems, Schemas.error());
    router
        .put("/api/connectors/order", Scope.ADMIN, Bodies.guarded(this::reorder))
        .tag("connectors")
        .summary("Reorders the chain: ids lists every stored connector of the tenant once")
        .request(Schemas.object("ids", Schemas.arrayOf(Schemas.string())))
        .response(
            200, "The connectors in their new order", Schemas.arrayOf(Schemas.ref("Connector")))
        .response(400, "ids does not list each connector exactly once", Schemas.error());
    router
        .get("/api/connectors/{id}", Scope.ADMIN, this::get)
        .tag("connectors")
        .summary("One stored connector; secrets masked")
        .response(200, "The connector", Schemas.ref("Connector"))
        .response(404, "No such connector", Schemas.error());
    router
        .patch("/api/connectors/{id}", Scope.ADMIN, Bodies.guarded(this::update))
        .tag("connectors")
        .summary(
            "Changes config (checked again; a secret sent back as ****** is kept),"
                + " enabled or position")
        .description(
            "A secret sent back as ****** keeps the stored value only while every destination key"
                + " of the factory's configSpec (host, port, endpoint, region, TLS trust…) keeps"
                + " its stored value; a config that changes one is refused (400"
                + " connector.invalid_config, one detail per masked secret) until each secret is"
                + " entered again, so a stored secret is never sent to a server its owner did not"
                + " choose.")
        .request(
            Schemas.object(
                "config?",
                Schemas.anyObject(),
                "enabled?",
                Schemas.bool(),
                "position?",
                Schemas.integer()))
        .response(200, "The changed connector", Schemas.ref("Connector"))
        .response(400, configProblems, Schemas.error())
        .response(404, "No such connector", Schemas.error());
    router
        .delete("/api/connectors/{id}", Scope.ADMIN, this::delete)
        .tag("connectors")
        .summary("Deletes a stored connector")
        .response(204, "Deleted")
        .response(404, "No such connector", Schemas.error());
    router
        .post("/api/connectors/{factoryId}/test", Scope.ADMIN, Bodies.guarded(this::test))
        .tag("connectors")
        .summary("Sends a Generic email with code 000000 through an unsaved configuration")
        .description(
            "The connector is built and sends exactly as in production (the tenant's context and"
                + " stored templates). With connectorId, secrets sent as ****** are taken from that"
                + " stored connector, unless the config changes one of its destination keys (host,"
                + " endpoint, region…): then 400 connector.invalid_config, one detail per masked"
                + " secret, and nothing is sent.")
        .request(
            Schemas.object(
                "email",
                Schemas.string(),
                "config",
                Schemas.anyObject(),
                "locale?",
                Schemas.string(),
                "connectorId?",
                Schemas.string()))
        .response(
            200,
            "Sent",
            Schemas.object("ok", Schemas.bool(), "providerMessageId?", Schemas.string()))
        .response(
            400,
            "Invalid configuration, or the send failed (code connector.<code>, errorCode, message)",
            Schemas.error())
        .response(429, "The provider's rate or usage limit", Schemas.error());
  }

  private void list(ApiContext ctx) {
    ctx.json(connectors.list(ctx.tenant()));
  }

  private void get(ApiContext ctx) {
    ctx.json(connectors.get(ctx.tenant(), ctx.pathParam("id")).orElseThrow(() -> notFound(ctx)));
  }

  private void create(ApiContext ctx) {
    Map<String, Object> body = Bodies.map(ctx);
    String factoryId = Bodies.string(body, "factoryId");
    String connectorId = Bodies.string(body, "connectorId"); // Logto's name for the factory id
    if (factoryId != null && connectorId != null && !factoryId.equals(connectorId)) {
      throw new InvalidInput(
          "connectorId",
          "names another factory than factoryId (\"" + factoryId + "\"); send one of them");
    }
    factoryId = factoryId != null ? factoryId : connectorId;
    if (factoryId == null) {
      throw new InvalidInput(
          "factoryId",
          "is required (or Logto's connectorId): a connector factory id such as "
              + "simple-mail-transfer-protocol");
    }
    Map<String, Object> config = Bodies.object(body, "config");
    Integer position = Bodies.integer(body, "position", 0, 1000);
    Boolean enabled = Bodies.bool(body, "enabled");
    StoredConnectors.View view =
        connectors.create(
            ctx.tenant(),
            factoryId,
            config == null ? Map.of() : config,
            position,
            enabled == null || enabled);
    ctx.http().header("Location", "/api/connectors/" + view.id());
    ctx.json(201, view);
  }

  private void update(ApiContext ctx) {
    Map<String, Object> body = Bodies.map(ctx);
    String id = ctx.pathParam("id");
    StoredConnectors.View current =
        connectors.get(ctx.tenant(), id).orElseThrow(() -> notFound(ctx));
    List<dev.authmail.connector.api.ConfigProblem> problems = new ArrayList<>();
    for (String key : body.keySet()) {
      if (!PATCHABLE.contains(key) && !READ_ONLY.contains(key)) {
        problems.add(
            new dev.authmail.connector.api.ConfigProblem(
                key, "cannot be changed; send config, enabled or position"));
      }
    }
    Object factoryId = body.get("factoryId");
    if (factoryId != null && !factoryId.equals(current.factoryId())) {
      problems.add(
          new dev.authmail.connector.api.ConfigProblem(
              "factoryId", "cannot be changed; create a new connector with the other factory"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    StoredConnectors.Patch patch =
        new StoredConnectors.Patch(
            Bodies.object(body, "config"),
            Bodies.bool(body, "enabled"),
            Bodies.integer(body, "position", 0, 1000));
    ctx.json(connectors.update(ctx.tenant(), id, patch).orElseThrow(() -> notFound(ctx)));
  }

  private void delete(ApiContext ctx) {
    if (!connectors.delete(ctx.tenant(), ctx.pathParam("id"))) {
      throw notFound(ctx);
    }
    ctx.noContent();
  }

  private void reorder(ApiContext ctx) {
    Map<String, Object> body = Bodies.map(ctx);
    Object ids = body.get("ids");
    if (!(ids instanceof List<?> list) || list.stream().anyMatch(i -> !(i instanceof String))) {
      throw new InvalidInput(
          "ids", "is required: the ids of the tenant's connectors, primary first");
    }
    try {
      ctx.json(connectors.reorder(ctx.tenant(), list.stream().map(String.class::cast).toList()));
    } catch (IllegalArgumentException e) {
      throw new InvalidInput("ids", e.getMessage());
    }
  }

  private void test(ApiContext ctx) {
    Map<String, Object> body = Bodies.map(ctx);
    Map<String, Object> config = Bodies.object(body, "config");
    String email = Bodies.string(body, "email");
    String locale = Bodies.string(body, "locale");
    String connectorId = Bodies.string(body, "connectorId");
    SendResult result;
    try {
      result =
          tests.send(ctx.tenant(), ctx.pathParam("factoryId"), config, email, locale, connectorId);
    } catch (ConnectorException e) {
      if (!e.problems().isEmpty()) {
        throw e; // the configuration itself: 400 connector.invalid_config with details
      }
      Map<String, Object> failed = new LinkedHashMap<>();
      failed.put("ok", false);
      failed.put("code", "connector." + e.code().wireCode());
      failed.put("errorCode", e.code().name());
      failed.put("retryable", e.retryable());
      failed.put("message", e.getMessage() == null ? e.code().name() : e.getMessage());
      e.retryAfter()
          .ifPresent(
              d -> ctx.http().header("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
      ctx.json(e.code().httpStatus(), failed);
      return;
    }
    Map<String, Object> ok = new LinkedHashMap<>();
    ok.put("ok", true);
    ok.put("providerMessageId", result.providerMessageId());
    ctx.json(ok);
  }

  private static RuntimeException notFound(ApiContext ctx) {
    return ApiErrors.notFound("The tenant has no connector with this id.");
  }
}
