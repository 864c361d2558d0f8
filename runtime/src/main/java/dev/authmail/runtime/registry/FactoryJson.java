package dev.authmail.runtime.registry;

import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.FormItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A connector factory as JSON-shaped maps, the one description that {@code GET
 * /api/connector-factories} answers and {@code authmail connectors --json} prints: Logto's shape
 * ({@code id, target, type, name, description, logo, logoDark, readme, formItems}) plus what a
 * console needs to build and check a form without guessing: {@code aliases}, {@code configSpec}
 * (each key's type, required, secret, destination, default, constraints, nested keys) and {@code
 * openKeys}. {@code formItems} keep Logto's shape exactly; what Logto's items lack is in {@code
 * configSpec}.
 */
public final class FactoryJson {
  private FactoryJson() {}

  /** The factory's description; {@code aliases} as {@link ConnectorRegistry#aliases} gives them. */
  public static Map<String, Object> of(ConnectorFactory factory, List<String> aliases) {
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
    out.put("formItems", m.formItems().stream().map(FactoryJson::formItem).toList());
    out.put("configSpec", configSpec(factory.configSpec()));
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
      out.put(
          "selectItems",
          item.selectItems().stream()
              .map(
                  s -> {
                    Map<String, Object> select = new LinkedHashMap<>();
                    select.put("value", s.value());
                    select.put("title", s.title());
                    return select;
                  })
              .toList());
    }
    if (!item.showConditions().isEmpty()) {
      out.put(
          "showConditions",
          item.showConditions().stream()
              .map(
                  c -> {
                    Map<String, Object> condition = new LinkedHashMap<>();
                    condition.put("targetKey", c.targetKey());
                    condition.put("expectValue", c.expectValue());
                    return condition;
                  })
              .toList());
    }
    out.put("description", item.description());
    out.put("tooltip", item.tooltip());
    out.put("isConfidential", item.confidential());
    return out;
  }

  private static List<Map<String, Object>> configSpec(ConfigSpec spec) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ConfigKey key : spec.keys()) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("key", key.name());
      k.put("type", key.type().name().toLowerCase(Locale.ROOT));
      k.put("required", key.required());
      k.put("secret", key.secret());
      k.put("destination", key.destination());
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
        k.put("fields", configSpec(key.fields()));
      }
      out.add(k);
    }
    return out;
  }
}
