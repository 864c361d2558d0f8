package dev.authmail.runtime.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one ObjectMapper of the HTTP API: strict on input (duplicate keys and trailing tokens are
 * errors), ISO-8601 times on output. Thread-safe; do not reconfigure it.
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
}
