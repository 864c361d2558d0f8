package dev.authmail.runtime.stored;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The secret values of a connector configuration, found through the factory's {@link ConfigSpec}
 * (nested objects and lists of objects included): sealed before a configuration is stored, opened
 * when it is loaded, and restored when a client sends back the mask it was shown, unless the
 * configuration now points elsewhere ({@link ConfigKey#destination()}): then each secret must be
 * entered again. Keys the spec does not declare are left as they are. Stateless and thread-safe.
 */
public final class ConfigSecrets {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigSecrets() {}

  /** What to do with one secret value: {@code previous} is the value at the same path, or null. */
  private interface SecretOp {
    Object apply(String path, Object value, Object previous);
  }

  /** A copy of {@code raw} with every secret value sealed (as JSON text, so any type survives). */
  static Map<String, Object> seal(ConfigSpec spec, Map<String, ?> raw, SecretBox box) {
    return walk(
        spec,
        raw,
        null,
        "",
        (path, value, previous) -> {
          try {
            return value == null || SecretBox.isSealed(value)
                ? value
                : box.seal(JSON.writeValueAsString(value));
          } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(path + ": a secret value is not JSON-shaped");
          }
        });
  }

  /** A copy of a stored configuration with every sealed value opened. */
  static Map<String, Object> open(ConfigSpec spec, Map<String, ?> stored, SecretBox box) {
    return walk(
        spec,
        stored,
        null,
        "",
        (path, value, previous) -> {
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
   * value at the same path of {@code previous} (the stored configuration): a client may send a form
   * back with the masks it was shown and keep the secrets. Two things are problems, named by their
   * paths:
   *
   * <ul>
   *   <li>a mask with nothing stored behind it;
   *   <li>a secret taken from {@code previous} while a {@linkplain ConfigKey#destination()
   *       destination} key (host, port, endpoint, region, TLS trust…) has another value than in
   *       {@code previous}: the stored secret would be sent to a server its owner never chose (by
   *       anyone holding an admin key), so each such secret must be entered again. A destination
   *       left out counts as its default. The problem names the secret and the changed keys, never
   *       a value.
   * </ul>
   *
   * This is the one place where a masked secret is resolved against a stored connector (a PATCH,
   * and a test send with {@code connectorId}). A secret left out of {@code raw} is not carried
   * over: a configuration replaces the stored one whole.
   */
  static Map<String, Object> unmask(
      ConfigSpec spec, Map<String, ?> raw, Map<String, ?> previous, List<ConfigProblem> problems) {
    List<String> carried = new ArrayList<>();
    Map<String, Object> out =
        walk(
            spec,
            raw,
            previous,
            "",
            (path, value, old) -> {
              int before = problems.size();
              boolean[] used = new boolean[1];
              Object resolved = resolveMasks(path, value, old, problems, used);
              if (used[0] && problems.size() == before) {
                carried.add(path);
              }
              return resolved;
            });
    if (!carried.isEmpty()) {
      List<String> changed = changedDestinations(spec, raw, previous);
      if (!changed.isEmpty()) {
        String keys =
            changed.size() == 1
                ? changed.get(0)
                : String.join(", ", changed.subList(0, changed.size() - 1))
                    + " and "
                    + changed.get(changed.size() - 1);
        for (String path : carried) {
          problems.add(
              new ConfigProblem(
                  path,
                  "changing "
                      + keys
                      + " sends the stored "
                      + path
                      + " to another server; enter "
                      + path
                      + " again (the mask "
                      + ConfigSpec.MASK
                      + " keeps a stored secret only while "
                      + keys
                      + (changed.size() == 1 ? " stays" : " stay")
                      + " as stored)"));
        }
      }
    }
    return out;
  }

  /**
   * {@code value} with every mask in it, at any depth of an object or list, replaced by the value
   * at the same place in {@code old}: a secret key may hold a whole object (an HTTP connector's
   * {@code headers}), and a form shows a mask for each of its values. A mask with nothing behind it
   * is a problem at its own path ({@code headers.X-Api-Key}), never sent on as the text {@value
   * ConfigSpec#MASK}.
   */
  private static Object resolveMasks(
      String path, Object value, Object old, List<ConfigProblem> problems, boolean[] used) {
    if (ConfigSpec.MASK.equals(value)) {
      if (old == null || ConfigSpec.MASK.equals(old)) {
        problems.add(
            new ConfigProblem(
                path,
                "is the mask "
                    + ConfigSpec.MASK
                    + " but no secret is stored here; enter the value"));
        return value;
      }
      used[0] = true;
      return old;
    }
    if (value instanceof Map<?, ?> map) {
      Map<?, ?> oldMap = old instanceof Map<?, ?> m ? m : Map.of();
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) ->
              out.put(
                  String.valueOf(k),
                  resolveMasks(path + "." + k, v, oldMap.get(k), problems, used)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<?> oldList = old instanceof List<?> l ? l : List.of();
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(
            resolveMasks(
                path + "[" + i + "]",
                list.get(i),
                i < oldList.size() ? oldList.get(i) : null,
                problems,
                used));
      }
      return out;
    }
    return value;
  }

  /**
   * The paths of the destination keys whose values differ between {@code raw} and {@code previous}
   * (a missing value counting as the key's default), in spec order.
   */
  static List<String> changedDestinations(
      ConfigSpec spec, Map<String, ?> raw, Map<String, ?> previous) {
    Map<String, Object> now = new LinkedHashMap<>();
    Map<String, Object> before = new LinkedHashMap<>();
    destinations(spec, raw, "", now);
    destinations(spec, previous, "", before);
    Set<String> paths = new LinkedHashSet<>(now.keySet());
    paths.addAll(before.keySet());
    List<String> changed = new ArrayList<>();
    for (String path : paths) {
      if (!Objects.equals(now.get(path), before.get(path))) {
        changed.add(path);
      }
    }
    return changed;
  }

  /** Collects path → normalized value of every destination key of {@code map} (nested ones too). */
  @SuppressWarnings("unchecked")
  private static void destinations(
      ConfigSpec spec, Map<String, ?> map, String prefix, Map<String, Object> out) {
    Map<String, ?> values = map == null ? Map.of() : map;
    for (ConfigKey key : spec.keys()) {
      String path = prefix.isEmpty() ? key.name() : prefix + "." + key.name();
      Object value = values.get(key.name());
      if (key.destination()) {
        out.put(path, comparable(value == null ? key.defaultValue() : value));
      }
      if (key.fields() != null
          && key.type() == ConfigKey.Type.OBJECT
          && value instanceof Map<?, ?> nested) {
        destinations(key.fields(), (Map<String, ?>) nested, path, out);
      } else if (key.fields() != null
          && key.type() == ConfigKey.Type.LIST
          && value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) instanceof Map<?, ?> item) {
            destinations(key.fields(), (Map<String, ?>) item, path + "[" + i + "]", out);
          }
        }
      }
    }
  }

  /**
   * A value in a form that compares as the spec's coercion would: numbers, booleans and text by
   * their text ({@code 587}, {@code 587.0} and {@code "587"} are one port), objects and lists
   * element by element. Anything else differs, so a doubtful change asks for the secrets again.
   */
  private static Object comparable(Object value) {
    if (value instanceof Number n) {
      try {
        return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
      } catch (NumberFormatException e) {
        return n.toString();
      }
    }
    if (value instanceof String text && text.strip().matches("-?\\d+(\\.\\d+)?")) {
      return new BigDecimal(text.strip()).stripTrailingZeros().toPlainString();
    }
    if (value instanceof Boolean || value instanceof String) {
      return value.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new HashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), comparable(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ConfigSecrets::comparable).toList();
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> walk(
      ConfigSpec spec, Map<String, ?> map, Map<String, ?> previous, String prefix, SecretOp op) {
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
      } else if (key.fields() != null
          && key.type() == ConfigKey.Type.OBJECT
          && value instanceof Map<?, ?> nested) {
        out.put(
            key.name(),
            walk(
                key.fields(),
                (Map<String, ?>) nested,
                old instanceof Map<?, ?> o ? (Map<String, ?>) o : null,
                path,
                op));
      } else if (key.fields() != null
          && key.type() == ConfigKey.Type.LIST
          && value instanceof List<?> list) {
        List<?> oldList = old instanceof List<?> l ? l : List.of();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          Object item = list.get(i);
          Object oldItem = i < oldList.size() ? oldList.get(i) : null;
          items.add(
              item instanceof Map<?, ?> m
                  ? walk(
                      key.fields(),
                      (Map<String, ?>) m,
                      oldItem instanceof Map<?, ?> o ? (Map<String, ?>) o : null,
                      path + "[" + i + "]",
                      op)
                  : item);
        }
        out.put(key.name(), items);
      }
    }
    return out;
  }
}
