package dev.authmail.connector.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of Logto's connector-kit tests for {@code replaceSendMessageHandlebars} and {@code
 * getValue} (packages/toolkit/connector-kit/src/index.test.ts), then cases of the same function's
 * JavaScript semantics (numbers as {@code String(n)} prints them, array {@code length}, walks that
 * stop at a non-object). Expected strings are written from Logto's semantics, in text mode (no HTML
 * escaping).
 */
class LogtoPlaceholderCasesTest {
  static Stream<Arguments> cases() {
    Map<String, Object> logtoNested =
        Map.of(
            "application",
            Map.of(
                "name",
                "Logto",
                "customData",
                Map.of("foo", "foo", "baz", Arrays.asList(1, "2", null))));
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("quux", null);
    withNull.put("qux", Arrays.asList(1, "2", null));
    return Stream.of(
        // Logto's own cases
        Arguments.of(
            "replaces handlebars with payload",
            "Your verification code is {{code}}",
            Map.of("code", "123456"),
            "Your verification code is 123456"),
        Arguments.of(
            "root absent: left as written",
            "Your verification code is {{code}}",
            Map.of(),
            "Your verification code is {{code}}"),
        Arguments.of(
            "keys outside the predefined list",
            "Your verification code is {{code}} and {{foo}}",
            Map.of("code", "123456", "foo", "bar"),
            "Your verification code is 123456 and bar"),
        Arguments.of(
            "ignores handlebars not in the payload",
            "Your verification code is {{code}} and {{foo}}",
            Map.of("code", "123456"),
            "Your verification code is 123456 and {{foo}}"),
        Arguments.of(
            "extra spaces",
            "Your verification code is {{     code }}",
            Map.of("code", "123456"),
            "Your verification code is 123456"),
        Arguments.of(
            "nested properties and an array index",
            "Your application name is {{application.name}}, {{ application.customData.foo }}, "
                + "{{ application.customData.bar }}, {{ application.customData.baz.1 }}",
            logtoNested,
            "Your application name is Logto, foo, , 2"),
        Arguments.of(
            "root property absent",
            "Your {{ application.name }} sign in verification code is {{ code }}",
            Map.of("code", "123456"),
            "Your {{ application.name }} sign in verification code is 123456"),
        // getValue's cases, through a template
        Arguments.of(
            "getValue: list.0.name",
            "{{list.0.name}}/{{list.1.age}}",
            Map.of(
                "list",
                List.of(Map.of("name", "name1", "age", 1), Map.of("name", "name2", "age", 2))),
            "name1/2"),
        Arguments.of(
            "getValue: path not found",
            "[{{foo.baz}}][{{foo.bar.baz.qux}}]",
            Map.of("foo", Map.of("bar", Map.of("baz", "qux"))),
            "[][]"),
        Arguments.of(
            "getValue: a step through a non-object",
            "[{{foo.foo}}][{{bar.foo}}][{{baz.foo}}][{{qux.foo}}][{{quux.foo}}]",
            merge(withNull, Map.of("foo", "foo", "bar", 1, "baz", true)),
            "[][][][][]"),
        // JavaScript's String(value)
        Arguments.of("a double that is whole prints without .0", "{{n}}", Map.of("n", 1.0), "1"),
        Arguments.of("a fraction", "{{n}}", Map.of("n", 0.5), "0.5"),
        Arguments.of("negative", "{{n}}", Map.of("n", -2.25), "-2.25"),
        Arguments.of("minus zero", "{{n}}", Map.of("n", -0.0), "0"),
        Arguments.of(
            "1e21 switches to exponent form",
            "{{a}} {{b}}",
            Map.of("a", 1e20, "b", 1e21),
            "100000000000000000000 1e+21"),
        Arguments.of(
            "small numbers", "{{a}} {{b}}", Map.of("a", 0.000001, "b", 1e-7), "0.000001 1e-7"),
        Arguments.of(
            "an integer beyond 2^53 as a double prints",
            "{{n}}",
            Map.of("n", new BigInteger("12345678901234567890")),
            "12345678901234567000"),
        Arguments.of(
            "a long within 2^53", "{{n}}", Map.of("n", 9007199254740991L), "9007199254740991"),
        Arguments.of("booleans", "{{t}}/{{f}}", Map.of("t", true, "f", false), "true/false"),
        Arguments.of("an array's length", "{{a.length}}", Map.of("a", List.of("x", "y", "z")), "3"),
        Arguments.of(
            "an index with a leading zero is no index",
            "[{{a.01}}][{{a.5}}]",
            Map.of("a", List.of("x", "y")),
            "[][]"),
        Arguments.of(
            "a string has no properties", "[{{code.length}}]", Map.of("code", "123456"), "[]"),
        Arguments.of(
            "an empty first segment never matches", "{{.code}}", Map.of("code", "1"), "{{.code}}"),
        Arguments.of(
            "a multi-line value stays multi-line in text",
            "Address:\n{{user.profile.address.formatted}}",
            Map.of(
                "user",
                Map.of(
                    "profile", Map.of("address", Map.of("formatted", "1 Main St\nSpringfield")))),
            "Address:\n1 Main St\nSpringfield"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersAsLogtoDoes(
      String name, String template, Map<String, Object> payload, String expected) {
    assertThat(Placeholders.render(template, payload)).isEqualTo(expected);
  }

  private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> all = new HashMap<>(a);
    all.putAll(b);
    return all;
  }
}
