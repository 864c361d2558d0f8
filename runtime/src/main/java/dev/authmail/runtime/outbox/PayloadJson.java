package dev.authmail.runtime.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.Payload;
import java.util.Map;

/** Stores a {@link Payload} as a JSON object and reads it back. Thread-safe. */
final class PayloadJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private PayloadJson() {}

  static String write(Payload payload) {
    return json(payload.asMap());
  }

  /** JSON-shaped values (maps, lists, strings, numbers, booleans) as compact JSON. */
  static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // never show the value: it holds a one-time code
      throw new IllegalStateException("a payload cannot be written as JSON", e);
    }
  }

  static Payload read(String json) {
    try {
      return Payload.of(MAPPER.readValue(json, MAP));
    } catch (JsonProcessingException e) {
      // never show the JSON: it holds a one-time code
      throw new IllegalStateException("a stored payload is not valid JSON", e);
    }
  }
}
