package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UsageTypeTest {
  @ParameterizedTest
  @EnumSource(UsageType.class)
  void parsesEachOfLogtosNineSpellings(UsageType type) {
    assertThat(UsageType.parse(type.wireName())).isEqualTo(type);
  }

  @Test
  void hasExactlyLogtosNineValues() {
    assertThat(UsageType.valid())
        .isEqualTo(
            "Register, SignIn, ForgotPassword, Generic, OrganizationInvitation, "
                + "UserPermissionValidation, BindNewIdentifier, MfaVerification, BindMfa");
  }

  @Test
  void ignoresCaseAndSurroundingSpace() {
    assertThat(UsageType.parse("signin")).isEqualTo(UsageType.SignIn);
    assertThat(UsageType.parse(" FORGOTPASSWORD ")).isEqualTo(UsageType.ForgotPassword);
  }

  @Test
  void readsLogtosDeprecatedTestAsGeneric() {
    assertThat(UsageType.parse("Test")).isEqualTo(UsageType.Generic);
    assertThat(UsageType.parse("test")).isEqualTo(UsageType.Generic);
  }

  @Test
  void anUnknownValueNamesTheValidOnes() {
    assertThatThrownBy(() -> UsageType.parse("Login"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown usage type \"Login\"; valid usage types: " + UsageType.valid());
  }

  @Test
  void nullIsNamedAsNone() {
    assertThatThrownBy(() -> UsageType.parse(null))
        .hasMessageStartingWith("unknown usage type (none)");
  }

  @Test
  void anUnknownValueIsShownWithoutControlCharacters() {
    assertThatThrownBy(() -> UsageType.parse("Sign\r\nIn")).hasMessageContaining("\"Sign??In\"");
  }
}
