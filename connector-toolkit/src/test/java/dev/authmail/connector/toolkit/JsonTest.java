package dev.authmail.connector.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @Test
  void readsAProvidersErrorAnswer() {
    // Postmark's error shape (its API reference: "ErrorCode" and "Message")
    Object tree =
        Json.read(
            "{\"ErrorCode\": 405, \"Message\": \"Not allowed to send: you have run out of"
                + " credits.\"}");

    assertThat(Json.at(tree, "ErrorCode")).isEqualTo(405L);
    assertThat(Json.textAt(tree, "ErrorCode")).isEqualTo("405");
    assertThat(Json.textAt(tree, "Message"))
        .isEqualTo("Not allowed to send: you have run out of credits.");
  }

  @Test
  void readsNestedArraysAndEveryKindOfValue() {
    // SendGrid's v3 error shape
    Object tree =
        Json.read(
            " {\"errors\":[{\"message\":\"The provided authorization grant is"
                + " invalid\",\"field\":null,\"help\":\"https:\\/\\/sendgrid.com\\/docs\"}],"
                + "\"ok\":false,\"ratio\":-1.5e2,\"big\":12345678901234567890,"
                + "\"name\":\"\\u82b1\\u5b50\\n"
                + "\"} ");

    assertThat(Json.textAt(tree, "errors", 0, "message"))
        .isEqualTo("The provided authorization grant is invalid");
    assertThat(Json.at(tree, "errors", 0, "field")).isNull();
    assertThat(Json.textAt(tree, "errors", 0, "help")).isEqualTo("https://sendgrid.com/docs");
    assertThat(Json.at(tree, "ok")).isEqualTo(false);
    assertThat(Json.at(tree, "ratio")).isEqualTo(new BigDecimal("-1.5e2"));
    assertThat(Json.at(tree, "big")).isEqualTo(new BigDecimal("12345678901234567890"));
    assertThat(Json.textAt(tree, "name")).isEqualTo("花子\n");
    assertThat(Json.at(tree, "errors", 1)).isNull();
    assertThat(Json.at(tree, "errors", "message")).isNull();
    assertThat(Json.at(tree, "missing", 0)).isNull();
  }

  @Test
  void whatWriteWritesReadReads() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("to", "a@example.com");
    value.put("payload", Map.of("code", "123456"));
    value.put("list", List.of(1L, true, "x\"y\\z\t"));
    value.put("none", null);

    assertThat(Json.read(Json.write(value))).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"a\" 1}",
        "[1,]",
        "{\"a\":1,}",
        "01",
        "tru",
        "\"unterminated",
        "{} x",
        "'single'"
      })
  void refusesWhatIsNotJsonNamingThePositionOnly(String text) {
    assertThatThrownBy(() -> Json.read(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not valid JSON at character ");
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    char[] open = new char[10_000];
    Arrays.fill(open, '[');

    assertThatThrownBy(() -> Json.read(new String(open)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than 100 levels");
  }
}
