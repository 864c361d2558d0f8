package dev.authmail.runtime.registry;

import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/connector-factories[/{id}]}: the factories on the class path, each as {@link
 * FactoryJson} describes it (Logto's shape plus {@code aliases}, {@code configSpec} with each key's
 * {@code secret} and {@code destination} flags, and {@code openKeys}).
 */
public final class FactoryRoutes implements RouteGroup {
  private final ConnectorRegistry registry;

  public FactoryRoutes(ConnectorRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry is null");
  }

  @Override
  public void register(ApiRouter router) {
    router.schema(
        "ConfigKey",
        Schemas.object(
            "key",
            Schemas.string(),
            "type",
            Schemas.enumOf("string", "integer", "boolean", "object", "list", "any"),
            "required",
            Schemas.bool(),
            "secret",
            Schemas.bool(),
            "destination",
            Map.of(
                "type",
                "boolean",
                "description",
                "The value says where the connector's secrets are sent (host, port, endpoint,"
                    + " region, TLS trust): changing it requires every secret to be entered again"
                    + " instead of sending back ******"),
            "default?",
            Map.of("description", "the default value, any JSON type; null when none"),
            "description?",
            Schemas.string(),
            "min?",
            Schemas.integer(),
            "max?",
            Schemas.integer(),
            "allowed?",
            Schemas.arrayOf(Schemas.string()),
            "itemType?",
            Schemas.enumOf("string", "integer", "boolean", "object", "list", "any"),
            "fields?",
            Schemas.arrayOf(Schemas.ref("ConfigKey"))));
    router.schema(
        "ConnectorFactory",
        Schemas.object(
            "id",
            Schemas.string(),
            "target",
            Schemas.string(),
            "type",
            Schemas.enumOf("Email"),
            "name",
            Schemas.anyObject(),
            "description",
            Schemas.anyObject(),
            "logo?",
            Schemas.string(),
            "logoDark?",
            Schemas.string(),
            "readme?",
            Schemas.string(),
            "aliases",
            Schemas.arrayOf(Schemas.string()),
            "formItems",
            Schemas.arrayOf(Schemas.anyObject()),
            "configSpec",
            Schemas.arrayOf(Schemas.ref("ConfigKey")),
            "openKeys",
            Schemas.bool()));
    router
        .get("/api/connector-factories", Scope.TENANT, this::list)
        .tag("connectors")
        .summary("The connector factories found on the class path")
        .response(200, "The factories, by id", Schemas.arrayOf(Schemas.ref("ConnectorFactory")));
    router
        .get("/api/connector-factories/{id}", Scope.TENANT, this::get)
        .tag("connectors")
        .summary("One connector factory, by id or alias (smtp, ses…)")
        .response(200, "The factory", Schemas.ref("ConnectorFactory"))
        .response(404, "No factory has this id", Schemas.error());
  }

  private void list(ApiContext ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ConnectorFactory factory : registry.factories()) {
      out.add(FactoryJson.of(factory, registry.aliases(factory)));
    }
    ctx.json(out);
  }

  private void get(ApiContext ctx) {
    String id = ctx.pathParam("id");
    ConnectorFactory factory;
    try {
      factory = registry.find(id).orElseThrow(() -> ApiErrors.notFound(registry.unknown(id)));
    } catch (RegistryException e) {
      throw ApiErrors.of(409, "connector.factory_conflict", e.getMessage());
    }
    ctx.json(FactoryJson.of(factory, registry.aliases(factory)));
  }
}
