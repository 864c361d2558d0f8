package dev.authmail.runtime.stored;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.smtp.SmtpConnectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSecretsTest {
  private static final ConfigSpec SPEC =
      ConfigSpec.builder()
          .string("host")
          .object(
              "auth",
              ConfigSpec.builder().string("user").string("pass", k -> k.secret()).build(),
              k -> {})
          .objects(
              "keys",
              ConfigSpec.builder().string("id").string("secret", k -> k.secret()).build(),
              k -> {})
          .any("token", k -> k.secret())
          .build();
  private final SecretBox box = SecretBox.random();

  private static Map<String, Object> config(String pass, String second) {
    return Map.of(
        "host",
        "mail.example.com",
        "auth",
        Map.of("user", "app", "pass", pass),
        "keys",
        List.of(Map.of("id", "a", "secret", "first-secret"), Map.of("id", "b", "secret", second)),
        "token",
        Map.of("value", 42));
  }

  @Test
  void sealsEverySecretIncludingNestedAndListedOnesAndOpensThemBack() {
    Map<String, Object> raw = config("p4ss", "second-secret");

    Map<String, Object> sealed = ConfigSecrets.seal(SPEC, raw, box);

    assertThat(sealed.toString())
        .doesNotContain("p4ss", "first-secret", "second-secret")
        .contains("mail.example.com", "user=app", "id=a");
    // the secret {"value": 42} is sealed whole (a search for "42" in random ciphertext would be
    // flaky)
    assertThat(SecretBox.isSealed(sealed.get("token"))).isTrue();
    assertThat(ConfigSecrets.open(SPEC, sealed, box)).isEqualTo(raw);
  }

  @Test
  void masksTakeTheStoredValueAtTheSamePath() {
    Map<String, Object> stored = config("p4ss", "second-secret");
    List<ConfigProblem> problems = new ArrayList<>();

    Map<String, Object> merged =
        ConfigSecrets.unmask(SPEC, config(ConfigSpec.MASK, "new-second"), stored, problems);

    assertThat(problems).isEmpty();
    assertThat(merged).isEqualTo(config("p4ss", "new-second"));
  }

  @Test
  void aMaskWithoutAStoredValueIsAProblemAtItsPath() {
    List<ConfigProblem> problems = new ArrayList<>();

    ConfigSecrets.unmask(
        SPEC, config("p", ConfigSpec.MASK), Map.of("keys", List.of(Map.of("id", "a"))), problems);

    assertThat(problems).extracting(ConfigProblem::path).containsExactly("keys[1].secret");
  }

  private static final ConfigSpec SMTP_LIKE =
      ConfigSpec.builder()
          .string("host", k -> k.required().destination())
          .integer("port", k -> k.destination().defaultValue(587))
          .string("fromName")
          .integer("socketTimeout", k -> k.defaultValue(2000))
          .object(
              "auth",
              ConfigSpec.builder().string("user").string("pass", k -> k.secret()).build(),
              k -> {})
          .object(
              "tls",
              ConfigSpec.builder().string("servername", k -> k.destination()).build(),
              k -> {})
          .string("apiKey", k -> k.secret())
          .build();

  private static Map<String, Object> smtpLike(String host, Object port, String pass) {
    Map<String, Object> config = new java.util.LinkedHashMap<>();
    config.put("host", host);
    if (port != null) {
      config.put("port", port);
    }
    config.put("fromName", "Acme");
    config.put("auth", Map.of("user", "app", "pass", pass));
    return config;
  }

  private static List<ConfigProblem> problems(Map<String, Object> raw, Map<String, Object> stored) {
    List<ConfigProblem> problems = new ArrayList<>();
    ConfigSecrets.unmask(SMTP_LIKE, raw, stored, problems);
    return problems;
  }

  @Test
  void smtpSwitchesSentAsFalseWhereTheStoredConfigLeftThemOutAreNoChange() {
    ConfigSpec smtp = new SmtpConnectorFactory().configSpec();
    Map<String, Object> stored = smtpLike("smtp.example.com", 587, "p4ss-word");
    Map<String, Object> raw = smtpLike("smtp.example.com", 587, ConfigSpec.MASK);
    raw.put("secure", false);
    raw.put("requireTLS", false);
    raw.put("ignoreTLS", false);
    List<ConfigProblem> problems = new ArrayList<>();

    Map<String, Object> merged = ConfigSecrets.unmask(smtp, raw, stored, problems);

    assertThat(problems).isEmpty();
    assertThat(merged.get("auth")).isEqualTo(Map.of("user", "app", "pass", "p4ss-word"));
  }

  @Test
  void aMaskedSecretWithAChangedHostIsRefusedNamingTheSecretAndTheHostButNoValue() {
    Map<String, Object> stored = smtpLike("smtp.example.com", 587, "p4ss-word");

    List<ConfigProblem> problems =
        problems(smtpLike("evil.example.net", 587, ConfigSpec.MASK), stored);

    assertThat(problems).extracting(ConfigProblem::path).containsExactly("auth.pass");
    assertThat(problems.get(0).message())
        .startsWith(
            "changing host sends the stored auth.pass to another server; enter auth.pass again")
        .doesNotContain("p4ss-word", "evil.example.net", "smtp.example.com");
  }

  @Test
  void everyCarriedSecretIsNamedAndEveryChangedDestinationToo() {
    Map<String, Object> stored = smtpLike("smtp.example.com", 587, "p4ss-word");
    stored.put("apiKey", "key-1234");
    stored.put("tls", Map.of("servername", "smtp.example.com"));
    Map<String, Object> raw = smtpLike("smtp.example.com", 2525, ConfigSpec.MASK);
    raw.put("apiKey", ConfigSpec.MASK);
    raw.put("tls", Map.of("servername", "other.example.com"));

    List<ConfigProblem> problems = problems(raw, stored);

    assertThat(problems).extracting(ConfigProblem::path).containsExactly("auth.pass", "apiKey");
    assertThat(problems.get(1).message())
        .startsWith("changing port and tls.servername sends the stored apiKey");
  }

  @Test
  void aDestinationLeftOutCountsAsItsDefaultAndNumericTextAsItsNumber() {
    Map<String, Object> stored = smtpLike("smtp.example.com", null, "p4ss-word");

    assertThat(problems(smtpLike("smtp.example.com", 587, ConfigSpec.MASK), stored)).isEmpty();
    assertThat(problems(smtpLike("smtp.example.com", "587", ConfigSpec.MASK), stored)).isEmpty();
    assertThat(problems(smtpLike("smtp.example.com", 587.0, ConfigSpec.MASK), stored)).isEmpty();
    assertThat(problems(smtpLike("smtp.example.com", 465, ConfigSpec.MASK), stored))
        .extracting(ConfigProblem::path)
        .containsExactly("auth.pass");
    // and a stored destination that is now left out (back to the default) is a change too
    assertThat(
            problems(
                smtpLike("smtp.example.com", null, ConfigSpec.MASK),
                smtpLike("smtp.example.com", 2525, "p")))
        .extracting(ConfigProblem::path)
        .containsExactly("auth.pass");
  }

  @Test
  void aNewDestinationIsAcceptedWhenEverySecretIsEnteredAgain() {
    Map<String, Object> stored = smtpLike("smtp.example.com", 587, "p4ss-word");
    List<ConfigProblem> problems = new ArrayList<>();

    Map<String, Object> merged =
        ConfigSecrets.unmask(
            SMTP_LIKE, smtpLike("mail.example.org", 465, "new-pass"), stored, problems);

    assertThat(problems).isEmpty();
    assertThat(merged).isEqualTo(smtpLike("mail.example.org", 465, "new-pass"));
  }

  @Test
  void otherKeysMayChangeWithTheMask() {
    Map<String, Object> stored = smtpLike("smtp.example.com", 587, "p4ss-word");
    Map<String, Object> raw = smtpLike("smtp.example.com", 587, ConfigSpec.MASK);
    raw.put("fromName", "Acme Support");
    raw.put("socketTimeout", 5000);
    List<ConfigProblem> problems = new ArrayList<>();

    Map<String, Object> merged = ConfigSecrets.unmask(SMTP_LIKE, raw, stored, problems);

    assertThat(problems).isEmpty();
    assertThat(merged.get("auth")).isEqualTo(Map.of("user", "app", "pass", "p4ss-word"));
    assertThat(merged.get("fromName")).isEqualTo("Acme Support");
  }
}
