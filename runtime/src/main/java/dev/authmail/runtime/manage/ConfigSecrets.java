package dev.authmail.runtime.manage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secret values of a connector configuration, found through the factory's {@link ConfigSpec}
 * (nested objects and lists of objects included): sealed before a configuration is stored, opened
 * when it is loaded, and restored when a client sends back the mask it was shown. Keys the spec
 * does not declare are left as they are. Stateless and thread-safe.
 */
final class ConfigSecrets {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigSecrets() {}

  /** What to do with one secret value: {@code previous} is the value at the same path, or null. */
  private interface SecretOp {
    Object apply(String path, Object value, Object previous);
  }

  /** A copy of {@code raw} with every secret value sealed (as JSON text, so any type survives). */
  static Map<String, Object> seal(ConfigSpec spec, Map<String, ?> raw, SecretBox box) {
    return walk(spec, raw, null, "", (path, value, previous) -> {
      try {
        return value == null || SecretBox.isSealed(value) ? value : box.seal(JSON.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(path + ": a secret value is not JSON-shaped");
      }
    });
  }

  /** A copy of a stored configuration with every sealed value opened. */
  static Map<String, Object> open(ConfigSpec spec, Map<String, ?> stored, SecretBox box) {
    return walk(spec, stored, null, "", (path, value, previous) -> {
      if (!SecretBox.isSealed(value)) {
        return value;
      }
      try {
        return JSON.readValue(box.open((String) value), Object.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(path + ": a stored secret is damaged");
      }
    });
  }

  /**
   * A copy of {@code raw} in which each secret that is exactly {@link ConfigSpec#MASK} takes the
   * value at the same path of {@code previous} (the stored configuration): a client may send a
   * form back with the masks it was shown and keep the secrets. A mask with nothing stored behind
   * it is a problem named by its path.
   */
  static Map<String, Object> unmask(ConfigSpec spec, Map<String, ?> raw, Map<String, ?> previous,
      List<ConfigProblem> problems) {
    return walk(spec, raw, previous, "", (path, value, old) -> {
      if (!ConfigSpec.MASK.equals(value)) {
        return value;
      }
      if (old == null) {
        problems.add(new ConfigProblem(path, "is the mask " + ConfigSpec.MASK
            + " but no secret is stored here; enter the value"));
        return value;
      }
      return old;
    });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> walk(ConfigSpec spec, Map<String, ?> map, Map<String, ?> previous,
      String prefix, SecretOp op) {
    Map<String, Object> out = new LinkedHashMap<>(map);
    for (ConfigKey key : spec.keys()) {
      if (!map.containsKey(key.name())) {
        continue;
      }
      String path = prefix.isEmpty() ? key.name() : prefix + "." + key.name();
      Object value = map.get(key.name());
      Object old = previous == null ? null : previous.get(key.name());
      if (key.secret()) {
        out.put(key.name(), op.apply(path, value, old));
      } else if (key.fields() != null && key.type() == ConfigKey.Type.OBJECT && value instanceof Map<?, ?> nested) {
        out.put(key.name(), walk(key.fields(), (Map<String, ?>) nested,
            old instanceof Map<?, ?> o ? (Map<String, ?>) o : null, path, op));
      } else if (key.fields() != null && key.type() == ConfigKey.Type.LIST && value instanceof List<?> list) {
        List<?> oldList = old instanceof List<?> l ? l : List.of();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          Object item = list.get(i);
          Object oldItem = i < oldList.size() ? oldList.get(i) : null;
          items.add(item instanceof Map<?, ?> m
              ? walk(key.fields(), (Map<String, ?>) m, oldItem instanceof Map<?, ?> o ? (Map<String, ?>) o : null,
                  path + "[" + i + "]", op)
              : item);
        }
        out.put(key.name(), items);
      }
    }
    return out;
  }
}
