package dev.authmail.runtime.stored;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.runtime.stored.ConnectorStore.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stored connector's configuration between the API and the table: sealed with the {@link
 * SecretBox} into the row's JSON, opened from it, masked ({@value ConfigSpec#MASK}) for a view, and
 * masks sent back resolved against the stored secrets by {@link ConfigSecrets#unmask}'s rule.
 * Problems are reported under {@code config.} ({@link ConnectorBuilder#CONFIG}). Stateless apart
 * from the box; thread-safe.
 */
final class SealedConfigs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final SecretBox box;

  SealedConfigs(SecretBox box) {
    this.box = box;
  }

  SecretBox box() {
    return box;
  }

  /** The row's JSON for {@code raw}: its secrets sealed. */
  String seal(ConnectorFactory factory, Map<String, Object> raw) {
    try {
      return JSON.writeValueAsString(ConfigSecrets.seal(factory.configSpec(), raw, box));
    } catch (JsonProcessingException e) {
      throw ConnectorException.invalidConfig(ConnectorBuilder.CONFIG, "is not JSON-shaped");
    }
  }

  /**
   * The row's configuration with its secrets opened.
   *
   * @throws SecretBox.CannotOpen when the box's key is not the one the secrets were sealed with
   */
  Map<String, Object> open(ConnectorFactory factory, Row row) {
    return ConfigSecrets.open(factory.configSpec(), parse(row), box);
  }

  /**
   * The row's configuration as a view shows it: masked by the factory's spec, or, without the
   * factory (its jar is gone), every sealed value masked.
   */
  Map<String, Object> masked(Optional<ConnectorFactory> factory, Row row) {
    Map<String, Object> stored = parse(row);
    return factory.map(f -> f.configSpec().mask(stored)).orElseGet(() -> maskSealed(stored));
  }

  /** Refuses a configuration that sends the mask where there is no stored secret to keep. */
  static void rejectMasks(ConnectorFactory factory, Map<String, Object> raw) {
    unmask(factory, raw, Map.of());
  }

  /** {@code raw} with each mask replaced by the stored secret, by {@link ConfigSecrets#unmask}. */
  static Map<String, Object> unmask(
      ConnectorFactory factory, Map<String, Object> raw, Map<String, Object> stored) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, Object> out = ConfigSecrets.unmask(factory.configSpec(), raw, stored, problems);
    if (!problems.isEmpty()) {
      throw ConnectorException.invalidConfig(
          problems.stream().map(p -> p.under(ConnectorBuilder.CONFIG)).toList());
    }
    return out;
  }

  /** A row's configuration with its sealed values left out (not masked): nothing is opened. */
  static Map<String, Object> withoutSealed(Row row) {
    return withoutSealed(parse(row));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withoutSealed(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (SecretBox.isSealed(v)) {
            return;
          }
          if (v instanceof Map<?, ?> m) {
            out.put(k, withoutSealed((Map<String, Object>) m));
          } else if (v instanceof List<?> list) {
            out.put(
                k,
                list.stream()
                    .map(e -> e instanceof Map<?, ?> m ? withoutSealed((Map<String, Object>) m) : e)
                    .toList());
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  private static Map<String, Object> parse(Row row) {
    try {
      return JSON.readValue(row.configJson(), MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the stored configuration of connector " + row.id() + " is not JSON");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> maskSealed(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) ->
            out.put(
                k,
                SecretBox.isSealed(v)
                    ? ConfigSpec.MASK
                    : v instanceof Map<?, ?> m ? maskSealed((Map<String, Object>) m) : v));
    return out;
  }
}
