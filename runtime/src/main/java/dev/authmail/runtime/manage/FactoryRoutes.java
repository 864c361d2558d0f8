package dev.authmail.runtime.manage;

import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.FormItem;
import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/connector-factories[/{id}]}: the factories on the class path in Logto's shape
 * ({@code id, target, type, name, description, logo, logoDark, readme, formItems}) plus what a
 * console needs to build and check a form without guessing: {@code aliases} and
 * {@code configSpec} (each key's type, required, secret, default, constraints, nested keys).
 */
final class FactoryRoutes implements RouteGroup {
  private final ConnectorRegistry registry;

  FactoryRoutes(ConnectorRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry is null");
  }

  @Override
  public void register(ApiRouter router) {
    router.schema("ConnectorFactory", Schemas.object(
        "id", Schemas.string(), "target", Schemas.string(), "type", Schemas.enumOf("Email"),
        "name", Schemas.anyObject(), "description", Schemas.anyObject(),
        "logo?", Schemas.string(), "logoDark?", Schemas.string(), "readme?", Schemas.string(),
        "aliases", Schemas.arrayOf(Schemas.string()),
        "formItems", Schemas.arrayOf(Schemas.anyObject()),
        "configSpec", Schemas.arrayOf(Schemas.anyObject())));
    router.get("/api/connector-factories", Scope.TENANT, this::list)
        .tag("connectors").summary("The connector factories found on the class path")
        .response(200, "The factories, by id", Schemas.arrayOf(Schemas.ref("ConnectorFactory")));
    router.get("/api/connector-factories/{id}", Scope.TENANT, this::get)
        .tag("connectors").summary("One connector factory, by id or alias (smtp, ses…)")
        .response(200, "The factory", Schemas.ref("ConnectorFactory"))
        .response(404, "No factory has this id", Schemas.error());
  }

  private void list(ApiContext ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ConnectorFactory factory : registry.factories()) {
      out.add(view(factory, registry.aliases(factory)));
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
    ctx.json(view(factory, registry.aliases(factory)));
  }

  static Map<String, Object> view(ConnectorFactory factory, List<String> aliases) {
    ConnectorMetadata m = factory.metadata();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id());
    out.put("target", m.target());
    out.put("type", "Email");
    out.put("name", m.name());
    out.put("description", m.description());
    out.put("logo", m.logo());
    out.put("logoDark", m.logoDark());
    out.put("readme", m.readme());
    out.put("aliases", aliases);
    out.put("formItems", m.formItems().stream().map(FactoryRoutes::formItem).toList());
    out.put("configSpec", spec(factory.configSpec()));
    out.put("openKeys", factory.configSpec().openKeys());
    return out;
  }

  private static Map<String, Object> formItem(FormItem item) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", item.key());
    out.put("label", item.label());
    out.put("type", item.type().name());
    out.put("placeholder", item.placeholder());
    out.put("required", item.required());
    out.put("defaultValue", item.defaultValue());
    if (!item.selectItems().isEmpty()) {
      out.put("selectItems", item.selectItems().stream().map(s -> {
        Map<String, Object> select = new LinkedHashMap<>();
        select.put("value", s.value());
        select.put("title", s.title());
        return select;
      }).toList());
    }
    if (!item.showConditions().isEmpty()) {
      out.put("showConditions", item.showConditions().stream().map(c -> {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("targetKey", c.targetKey());
        condition.put("expectValue", c.expectValue());
        return condition;
      }).toList());
    }
    out.put("description", item.description());
    out.put("tooltip", item.tooltip());
    out.put("isConfidential", item.confidential());
    return out;
  }

  private static List<Map<String, Object>> spec(ConfigSpec spec) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ConfigKey key : spec.keys()) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("key", key.name());
      k.put("type", key.type().name().toLowerCase(Locale.ROOT));
      k.put("required", key.required());
      k.put("secret", key.secret());
      k.put("default", key.defaultValue());
      k.put("description", key.description());
      if (key.min() != null) {
        k.put("min", key.min());
      }
      if (key.max() != null) {
        k.put("max", key.max());
      }
      if (!key.allowed().isEmpty()) {
        k.put("allowed", key.allowed());
      }
      if (key.itemType() != null) {
        k.put("itemType", key.itemType().name().toLowerCase(Locale.ROOT));
      }
      if (key.fields() != null) {
        k.put("fields", spec(key.fields()));
      }
      out.add(k);
    }
    return out;
  }
}
