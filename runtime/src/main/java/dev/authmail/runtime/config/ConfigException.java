package dev.authmail.runtime.config;

import dev.authmail.connector.api.ConfigProblem;
import java.util.List;

/**
 * A configuration that cannot be used, with every problem found, each with its key path ({@code
 * connectors.primary.config.port: expected a number from 1 to 65535, got "abc"}). The messages
 * never contain a secret value.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<ConfigProblem> problems;

  public ConfigException(String source, List<ConfigProblem> problems) {
    super(message(source, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems is empty");
    }
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** Where the configuration came from: a file name, or {@code (embedded defaults)}. */
  public String source() {
    return source;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String message(String source, List<ConfigProblem> problems) {
    StringBuilder out =
        new StringBuilder(source)
            .append(" has ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem:" : " problems:");
    for (ConfigProblem problem : problems) {
      out.append("\n  ").append(problem);
    }
    return out.toString();
  }
}
