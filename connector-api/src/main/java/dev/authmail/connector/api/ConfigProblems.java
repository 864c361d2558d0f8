package dev.authmail.connector.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Collects what is wrong with a config while a connector reads it, so that its {@code
 * from(ConnectorConfig)} reports every problem at once instead of the first:
 *
 * <pre>{@code
 * ConfigProblems problems = new ConfigProblems();
 * URI endpoint = problems.collect(
 *     () -> network.checkEndpoint(config.path("endpoint"), config.requireString("endpoint")));
 * List<EmailTemplate> templates =
 *     problems.collect(() -> ConfigTemplates.optional(config, "templates"));
 * if (timeout < 100) {
 *   problems.add(config.path("timeout"), "must be at least 100 milliseconds");
 * }
 * problems.throwIfAny();
 * }</pre>
 *
 * <p>Not thread-safe: one instance per reading.
 */
public final class ConfigProblems {
  private final List<ConfigProblem> problems = new ArrayList<>();

  /** An empty list of problems, for one reading of a config. */
  public ConfigProblems() {}

  /** Records a problem at {@code path} (use {@link ConnectorConfig#path} for the full path). */
  public ConfigProblems add(String path, String message) {
    problems.add(new ConfigProblem(path, message));
    return this;
  }

  public ConfigProblems add(ConfigProblem problem) {
    problems.add(Objects.requireNonNull(problem, "problem is null"));
    return this;
  }

  /**
   * Runs one step of reading and returns its result; when the step throws an {@link
   * ErrorCode#INVALID_CONFIG} {@link ConnectorException}, records its problems (its message, when
   * it lists none) and returns {@code null}, so reading goes on.
   *
   * @throws ConnectorException with any other code, unchanged
   */
  public <T> T collect(Supplier<T> step) {
    try {
      return step.get();
    } catch (ConnectorException e) {
      if (e.code() != ErrorCode.INVALID_CONFIG) {
        throw e;
      }
      if (e.problems().isEmpty()) {
        add("", String.valueOf(e.getMessage()));
      } else {
        problems.addAll(e.problems());
      }
      return null;
    }
  }

  /**
   * Runs a check that throws {@link IllegalArgumentException} (as {@link EmailAddress#parse} and
   * {@link RenderedEmail#checkHeaderValue} do); when it throws, records its message at {@code
   * path}.
   *
   * @return whether the check passed
   */
  public boolean check(String path, Runnable check) {
    try {
      check.run();
      return true;
    } catch (IllegalArgumentException e) {
      add(path, String.valueOf(e.getMessage()));
      return false;
    }
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** The problems so far, in the order found; an immutable copy. */
  public List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /**
   * @throws ConnectorException INVALID_CONFIG listing every problem, when there is one
   */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw ConnectorException.invalidConfig(problems);
    }
  }

  @Override
  public String toString() {
    return "ConfigProblems" + problems;
  }
}
