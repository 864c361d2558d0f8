package dev.authmail.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the JSON schemas of the OpenAPI description (plain Maps). */
public final class Schemas {
  private Schemas() {}

  public static Map<String, Object> string() {
    return Map.of("type", "string");
  }

  public static Map<String, Object> string(String description) {
    return Map.of("type", "string", "description", description);
  }

  public static Map<String, Object> integer() {
    return Map.of("type", "integer");
  }

  public static Map<String, Object> bool() {
    return Map.of("type", "boolean");
  }

  public static Map<String, Object> dateTime() {
    return Map.of("type", "string", "format", "date-time");
  }

  /** Any JSON object (free-form). */
  public static Map<String, Object> anyObject() {
    return Map.of("type", "object", "additionalProperties", true);
  }

  public static Map<String, Object> enumOf(String... values) {
    return Map.of("type", "string", "enum", List.of(values));
  }

  public static Map<String, Object> arrayOf(Object items) {
    return Map.of("type", "array", "items", normalize(items));
  }

  /** A reference to a schema registered with {@link ApiRouter#schema(String, Object)}. */
  public static Map<String, Object> ref(String name) {
    return Map.of("$ref", "#/components/schemas/" + name);
  }

  /**
   * An object with these properties (name, schema, name, schema, …); names ending in {@code ?} are
   * optional, the others required.
   */
  public static Map<String, Object> object(Object... namesAndSchemas) {
    if (namesAndSchemas.length % 2 != 0) {
      throw new IllegalArgumentException(
          "expected name, schema pairs: " + Arrays.toString(namesAndSchemas));
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (int i = 0; i < namesAndSchemas.length; i += 2) {
      String name = (String) namesAndSchemas[i];
      boolean optional = name.endsWith("?");
      String key = optional ? name.substring(0, name.length() - 1) : name;
      properties.put(key, normalize(namesAndSchemas[i + 1]));
      if (!optional) {
        required.add(key);
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    return schema;
  }

  /** The error body every route may answer with. */
  public static Map<String, Object> error() {
    return ref("Error");
  }

  /** A Map stays as it is; a String is parsed as JSON. */
  @SuppressWarnings("unchecked")
  static Object normalize(Object schema) {
    if (schema instanceof String json) {
      try {
        return ApiJson.mapper().readValue(json, Map.class);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("schema is not JSON: " + e.getOriginalMessage(), e);
      }
    }
    if (schema instanceof Map<?, ?> map) {
      return map;
    }
    throw new IllegalArgumentException("a schema is a Map or a JSON string, not " + schema);
  }
}
