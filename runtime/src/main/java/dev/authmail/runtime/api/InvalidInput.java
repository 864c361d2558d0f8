package dev.authmail.runtime.api;

import dev.authmail.connector.api.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A request body field the management services refuse, each problem with the path of its field
 * ({@code templates[1].details.subject}); answered as 400 {@code guard.invalid_input} with the
 * problems as details.
 */
public final class InvalidInput extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<ConfigProblem> problems;

  public InvalidInput(List<ConfigProblem> problems) {
    super(
        problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")),
        null,
        false,
        false);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems is empty");
    }
    this.problems = List.copyOf(problems);
  }

  public InvalidInput(String path, String problem) {
    this(List.of(new ConfigProblem(path, problem)));
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
