package dev.authmail.runtime.manage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSecretsTest {
  private static final ConfigSpec SPEC = ConfigSpec.builder()
      .string("host")
      .object("auth", ConfigSpec.builder().string("user").string("pass", k -> k.secret()).build(), k -> {})
      .objects("keys", ConfigSpec.builder().string("id").string("secret", k -> k.secret()).build(), k -> {})
      .any("token", k -> k.secret())
      .build();
  private final SecretBox box = SecretBox.random();

  private static Map<String, Object> config(String pass, String second) {
    return Map.of("host", "mail.example.com", "auth", Map.of("user", "app", "pass", pass),
        "keys", List.of(Map.of("id", "a", "secret", "first-secret"), Map.of("id", "b", "secret", second)),
        "token", Map.of("value", 42));
  }

  @Test
  void sealsEverySecretIncludingNestedAndListedOnesAndOpensThemBack() {
    Map<String, Object> raw = config("p4ss", "second-secret");

    Map<String, Object> sealed = ConfigSecrets.seal(SPEC, raw, box);

    assertThat(sealed.toString()).doesNotContain("p4ss", "first-secret", "second-secret")
        .contains("mail.example.com", "user=app", "id=a");
    // the secret {"value": 42} is sealed whole (a search for "42" in random ciphertext would be flaky)
    assertThat(SecretBox.isSealed(sealed.get("token"))).isTrue();
    assertThat(ConfigSecrets.open(SPEC, sealed, box)).isEqualTo(raw);
  }

  @Test
  void masksTakeTheStoredValueAtTheSamePath() {
    Map<String, Object> stored = config("p4ss", "second-secret");
    List<ConfigProblem> problems = new ArrayList<>();

    Map<String, Object> merged = ConfigSecrets.unmask(SPEC, config(ConfigSpec.MASK, "new-second"), stored, problems);

    assertThat(problems).isEmpty();
    assertThat(merged).isEqualTo(config("p4ss", "new-second"));
  }

  @Test
  void aMaskWithoutAStoredValueIsAProblemAtItsPath() {
    List<ConfigProblem> problems = new ArrayList<>();

    ConfigSecrets.unmask(SPEC, config("p", ConfigSpec.MASK), Map.of("keys", List.of(Map.of("id", "a"))), problems);

    assertThat(problems).extracting(ConfigProblem::path).containsExactly("keys[1].secret");
  }
}
