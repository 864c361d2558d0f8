package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemsTest {
  private final ConfigProblems problems = new ConfigProblems();

  @Test
  void collectsEveryProblemOfEveryStepAndThrowsThemTogether() {
    String ok = problems.collect(() -> "fine");
    Integer bad =
        problems.collect(
            () -> {
              throw ConnectorException.invalidConfig(
                  List.of(
                      new ConfigProblem("templates[0].usageType", "unknown usage type"),
                      new ConfigProblem(
                          "templates", "Template with UsageType (Generic) should be provided!")));
            });
    String alsoBad =
        problems.collect(
            () -> {
              throw ConnectorException.invalidConfig(
                  "endpoint", "the network policy refuses 10.0.0.1");
            });
    problems.add("timeout", "must be at least 100");

    assertThat(ok).isEqualTo("fine");
    assertThat(bad).isNull();
    assertThat(alsoBad).isNull();
    ConnectorException e = catchThrowableOfType(ConnectorException.class, problems::throwIfAny);
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("templates[0].usageType", "templates", "endpoint", "timeout");
    assertThat(e.getMessage())
        .contains("unknown usage type", "refuses 10.0.0.1", "timeout: must be at least 100");
  }

  @Test
  void anInvalidConfigErrorWithoutProblemsIsKeptByItsMessage() {
    problems.collect(
        () -> {
          throw new ConnectorException(ErrorCode.INVALID_CONFIG, "the key file cannot be read");
        });

    assertThat(problems.problems())
        .containsExactly(new ConfigProblem("", "the key file cannot be read"));
  }

  @Test
  void anyOtherErrorIsNotAConfigProblemAndPassesThrough() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                problems.collect(
                    () -> {
                      throw new ConnectorException(ErrorCode.UNAVAILABLE, "DNS is down");
                    }));

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void checkRecordsAnIllegalArgumentAtThePath() {
    boolean good = problems.check("fromEmail", () -> EmailAddress.parse("noreply@example.com"));
    boolean bad = problems.check("replyTo", () -> EmailAddress.parse("not an address"));

    assertThat(good).isTrue();
    assertThat(bad).isFalse();
    assertThat(problems.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("replyTo");
              assertThat(p.message()).startsWith("invalid email address");
            });
  }

  @Test
  void withoutProblemsNothingIsThrown() {
    problems.collect(() -> 1);
    problems.check("x", () -> {});

    assertThat(problems.isEmpty()).isTrue();
    assertThat(problems.problems()).isEmpty();
    assertThatCode(problems::throwIfAny).doesNotThrowAnyException();
  }

  @Test
  void theListGivenOutIsACopy() {
    problems.add(new ConfigProblem("a", "b"));
    List<ConfigProblem> seen = problems.problems();
    problems.add("c", "d");

    assertThat(seen).hasSize(1);
    assertThat(problems.problems()).hasSize(2);
  }
}
