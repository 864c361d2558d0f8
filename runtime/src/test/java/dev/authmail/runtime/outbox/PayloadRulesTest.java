package dev.authmail.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadRulesTest {
  @ParameterizedTest
  @EnumSource(
      value = UsageType.class,
      names = "OrganizationInvitation",
      mode = EnumSource.Mode.EXCLUDE)
  void everyCodeTypeNeedsACode(UsageType type) {
    assertThat(PayloadRules.problems(type, Payload.empty()))
        .extracting(ConfigProblem::path)
        .containsExactly("payload.code");
    assertThat(PayloadRules.problems(type, Payload.of(Map.of("code", "123456")))).isEmpty();
  }

  @Test
  void anInvitationNeedsALinkNotACode() {
    assertThat(PayloadRules.problems(UsageType.OrganizationInvitation, Payload.empty()))
        .extracting(ConfigProblem::path)
        .containsExactly("payload.link");
    assertThat(
            PayloadRules.problems(
                UsageType.OrganizationInvitation,
                Payload.of(Map.of("link", "https://auth.example.com/invitation?token=x"))))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "javascript:alert(1)",
        "data:text/html,x",
        "/relative",
        "ftp://example.com/x",
        "https://",
        "https://a b"
      })
  void aLinkThatIsNotHttpIsRefusedForEveryType(String link) {
    assertThat(
            PayloadRules.problems(UsageType.SignIn, Payload.of(Map.of("code", "1", "link", link))))
        .extracting(ConfigProblem::path)
        .containsExactly("payload.link");
  }

  @Test
  void aNumericCodePrintsAsJavaScriptWould() {
    assertThat(Payload.of(Map.of("code", 123456)).code()).contains("123456");
    assertThat(Payload.of(Map.of("code", 1.0)).code()).contains("1");
    assertThat(Payload.of(Map.of("locale", 1.5)).locale()).contains("1.5");
  }
}
