package dev.authmail.runtime.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one ObjectMapper of the HTTP API: strict on input (duplicate keys and trailing tokens are
 * errors), ISO-8601 times on output. Thread-safe; do not reconfigure it. Also the two things a
 * request's payload needs: its compact size and its plain Java values.
 */
public final class ApiJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // error locations name line and column, never quote the body (it may hold a code)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(new JavaTimeModule())
          .build();

  private ApiJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The length in bytes of {@code node} as compact JSON, counted without keeping the bytes. */
  public static long compactSize(JsonNode node) {
    CountingStream counted = new CountingStream();
    try {
      MAPPER.writeValue(counted, node);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a tree in memory to a stream that cannot fail
    }
    return counted.count;
  }

  /**
   * The JSON object as plain Java values, as Jackson's {@code convertValue(node, Map.class)} gives
   * them (maps keep their order; whole numbers are Integer, Long or BigInteger, others Double),
   * walked directly: {@code convertValue} writes the tree to a token buffer and reads it back.
   */
  public static Map<String, Object> plainObject(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
    return map;
  }

  private static Object plain(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> plainObject(node);
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(item -> list.add(plain(item)));
        yield list;
      }
      case STRING -> node.textValue();
      case NUMBER -> node.numberValue();
      case BOOLEAN -> node.booleanValue();
      case NULL, MISSING -> null;
      case BINARY, POJO -> MAPPER.convertValue(node, Object.class); // never parsed
    };
  }

  /** Counts what is written to it and keeps nothing. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
