package dev.authmail.connector.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.ErrorCode;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract's checks of discovery, metadata, the config spec and secrets: found through {@link
 * ServiceLoader} once with a public no-arg constructor; valid metadata; {@code validConfig()}
 * passes the spec; a missing required key, a non-numeric number (nested ones too) and an unknown
 * key are each named; {@code create()} refuses each semantically invalid config naming its key; no
 * secret in {@code toString()} or masks. Package-private: part of {@link ConnectorContractTest}.
 */
abstract class ConfigChecks extends ContractHooks {
  // ---------------------------------------------------------------- discovery and metadata

  @Test
  @DisplayName(
      "exactly one factory with the id is found through ServiceLoader, with a public no-arg"
          + " constructor")
  void discoveredThroughServiceLoader() {
    List<ServiceLoader.Provider<ConnectorFactory>> matching = new ArrayList<>();
    ServiceLoader.load(ConnectorFactory.class).stream()
        .forEach(
            provider -> {
              ConnectorFactory factory;
              try {
                factory = provider.get();
              } catch (ServiceConfigurationError e) {
                return; // another module's broken provider is not this connector's problem
              }
              if (factoryId().equals(factory.id())) {
                matching.add(provider);
              }
            });
    assertThat(matching)
        .as(
            "ConnectorFactory providers with id \"%s\" (META-INF/services/%s)",
            factoryId(), ConnectorFactory.class.getName())
        .hasSize(1);
    Class<? extends ConnectorFactory> type = matching.get(0).type();
    assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", type.getName()).isTrue();
    assertThatCode(
            () -> {
              if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                throw new NoSuchMethodException("constructor is not public");
              }
            })
        .as("%s has a public no-argument constructor", type.getName())
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("metadata: id, English name and description, well-formed aliases")
  void metadataIsValid() {
    ConnectorFactory factory = factory();
    ConnectorMetadata metadata = factory.metadata();
    assertThat(metadata.id()).as("metadata id").isEqualTo(factoryId());
    assertThat(factory.id()).as("factory id").isEqualTo(factoryId());
    assertThat(metadata.target()).as("target").isNotBlank();
    assertThat(metadata.name().get("en")).as("English name").isNotBlank();
    assertThat(metadata.description().get("en")).as("English description").isNotBlank();
    Set<String> seen = new HashSet<>();
    for (String alias : metadata.aliases()) {
      assertThat(alias).as("alias").matches(ID);
      assertThat(alias).as("alias differs from the id").isNotEqualTo(metadata.id());
      assertThat(seen.add(alias)).as("alias %s listed once", alias).isTrue();
    }
    assertThat(factory.configSpec()).as("configSpec() is constant").isNotNull();
  }

  // ---------------------------------------------------------------- configuration

  @Test
  @DisplayName("validConfig() passes the config spec")
  void validConfigPassesSpec() {
    ConfigSpec spec = factory().configSpec();
    assertThat(spec.check(validConfig())).as("problems with validConfig()").isEmpty();
    assertThatCode(() -> spec.bind(validConfig())).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("removing a required key gives an error naming it")
  void missingRequiredKeyIsNamed() {
    ConfigSpec spec = factory().configSpec();
    List<ConfigKey> required = spec.keys().stream().filter(ConfigKey::required).toList();
    assumeFalse(required.isEmpty(), "the config spec has no required keys");
    for (ConfigKey key : required) {
      Map<String, Object> config = new LinkedHashMap<>(validConfig());
      config.remove(key.name());
      assertConfigErrorNames(spec, config, key.name());
    }
  }

  @Test
  @DisplayName(
      "a non-numeric value for a number key, also a nested one (timeout.read), gives an error"
          + " naming it")
  void nonNumericIntegerIsNamed() {
    ConfigSpec spec = factory().configSpec();
    List<String> numbers = new ArrayList<>();
    numberPaths(spec, "", numbers);
    assumeFalse(numbers.isEmpty(), "the config spec has no number keys");
    for (String path : numbers) {
      Map<String, Object> config = new LinkedHashMap<>(validConfig());
      putAt(config, path.split("\\."), "not-a-number");
      assertConfigErrorNames(spec, config, path);
    }
  }

  /**
   * The paths of the number keys of {@code spec}, nested objects included ({@code timeout.read}).
   */
  private static void numberPaths(ConfigSpec spec, String prefix, List<String> out) {
    for (ConfigKey key : spec.keys()) {
      if (key.type() == ConfigKey.Type.INTEGER) {
        out.add(prefix + key.name());
      } else if (key.type() == ConfigKey.Type.OBJECT && key.fields() != null) {
        numberPaths(key.fields(), prefix + key.name() + ".", out);
      }
    }
  }

  /** Sets {@code value} at {@code path} in {@code config}, copying the nested maps on the way. */
  @SuppressWarnings("unchecked")
  private static void putAt(Map<String, Object> config, String[] path, Object value) {
    Map<String, Object> level = config;
    for (int i = 0; i < path.length - 1; i++) {
      Object next = level.get(path[i]);
      Map<String, Object> copy =
          next instanceof Map<?, ?> m
              ? new LinkedHashMap<>((Map<String, Object>) m)
              : new LinkedHashMap<>();
      level.put(path[i], copy);
      level = copy;
    }
    level.put(path[path.length - 1], value);
  }

  @Test
  @DisplayName("an unknown key is refused, naming it")
  void unknownKeyIsRefused() {
    ConfigSpec spec = factory().configSpec();
    assumeFalse(spec.openKeys(), "the config spec accepts any key (openKeys)");
    Map<String, Object> config = new LinkedHashMap<>(validConfig());
    config.put("noSuchKey", "x");
    assertConfigErrorNames(spec, config, "noSuchKey");
  }

  @Test
  @DisplayName("create() refuses each semantically invalid config, naming its key")
  void semanticallyInvalidConfigsAreRefused() {
    Map<String, Map<String, Object>> invalid = semanticallyInvalidConfigs();
    assumeFalse(invalid.isEmpty(), "semanticallyInvalidConfigs() is empty");
    ConnectorFactory factory = factory();
    for (Map.Entry<String, Map<String, Object>> entry : invalid.entrySet()) {
      String key = entry.getKey();
      ConfigSpec spec = factory.configSpec();
      assertThat(spec.check(entry.getValue()))
          .as(
              "the config for %s should pass the spec (semanticallyInvalidConfigs are refused by"
                  + " create())",
              key)
          .isEmpty();
      Throwable thrown =
          catchThrowable(
              () -> {
                EmailConnector connector = factory.create(spec.bind(entry.getValue()), context());
                connector.close();
              });
      assertThat(thrown)
          .as("create() with an invalid %s", key)
          .isInstanceOf(ConnectorException.class);
      ConnectorException e = (ConnectorException) thrown;
      assertThat(e.code()).as("code of the error for %s", key).isEqualTo(ErrorCode.INVALID_CONFIG);
      assertThat(e.getMessage()).as("message of the error for %s", key).contains(key);
      assertNoSecret("create() error for " + key, e.getMessage());
    }
  }

  private void assertConfigErrorNames(ConfigSpec spec, Map<String, Object> config, String path) {
    List<ConfigProblem> problems = spec.check(config);
    assertThat(problems).extracting(ConfigProblem::path).as("problem paths").contains(path);
    Throwable thrown = catchThrowable(() -> spec.bind(config));
    assertThat(thrown).as("bind() with a bad %s", path).isInstanceOf(ConnectorException.class);
    ConnectorException e = (ConnectorException) thrown;
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains(path);
    assertNoSecret("config error for " + path, e.getMessage());
  }

  // ---------------------------------------------------------------- secrets

  @Test
  @DisplayName("no secret in toString() of the connector or config, nor in the masked config")
  void secretsAreNotShown() {
    assumeFalse(secretValues().isEmpty(), "secretValues() is empty");
    ConnectorFactory factory = factory();
    for (String secret : secretValues()) {
      assertThat(validConfig().toString())
          .as("validConfig() contains the secret values of secretValues()")
          .contains(secret);
    }
    ConnectorConfig config = factory.configSpec().bind(validConfig());
    assertNoSecret("ConnectorConfig.toString()", config.toString());
    assertNoSecret("ConnectorConfig.masked()", String.valueOf(config.masked()));
    assertNoSecret(
        "configSpec().mask(validConfig())",
        String.valueOf(factory.configSpec().mask(validConfig())));
    assertNoSecret("factory toString()", factory.toString());
    EmailConnector connector = newConnector();
    assertNoSecret("connector toString()", connector.toString());
  }
}
