package dev.authmail.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ApiJson#plainObject} walks the request's JSON tree into the values Jackson's {@code
 * convertValue(node, Map.class)} gave before: the same types, the same order.
 */
class PlainPayloadTest {
  @Test
  void givesWhatConvertValueGives() throws Exception {
    // a Logto payload (packages/connectors/connector-http-email: {code, locale, ...}) with every
    // kind of JSON value in it
    JsonNode node =
        ApiJson.mapper()
            .readTree(
                """
                {"code": "123456", "locale": "zh-CN", "uiLocales": ["en", "fr"],
                 "application": {"name": "Ünïcode \\u2603", "branding": null, "ids": [1, 2]},
                 "int": 7, "long": 12345678901, "big": 123456789012345678901234567890,
                 "float": 1.5, "exp": 1e3, "yes": true, "no": false, "nothing": null,
                 "nested": [[{"a": [true, null, -0.0]}]]}
                """);

    @SuppressWarnings("unchecked")
    Map<String, Object> expected = ApiJson.mapper().convertValue(node, Map.class);
    Map<String, Object> actual = ApiJson.plainObject(node);

    assertThat(actual).isEqualTo(expected);
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String key : expected.keySet()) {
      Object e = expected.get(key);
      assertThat(actual.get(key) == null ? null : actual.get(key).getClass())
          .as(key)
          .isEqualTo(e == null ? null : e.getClass());
    }
  }
}
