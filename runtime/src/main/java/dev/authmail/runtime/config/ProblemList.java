package dev.authmail.runtime.config;

import dev.authmail.connector.api.ConfigProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The problems of one configuration as they are found, put in file order at the end: each sorts by
 * the position of the nearest key of its path that exists in the file. A path whose {@code ${ENV}}
 * reference failed gets no second problem. Not thread-safe: one per check.
 */
final class ProblemList {
  private final Map<String, Integer> order = new HashMap<>();
  private final List<ConfigProblem> list = new ArrayList<>();
  private final Set<String> skipped = new LinkedHashSet<>();

  /**
   * @param root the file's tree, whose key paths give the order
   */
  ProblemList(Map<String, Object> root) {
    index(root, "");
  }

  private void index(Object node, String path) {
    order.putIfAbsent(path, order.size());
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> index(v, path.isEmpty() ? String.valueOf(k) : path + "." + k));
    } else if (node instanceof List<?> items) {
      for (int i = 0; i < items.size(); i++) {
        index(items.get(i), path + "[" + i + "]");
      }
    }
  }

  /** Problems under these paths, added later, are dropped: the reference's problem says it all. */
  void skipLater(List<ConfigProblem> envProblems) {
    envProblems.forEach(p -> skipped.add(p.path()));
  }

  void add(String path, String message) {
    list.add(new ConfigProblem(path, message));
  }

  void addAll(List<ConfigProblem> problems) {
    for (ConfigProblem problem : problems) {
      if (!list.contains(problem) && !skipped.contains(problem.path())) {
        list.add(problem);
      }
    }
  }

  /** Adds problems whose paths are relative to {@code prefix}. */
  void addAll(List<ConfigProblem> problems, String prefix) {
    addAll(problems.stream().map(p -> p.under(prefix)).toList());
  }

  /** Sorted by the position of the nearest key that exists in the file; ties keep their order. */
  List<ConfigProblem> sorted(Secrets secrets) {
    return sort(list, secrets);
  }

  /** {@code problems} in this file's order, secret values in their messages redacted. */
  List<ConfigProblem> sort(List<ConfigProblem> problems, Secrets secrets) {
    List<ConfigProblem> out = new ArrayList<>(problems);
    out.sort((a, b) -> Integer.compare(position(a.path()), position(b.path())));
    return out.stream().map(p -> new ConfigProblem(p.path(), secrets.redact(p.message()))).toList();
  }

  private int position(String path) {
    String p = path;
    while (true) {
      Integer at = order.get(p);
      if (at != null) {
        return at;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return order.getOrDefault("", 0);
      }
      p = p.substring(0, cut);
    }
  }
}
