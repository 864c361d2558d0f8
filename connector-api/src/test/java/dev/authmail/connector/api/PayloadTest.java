package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadTest {
  @Test
  void knownKeysHaveAccessors() {
    Payload payload =
        Payload.builder()
            .code("123456")
            .link("https://example.com/x")
            .locale("fr-CA")
            .uiLocales("fr en")
            .user(Map.of("name", "Jane"))
            .application(Map.of("name", "App"))
            .organization(Map.of("name", "Org"))
            .inviter(Map.of("name", "Bob"))
            .put("custom", 1)
            .build();

    assertThat(payload.code()).contains("123456");
    assertThat(payload.link()).contains("https://example.com/x");
    assertThat(payload.locale()).contains("fr-CA");
    assertThat(payload.uiLocales()).contains("fr en");
    assertThat(payload.user()).containsEntry("name", "Jane");
    assertThat(payload.application()).containsEntry("name", "App");
    assertThat(payload.organization()).containsEntry("name", "Org");
    assertThat(payload.inviter()).containsEntry("name", "Bob");
    assertThat(payload.extra()).containsExactly(Map.entry("custom", 1));
  }

  @Test
  void aNumericCodeIsTakenAsText() {
    assertThat(Payload.of(Map.of("code", 123456)).code()).contains("123456");
  }

  @Test
  void knownKeysWithTheWrongTypeAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> Payload.of(Map.of("code", Map.of("a", 1))))
        .hasMessage("payload.code must be a string (or a number), not an object");
    assertThatThrownBy(() -> Payload.of(Map.of("locale", true)))
        .hasMessage("payload.locale must be a string (or a number), not a boolean");
    assertThatThrownBy(() -> Payload.of(Map.of("user", "jane")))
        .hasMessage("payload.user must be an object, not a string");
    assertThatThrownBy(() -> Payload.of(Map.of("organization", List.of())))
        .hasMessage("payload.organization must be an object, not an array");
  }

  @Test
  void valuesThatAreNotJsonAreRefusedWithTheirPath() {
    assertThatThrownBy(() -> Payload.of(Map.of("user", Map.of("when", new Object()))))
        .hasMessageStartingWith("payload.user.when is not a JSON value");
    Map<Object, Object> badKey = new HashMap<>();
    badKey.put(1, "x");
    assertThatThrownBy(() -> Payload.of(Map.of("extra", badKey)))
        .hasMessageContaining("key that is not a string");
  }

  @Test
  void holdsADeepImmutableCopy() {
    List<Object> roles = new ArrayList<>(List.of("admin"));
    Map<String, Object> user = new LinkedHashMap<>(Map.of("name", "Jane", "roles", roles));
    Map<String, Object> raw = new LinkedHashMap<>(Map.of("user", user));

    Payload payload = Payload.of(raw);
    roles.add("root");
    user.put("name", "Mallory");
    raw.put("code", "1");

    assertThat(payload.user())
        .containsEntry("name", "Jane")
        .containsEntry("roles", List.of("admin"));
    assertThat(payload.has("code")).isFalse();
    assertThatThrownBy(() -> payload.asMap().put("code", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> payload.user().put("name", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> copiedRoles = (List<Object>) payload.user().get("roles");
    assertThatThrownBy(() -> copiedRoles.add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toStringShowsKeysOnly() {
    Payload payload =
        Payload.builder().code("987654").user(Map.of("email", "jane@example.com")).build();

    assertThat(payload.toString())
        .isEqualTo("Payload[code, user]")
        .doesNotContain("987654", "jane");
  }

  @Test
  void absentKnownKeysAreEmpty() {
    Payload payload = Payload.empty();

    assertThat(payload.code()).isEmpty();
    assertThat(payload.user()).isEmpty();
    assertThat(payload.get("anything")).isNull();
  }

  @Test
  void toBuilderDerivesAChangedCopyAndNullRemoves() {
    Payload payload = Payload.builder().code("1").link("https://example.com").build();

    Payload changed = payload.toBuilder().code("2").link(null).build();

    assertThat(changed.code()).contains("2");
    assertThat(changed.has("link")).isFalse();
    assertThat(payload.code()).contains("1");
    assertThat(changed).isNotEqualTo(payload).isEqualTo(Payload.builder().code("2").build());
  }
}
