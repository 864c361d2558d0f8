package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSpecTest {
  private static final ConfigSpec AUTH =
      ConfigSpec.builder()
          .string("user", k -> k.required())
          .string("pass", k -> k.required().secret())
          .build();

  private static final ConfigSpec TEMPLATE =
      ConfigSpec.builder()
          .string("usageType", k -> k.required().oneOf("SignIn", "Register", "Generic"))
          .string("subject", k -> k.required())
          .build();

  private static final ConfigSpec SPEC =
      ConfigSpec.builder()
          .string("host", k -> k.required().description("the SMTP server, e.g. smtp.example.com"))
          .integer("port", k -> k.defaultValue(587).range(1, 65535))
          .bool("secure", k -> k.defaultValue(false))
          .string("mode", k -> k.defaultValue("starttls").oneOf("none", "starttls", "tls"))
          .string("apiKey", k -> k.secret().min(8))
          .object("auth", AUTH, k -> {})
          .objects("templates", TEMPLATE, k -> {})
          .map("customHeaders", k -> {})
          .list("tags", ConfigKey.Type.STRING, k -> {})
          .build();

  private static Map<String, Object> valid() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("host", "smtp.example.com");
    raw.put("auth", Map.of("user", "jane", "pass", "s3cret-pass"));
    raw.put(
        "templates",
        List.of(
            Map.of("usageType", "SignIn", "subject", "Code {{code}}"),
            Map.of("usageType", "Generic", "subject", "Code {{code}}")));
    return raw;
  }

  @Test
  void aValidConfigHasNoProblems() {
    assertThat(SPEC.check(valid())).isEmpty();
  }

  @Test
  void bindFillsEveryDefault() {
    ConnectorConfig config = SPEC.bind(valid());

    assertThat(config.intValue("port")).isEqualTo(587);
    assertThat(config.get("port")).isEqualTo(587L);
    assertThat(config.bool("secure")).isFalse();
    assertThat(config.get("secure")).isEqualTo(false);
    assertThat(config.string("mode")).contains("starttls");
    assertThat(config.has("apiKey")).isFalse();
  }

  @Test
  void numericTextIsCoercedToANumber() {
    Map<String, Object> raw = valid();
    raw.put("port", " 2525 ");
    raw.put("secure", "TRUE");

    ConnectorConfig config = SPEC.bind(raw);

    assertThat(config.get("port")).isEqualTo(2525L);
    assertThat(config.get("secure")).isEqualTo(true);
  }

  @Test
  void aNumberGivenAsADecimalWithoutFractionIsAccepted() {
    Map<String, Object> raw = valid();
    raw.put("port", 465.0);

    assertThat(SPEC.bind(raw).get("port")).isEqualTo(465L);
  }

  @Test
  void aRangeProblemReadsLikeThis() {
    Map<String, Object> raw = valid();
    raw.put("port", "abc");

    assertThat(SPEC.check(raw))
        .containsExactly(
            new ConfigProblem("port", "expected a number from 1 to 65535, got \"abc\""));
    raw.put("port", 70000);
    assertThat(SPEC.check(raw))
        .containsExactly(new ConfigProblem("port", "expected a number from 1 to 65535, got 70000"));
    raw.put("port", 2.5);
    assertThat(SPEC.check(raw))
        .containsExactly(new ConfigProblem("port", "expected a number from 1 to 65535, got 2.5"));
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsPath() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("port", "abc");
    raw.put("secure", "yes");
    raw.put("mode", "ssl");
    raw.put("auth", Map.of("user", "jane"));
    raw.put(
        "templates",
        List.of(Map.of("usageType", "SignIn", "subject", "ok"), Map.of("usageType", "Login")));
    raw.put("tags", "not-a-list");

    List<ConfigProblem> problems = SPEC.check(raw);

    assertThat(problems)
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder(
            "host",
            "port",
            "secure",
            "mode",
            "auth.pass",
            "templates[1].usageType",
            "templates[1].subject",
            "tags");
    assertThat(problems)
        .contains(
            new ConfigProblem("host", "is required (the SMTP server, e.g. smtp.example.com)"),
            new ConfigProblem("secure", "expected true or false, got \"yes\""),
            new ConfigProblem("mode", "expected one of none, starttls, tls, got \"ssl\""),
            new ConfigProblem(
                "templates[1].usageType",
                "expected one of SignIn, Register, Generic, got \"Login\""),
            new ConfigProblem("tags", "expected a list, got \"not-a-list\""));
  }

  @Test
  void bindThrowsInvalidConfigListingEveryProblem() {
    Map<String, Object> raw = valid();
    raw.remove("host");
    raw.put("port", "abc");

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> SPEC.bind(raw));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.retryable()).isFalse();
    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("host", "port");
    assertThat(e.getMessage())
        .isEqualTo(
            "host: is required (the SMTP server, e.g. smtp.example.com); port: expected a number"
                + " from 1 to 65535, got \"abc\"");
  }

  @Test
  void problemsCanBePlacedUnderAParentPath() {
    ConfigProblem problem =
        new ConfigProblem("port", "expected a number from 1 to 65535, got \"abc\"");

    assertThat(problem.under("connectors.primary.config"))
        .hasToString(
            "connectors.primary.config.port: expected a number from 1 to 65535, got \"abc\"");
    assertThat(new ConfigProblem("[0].subject", "is required").under("templates").path())
        .isEqualTo("templates[0].subject");
  }

  @Test
  void aSecretValueIsNeverQuoted() {
    Map<String, Object> raw = valid();
    raw.put("apiKey", "short");
    raw.put("auth", Map.of("user", "jane", "pass", List.of("hunter2-list")));

    List<ConfigProblem> problems = SPEC.check(raw);

    assertThat(problems)
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder("apiKey", "auth.pass");
    assertThat(problems.toString()).doesNotContain("short\"", "hunter2");
    assertThat(problems)
        .contains(
            new ConfigProblem(
                "auth.pass", "expected a string, got a value that is not shown (secret)"));
  }

  @Test
  void aSecretWithAWrongTypeIsNotShown() {
    Map<String, Object> raw = valid();
    raw.put("apiKey", Map.of("value", "hunter2-in-a-map"));

    assertThat(SPEC.check(raw))
        .containsExactly(
            new ConfigProblem(
                "apiKey", "expected a string, got a value that is not shown (secret)"));
  }

  @Test
  void anUnknownKeySuggestsTheClosestOne() {
    Map<String, Object> raw = valid();
    raw.put("prot", 25);

    ConfigProblem problem = SPEC.check(raw).get(0);

    assertThat(problem.path()).isEqualTo("prot");
    assertThat(problem.message())
        .startsWith("unknown key; did you mean port? (valid keys: host, port, secure");
  }

  @Test
  void anUnknownKeyFarFromAnyNamesTheValidOnesOnly() {
    Map<String, Object> raw = valid();
    raw.put("noSuchKey", 1);

    ConfigProblem problem = SPEC.check(raw).get(0);

    assertThat(problem.path()).isEqualTo("noSuchKey");
    assertThat(problem.message())
        .startsWith("unknown key (valid keys: ")
        .doesNotContain("did you mean");
  }

  @Test
  void anUnknownNestedKeyIsNamedWithItsPath() {
    Map<String, Object> raw = valid();
    raw.put("auth", Map.of("user", "jane", "pass", "x", "passwd", "y"));

    assertThat(SPEC.check(raw)).extracting(ConfigProblem::path).containsExactly("auth.passwd");
  }

  @Test
  void nestedObjectsAndListsBindToConfigsWithPaths() {
    ConnectorConfig config = SPEC.bind(valid());

    ConnectorConfig auth = config.object("auth").orElseThrow();
    assertThat(auth.requireString("user")).isEqualTo("jane");
    assertThat(auth.path("pass")).isEqualTo("auth.pass");
    List<ConnectorConfig> templates = config.objects("templates");
    assertThat(templates).hasSize(2);
    assertThat(templates.get(1).path("usageType")).isEqualTo("templates[1].usageType");
    assertThat(templates.get(1).requireString("usageType")).isEqualTo("Generic");
  }

  @Test
  void oneObjectWhereAListOfObjectsIsDeclaredIsAListOfOne() {
    Map<String, Object> raw = valid();
    raw.put("templates", Map.of("usageType", "SignIn", "subject", "Code {{code}}"));

    List<ConnectorConfig> templates = SPEC.bind(raw).objects("templates");

    assertThat(templates).hasSize(1);
    assertThat(templates.get(0).path("subject")).isEqualTo("templates[0].subject");
    assertThat(SPEC.check(Map.of("host", "h", "templates", Map.of("usageType", 1, "bogus", 2))))
        .extracting(ConfigProblem::path)
        .contains("templates[0].bogus");
  }

  @Test
  void accessorsNameTheFullPathOfAMissingValue() {
    ConnectorConfig config = SPEC.bind(valid());
    ConnectorConfig template = config.objects("templates").get(0);

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> template.requireString("content"));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).isEqualTo("templates[0].content: is required");
  }

  @Test
  void maskReplacesSecretsAtEveryDepth() {
    Map<String, Object> raw = valid();
    raw.put("apiKey", "api-key-12345");

    Map<String, Object> masked = SPEC.mask(raw);

    assertThat(masked)
        .containsEntry("apiKey", ConfigSpec.MASK)
        .containsEntry("host", "smtp.example.com");
    assertThat(masked.get("auth")).isEqualTo(Map.of("user", "jane", "pass", ConfigSpec.MASK));
    assertThat(masked.toString()).doesNotContain("api-key-12345", "s3cret-pass");
  }

  @Test
  void maskWorksInsideListsOfObjects() {
    ConfigSpec spec =
        ConfigSpec.builder()
            .objects(
                "accounts",
                ConfigSpec.builder()
                    .string("name", k -> {})
                    .string("token", k -> k.secret())
                    .build(),
                k -> {})
            .build();

    Map<String, Object> masked =
        spec.mask(Map.of("accounts", List.of(Map.of("name", "a", "token", "tok-1"))));

    assertThat(masked.get("accounts"))
        .isEqualTo(List.of(Map.of("name", "a", "token", ConfigSpec.MASK)));
  }

  @Test
  void aBoundConfigShowsSecretsMasked() {
    Map<String, Object> raw = valid();
    raw.put("apiKey", "api-key-12345");

    ConnectorConfig config = SPEC.bind(raw);

    assertThat(config.toString())
        .startsWith("ConnectorConfig{")
        .doesNotContain("api-key-12345", "s3cret-pass")
        .contains(ConfigSpec.MASK);
    assertThat(config.requireString("apiKey")).isEqualTo("api-key-12345");
  }

  @Test
  void freeFormMapsAndOpenSpecsKeepUnknownKeys() {
    Map<String, Object> raw = valid();
    raw.put("customHeaders", Map.of("X-Anything", "v"));

    assertThat(SPEC.bind(raw).object("customHeaders").orElseThrow().get("X-Anything"))
        .isEqualTo("v");
    assertThat(ConfigSpec.open().bind(Map.of("any", 1)).get("any")).isEqualTo(1);
  }

  @Test
  void aStringKeyTakesANumberAsItsText() {
    Map<String, Object> raw = valid();
    raw.put("host", 12345);

    assertThat(SPEC.bind(raw).get("host")).isEqualTo("12345");
  }

  @Test
  void aRequiredKeyWithADefaultIsAProgrammingError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ConfigSpec.builder().string("x", k -> k.required().defaultValue("y")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void intValueOfANumberBeyondIntNamesTheKey() {
    ConfigSpec spec = ConfigSpec.builder().integer("timeoutMillis", k -> {}).build();
    ConnectorConfig config = spec.bind(Map.of("timeoutMillis", 99_999_999_999L));

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> config.intValue("timeoutMillis"));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).startsWith("timeoutMillis: ");
    assertThat(config.longValue("timeoutMillis")).isEqualTo(99_999_999_999L);
  }

  @Test
  void defaultsHaveTheTypeOfABoundValue() {
    ConfigSpec spec =
        ConfigSpec.builder()
            .integer("a", k -> k.defaultValue(5))
            .integer("b", k -> k.defaultValue("6"))
            .bool("c", k -> k.defaultValue("true"))
            .build();

    ConnectorConfig config = spec.bind(Map.of());

    assertThat(config.get("a")).isEqualTo(5L);
    assertThat(config.get("b")).isEqualTo(6L);
    assertThat(config.get("c")).isEqualTo(true);
  }

  @Test
  void destinationKeysAreListedInDeclarationOrderAndOthersAreNot() {
    ConfigSpec tls = ConfigSpec.builder().string("servername", k -> k.destination()).build();
    ConfigSpec spec =
        ConfigSpec.builder()
            .string("host", k -> k.required().destination())
            .integer("port", k -> k.destination().defaultValue(587))
            .string("fromName", k -> {})
            .string("pass", k -> k.secret())
            .object("tls", tls, k -> {})
            .build();

    assertThat(spec.destinationKeys()).extracting(ConfigKey::name).containsExactly("host", "port");
    assertThat(spec.key("host").orElseThrow().destination()).isTrue();
    assertThat(spec.key("port").orElseThrow().defaultValue()).isEqualTo(587L);
    assertThat(spec.key("fromName").orElseThrow().destination()).isFalse();
    assertThat(spec.key("pass").orElseThrow().destination()).isFalse();
    assertThat(spec.key("tls").orElseThrow().destination()).isFalse();
    assertThat(spec.key("tls").orElseThrow().fields().destinationKeys())
        .extracting(ConfigKey::name)
        .containsExactly("servername");
    assertThat(ConfigSpec.open().destinationKeys()).isEmpty();
  }

  @Test
  void aKeyMadeWithTheEarlierConstructorIsNoDestination() {
    ConfigKey key =
        new ConfigKey(
            "host",
            ConfigKey.Type.STRING,
            true,
            false,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            null);

    assertThat(key.destination()).isFalse();
  }

  @Test
  void unsupportedKeysAreAcceptedAndNamedAsWarningsAtEveryDepth() {
    ConfigSpec spec =
        ConfigSpec.builder()
            .string("host", k -> k.required())
            .integer("dnsTimeout", k -> k.unsupported("the JVM's resolver applies"))
            .object(
                "tls",
                ConfigSpec.builder()
                    .bool("rejectUnauthorized", k -> {})
                    .otherKeysUnsupported("a Node TLS option")
                    .build(),
                k -> {})
            .objects(
                "items",
                ConfigSpec.builder()
                    .string("a", k -> {})
                    .any("b", k -> k.unsupported("old"))
                    .build(),
                k -> {})
            .build();
    Map<String, Object> raw =
        Map.of(
            "host",
            "h",
            "dnsTimeout",
            30000,
            "tls",
            Map.of("rejectUnauthorized", true, "ciphers", "HIGH"),
            "items",
            List.of(Map.of("a", "x"), Map.of("a", "y", "b", 1)));

    assertThat(spec.check(raw)).isEmpty();
    assertThat(spec.bind(raw).object("tls").orElseThrow().asMap()).containsEntry("ciphers", "HIGH");
    assertThat(spec.warnings(raw))
        .extracting(ConfigProblem::toString)
        .containsExactlyInAnyOrder(
            "dnsTimeout: is accepted but not used: the JVM's resolver applies",
            "tls.ciphers: is accepted but not used: a Node TLS option",
            "items[1].b: is accepted but not used: old");
    assertThat(spec.warnings(Map.of("host", "h"))).isEmpty();
    assertThat(spec.key("dnsTimeout").orElseThrow().unsupported())
        .isEqualTo("the JVM's resolver applies");
    assertThat(spec.key("host").orElseThrow().unsupported()).isNull();
  }
}
