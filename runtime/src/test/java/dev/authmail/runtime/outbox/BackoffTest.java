package dev.authmail.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void stepsDoubleFromBaseUpToCap() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> 1.0);

    assertThat(backoff.step(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.step(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.step(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.step(9)).isEqualTo(Duration.ofSeconds(256));
    assertThat(backoff.step(10)).isEqualTo(Duration.ofMinutes(5));
    assertThat(backoff.step(200)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void fullJitterDrawsBetweenZeroAndTheStep() {
    assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> 0.0).delay(4, null))
        .isEqualTo(Duration.ZERO);
    assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> 0.5).delay(4, null))
        .isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void retryAfterIsAFloor() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> 0.5);

    assertThat(backoff.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delay(10, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(150));
  }
}
