package dev.authmail.runtime.config;

import dev.authmail.connector.api.ConfigProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} references in every string of a parsed
 * configuration with values from the environment, so that secrets stay out of the file. A reference
 * may be the whole value ({@code "${SMTP_PASS}"}) or part of it ({@code "Bearer ${TOKEN}"}); {@code
 * $${NAME}} stands for the literal text {@code ${NAME}}. Keys are never substituted. A variable
 * that is not set (and has no default) is a problem at the value's key path naming the variable;
 * the value itself is never shown.
 *
 * <p>Stateless apart from the environment map; thread-safe.
 */
public final class EnvReferences {
  /** {@code $${…}} (escaped) or {@code ${NAME}} / {@code ${NAME:-default}}. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> env;

  public EnvReferences(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env is null"));
  }

  /** The outcome: the tree with references replaced, problems, and the key paths that used any. */
  public record Result(Object value, List<ConfigProblem> problems, Set<String> referencedPaths) {}

  /** Resolves every reference in a JSON-shaped tree (maps, lists, strings, numbers, booleans). */
  public Result resolve(Object tree) {
    List<ConfigProblem> problems = new ArrayList<>();
    Set<String> referenced = new LinkedHashSet<>();
    Object value = walk(tree, "", problems, referenced);
    return new Result(value, List.copyOf(problems), Collections.unmodifiableSet(referenced));
  }

  private Object walk(
      Object node, String path, List<ConfigProblem> problems, Set<String> referenced) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            out.put(key, walk(v, path.isEmpty() ? key : path + "." + key, problems, referenced));
          });
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(walk(list.get(i), path + "[" + i + "]", problems, referenced));
      }
      return out;
    }
    if (node instanceof String s && s.contains("${")) {
      return substitute(s, path, problems, referenced);
    }
    return node;
  }

  private String substitute(
      String text, String path, List<ConfigProblem> problems, Set<String> referenced) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      last = m.end();
      if (m.group().equals("$${")) {
        out.append("${");
        continue;
      }
      String body = m.group(1);
      int dash = body.indexOf(":-");
      String name = dash >= 0 ? body.substring(0, dash) : body;
      String fallback = dash >= 0 ? body.substring(dash + 2) : null;
      if (!NAME.matcher(name).matches()) {
        problems.add(
            new ConfigProblem(
                path,
                "\"${"
                    + shown(name)
                    + "}\" is not a valid environment variable reference; use ${NAME} or"
                    + " ${NAME:-default} with letters, digits and _ (write $${ for a literal ${)"));
        continue;
      }
      referenced.add(path);
      String value = env.get(name);
      if (value == null || (value.isEmpty() && fallback != null)) {
        if (fallback == null) {
          problems.add(
              new ConfigProblem(
                  path,
                  "refers to the environment variable "
                      + name
                      + ", which is not set; set it, or write ${"
                      + name
                      + ":-default} to give a default"));
          continue;
        }
        value = fallback;
      }
      out.append(value);
    }
    out.append(text, last, text.length());
    return out.toString();
  }

  private static String shown(String name) {
    String cut = name.length() > 40 ? name.substring(0, 40) + "…" : name;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
