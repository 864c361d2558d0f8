package dev.authmail.connector.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON-shaped map against a {@link ConfigSpec}, collecting every problem and building the
 * coerced value with defaults. Not part of the SPI; use {@link ConfigSpec#check} and {@link
 * ConfigSpec#bind}. Not thread-safe; one instance per check.
 */
final class ConfigChecker {
  private final List<ConfigProblem> problems = new ArrayList<>();

  /** The outcome: problems (empty when valid) and the coerced value. */
  record Result(List<ConfigProblem> problems, Map<String, Object> value) {}

  Result check(ConfigSpec spec, Map<String, ?> raw, String path) {
    Map<String, Object> value = object(spec, raw == null ? Map.of() : raw, path);
    return new Result(List.copyOf(problems), value);
  }

  private Map<String, Object> object(ConfigSpec spec, Map<String, ?> raw, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : raw.entrySet()) {
      String name = String.valueOf(entry.getKey());
      if (spec.key(name).isEmpty()) {
        if (spec.openKeys()) {
          out.put(name, entry.getValue());
        } else {
          problems.add(new ConfigProblem(join(path, name), unknownKey(spec, name)));
        }
      }
    }
    for (ConfigKey key : spec.keys()) {
      String keyPath = join(path, key.name());
      Object value = raw.get(key.name());
      if (value == null) {
        if (key.required()) {
          problems.add(new ConfigProblem(keyPath, "is required" + hint(key)));
        } else if (key.defaultValue() != null) {
          out.put(key.name(), key.defaultValue());
        }
        continue;
      }
      Object coerced = value(key, key.type(), key.fields(), value, keyPath);
      if (coerced != null) {
        out.put(key.name(), coerced);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private Object value(
      ConfigKey key, ConfigKey.Type type, ConfigSpec fields, Object value, String path) {
    switch (type) {
      case STRING:
        {
          if (value instanceof Map || value instanceof List) {
            return wrongType(key, type, value, path);
          }
          String s = value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
          if (!key.allowed().isEmpty() && !key.allowed().contains(s)) {
            problems.add(
                new ConfigProblem(
                    path,
                    "expected one of "
                        + String.join(", ", key.allowed())
                        + ", got "
                        + shown(key, value)));
            return null;
          }
          if (key.min() != null && s.length() < key.min()) {
            problems.add(
                new ConfigProblem(
                    path,
                    key.min() == 1
                        ? "must not be empty"
                        : "must be at least " + key.min() + " characters long"));
            return null;
          }
          if (key.max() != null && s.length() > key.max()) {
            problems.add(
                new ConfigProblem(
                    path, "must be at most " + key.max() + " characters long, got " + s.length()));
            return null;
          }
          return s;
        }
      case INTEGER:
        {
          Long n = toLong(value);
          if (n == null
              || (key.min() != null && n < key.min())
              || (key.max() != null && n > key.max())) {
            problems.add(
                new ConfigProblem(
                    path, "expected " + numberRange(key) + ", got " + shown(key, value)));
            return null;
          }
          return n;
        }
      case BOOLEAN:
        {
          if (value instanceof Boolean) {
            return value;
          }
          if (value instanceof String s
              && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
          }
          return wrongType(key, type, value, path);
        }
      case OBJECT:
        {
          if (!(value instanceof Map<?, ?> map)) {
            return wrongType(key, type, value, path);
          }
          return fields == null ? copyMap(map) : object(fields, stringKeys(map), path);
        }
      case LIST:
        {
          if (value instanceof Map<?, ?> single && fields != null) {
            // one object where a list of objects is declared is that list of one: `dkim: {…}` and
            // `dkim: [{…}, {…}]`
            value = List.of(single);
          }
          if (!(value instanceof List<?> list)) {
            return wrongType(key, type, value, path);
          }
          List<Object> out = new ArrayList<>(list.size());
          for (int i = 0; i < list.size(); i++) {
            Object item = value(key, key.itemType(), fields, list.get(i), path + "[" + i + "]");
            out.add(item);
          }
          return Collections.unmodifiableList(out);
        }
      default:
        return value;
    }
  }

  private Object wrongType(ConfigKey key, ConfigKey.Type type, Object value, String path) {
    problems.add(
        new ConfigProblem(path, "expected " + type.description() + ", got " + shown(key, value)));
    return null;
  }

  private static String numberRange(ConfigKey key) {
    if (key.min() != null && key.max() != null) {
      return "a number from " + key.min() + " to " + key.max();
    }
    if (key.min() != null) {
      return "a number of at least " + key.min();
    }
    if (key.max() != null) {
      return "a number of at most " + key.max();
    }
    return "a whole number";
  }

  private static Long toLong(Object value) {
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    try {
      if (value instanceof Number n) {
        return new BigDecimal(n.toString()).longValueExact();
      }
      if (value instanceof String s) {
        return new BigDecimal(s.trim()).longValueExact();
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  /**
   * How a bad value is shown: quoted text, a number as is, a kind for others, nothing for secrets.
   */
  private static String shown(ConfigKey key, Object value) {
    if (key.secret()) {
      return "a value that is not shown (secret)";
    }
    if (value instanceof String s) {
      String cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
      return '"' + cut.replaceAll("\\p{Cntrl}", "?") + '"';
    }
    if (value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "a list";
    }
    return "a " + value.getClass().getSimpleName();
  }

  private static String hint(ConfigKey key) {
    return key.description() == null ? "" : " (" + key.description() + ")";
  }

  private static String unknownKey(ConfigSpec spec, String name) {
    List<String> names = spec.keys().stream().map(ConfigKey::name).toList();
    String close = closest(name, names);
    String message = "unknown key";
    if (close != null) {
      message += "; did you mean " + close + "?";
    }
    return message
        + (names.isEmpty()
            ? "; this block takes no keys"
            : " (valid keys: " + String.join(", ", names) + ")");
  }

  private static String closest(String name, List<String> names) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : names) {
      int d = distance(name.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return bestDistance <= Math.max(1, name.length() / 3) ? best : null;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  private static int distance(String a, String b) {
    int[] before = new int[b.length() + 1];
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          cur[j] =
              Math.min(
                  cur[j], before[j - 2] + 1); // a transposition ("prot" for "port") is one typo
        }
      }
      int[] t = before;
      before = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static Map<String, Object> copyMap(Map<?, ?> map) {
    return Collections.unmodifiableMap(stringKeys(map));
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** A copy of {@code raw} with the values of secret keys replaced by {@link ConfigSpec#MASK}. */
  static Map<String, Object> mask(ConfigSpec spec, Map<String, ?> raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    raw.forEach(
        (name, value) -> {
          ConfigKey key = spec.key(name).orElse(null);
          if (key == null || value == null) {
            out.put(name, value);
          } else if (key.secret()) {
            out.put(name, ConfigSpec.MASK);
          } else if (key.fields() != null && value instanceof Map<?, ?> map) {
            out.put(name, mask(key.fields(), stringKeys(map)));
          } else if (key.fields() != null && value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            for (Object item : list) {
              items.add(item instanceof Map<?, ?> m ? mask(key.fields(), stringKeys(m)) : item);
            }
            out.put(name, items);
          } else {
            out.put(name, value);
          }
        });
    return out;
  }
}
