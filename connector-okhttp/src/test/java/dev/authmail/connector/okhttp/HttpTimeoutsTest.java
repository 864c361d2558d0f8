package dev.authmail.connector.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpTimeoutsTest {
  private final ConfigSpec spec = HttpTimeouts.declare(ConfigSpec.builder()).build();

  @Test
  void everyTimeoutHasAFiniteDefault() {
    HttpTimeouts timeouts = HttpTimeouts.from(ConnectorConfig.of(spec, Map.of()));

    assertThat(timeouts)
        .isEqualTo(
            new HttpTimeouts(
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Duration.ofSeconds(15),
                Duration.ofSeconds(30)));
  }

  @Test
  void everyKeyIsRead() {
    HttpTimeouts timeouts =
        HttpTimeouts.from(
            ConnectorConfig.of(
                spec,
                Map.of(
                    "timeout",
                    Map.of("connect", 1000, "read", "2000", "write", 3000, "call", 4000))));

    assertThat(timeouts)
        .isEqualTo(
            new HttpTimeouts(
                Duration.ofMillis(1000),
                Duration.ofMillis(2000),
                Duration.ofMillis(3000),
                Duration.ofMillis(4000)));
  }

  @Test
  void aPartialBlockKeepsTheOtherDefaults() {
    HttpTimeouts timeouts =
        HttpTimeouts.from(ConnectorConfig.of(spec, Map.of("timeout", Map.of("read", 700))));

    assertThat(timeouts.read()).isEqualTo(Duration.ofMillis(700));
    assertThat(timeouts.connect()).isEqualTo(HttpTimeouts.DEFAULTS.connect());
    assertThat(timeouts.call()).isEqualTo(HttpTimeouts.DEFAULTS.call());
  }

  @Test
  void zeroAndUnknownKeysAreRefusedWithTheirPath() {
    assertThat(spec.check(Map.of("timeout", Map.of("call", 0, "socket", 5))))
        .extracting(p -> p.path())
        .containsExactlyInAnyOrder("timeout.call", "timeout.socket");
  }
}
