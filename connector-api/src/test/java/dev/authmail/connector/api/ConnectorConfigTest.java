package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {
  private static final ConfigSpec SPEC =
      ConfigSpec.builder()
          .string("replyTo", k -> {})
          .object("sender", ConfigSpec.builder().string("address", k -> {}).build(), k -> {})
          .build();

  @Test
  void anAddressIsParsedWithoutSurroundingWhitespace() {
    ConnectorConfig config = SPEC.bind(Map.of("replyTo", "  help@example.com\n"));

    assertThat(config.address("replyTo")).contains(EmailAddress.parse("help@example.com"));
  }

  @Test
  void anAbsentOrBlankAddressIsEmpty() {
    assertThat(SPEC.bind(Map.of()).address("replyTo")).isEmpty();
    assertThat(SPEC.bind(Map.of("replyTo", "   ")).address("replyTo")).isEmpty();
  }

  @Test
  void aValueThatIsNoAddressIsAConfigErrorNamingTheFullPath() {
    ConnectorConfig sender =
        SPEC.bind(Map.of("sender", Map.of("address", "noreply at example.com")))
            .object("sender")
            .orElseThrow();

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> sender.address("address"));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("sender.address");
              assertThat(p.message()).startsWith("invalid email address");
            });
  }
}
