package dev.authmail.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.runtime.testing.Fixtures;
import dev.authmail.runtime.testing.SimpleFactory;
import dev.authmail.runtime.testing.TestHookFactory;
import dev.authmail.runtime.testing.TestMailFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorRegistryTest {

  @Test
  void brokenProvidersAreReportedAndTheOthersStillLoad() {
    // given a class path whose services files list a throwing constructor, a missing class,
    // invalid metadata, and good factories
    ConnectorRegistry registry = Fixtures.registry("good", "broken");

    // then the good ones load
    assertThat(registry.factories())
        .extracting(ConnectorFactory::id)
        .contains("test-mail", "test-hook");
    assertThat(registry.find("test-mail")).get().isInstanceOf(TestMailFactory.class);
    // and each broken one is reported with its class name and reason
    assertThat(registry.problems())
        .extracting(LoadProblem::className)
        .containsExactly(
            "dev.authmail.runtime.testing.ThrowingConstructorFactory",
            "dev.authmail.runtime.testing.NoSuchFactory",
            "dev.authmail.runtime.testing.BadMetadataFactory");
    assertThat(registry.problems().get(0).reason())
        .contains("could not be instantiated")
        .contains("IllegalStateException")
        .contains("boom: no license file");
    assertThat(registry.problems().get(1).reason()).contains("was not found");
    assertThat(registry.problems().get(2).reason()).contains("English (en) name");
    assertThat(registry.conflicts()).isEmpty();
  }

  @Test
  void twoFactoriesWithOneIdAreAnErrorNamingBothClasses() {
    // given two classes claiming the id "acme"
    ConnectorRegistry registry =
        ConnectorRegistry.of(
            List.of(
                new SimpleFactory("acme"), new SimpleFactory.Other("acme"), new TestHookFactory()));

    // then using the id fails, naming both
    assertThat(registry.conflicts()).hasSize(1);
    assertThatThrownBy(() -> registry.get("acme"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(SimpleFactory.class.getName())
        .hasMessageContaining(SimpleFactory.Other.class.getName())
        .hasMessageContaining("\"acme\"");
    // and the rest of the registry still works
    assertThat(registry.get("test-hook")).isInstanceOf(TestHookFactory.class);
  }

  @Test
  void anIdCollidingWithAnotherFactorysAliasIsAnError() {
    ConnectorRegistry registry =
        ConnectorRegistry.of(
            List.of(new SimpleFactory("acme-mail", "mail"), new SimpleFactory.Other("mail")));

    assertThatThrownBy(() -> registry.find("mail"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(SimpleFactory.class.getName())
        .hasMessageContaining(SimpleFactory.Other.class.getName());
    assertThat(registry.get("acme-mail")).isInstanceOf(SimpleFactory.class);
  }

  @Test
  void anUnknownIdSaysWhichIdsAndAliasesExist() {
    ConnectorRegistry registry =
        ConnectorRegistry.of(List.of(new TestMailFactory(), new TestHookFactory()));

    assertThatThrownBy(() -> registry.get("smpt"))
        .isInstanceOf(RegistryException.class)
        .hasMessage("unknown connector factory \"smpt\"; available: test-hook, test-mail (test)");
  }

  @Test
  void anEmptyRegistrySaysNothingWasFound() {
    assertThatThrownBy(() -> ConnectorRegistry.of(List.of()).get("smtp"))
        .hasMessageContaining("no connector factories were found on the class path");
  }

  @Test
  void declaredAliasesAndCaseInsensitiveLookup() {
    ConnectorRegistry registry = ConnectorRegistry.of(List.of(new TestMailFactory()));

    assertThat(registry.get("test")).isInstanceOf(TestMailFactory.class);
    assertThat(registry.get(" Test-Mail ")).isInstanceOf(TestMailFactory.class);
    assertThat(registry.aliases(registry.get("test-mail"))).containsExactly("test");
  }

  @Test
  void theShortNamesComeFromEachBundledConnectorsOwnMetadata() {
    ConnectorRegistry registry = ConnectorRegistry.load();

    // the short names of the configuration reference, each declared by its connector
    assertThat(registry.get("smtp").id()).isEqualTo("simple-mail-transfer-protocol");
    assertThat(registry.get("http").id()).isEqualTo("http-email");
    assertThat(registry.get("sendgrid").id()).isEqualTo("sendgrid-email-service");
    assertThat(registry.get("ses").id()).isEqualTo("aws-ses-mail");
    assertThat(registry.get("webhook").id()).isEqualTo("webhook-email");
    assertThat(registry.get("mailgun").id()).isEqualTo("mailgun-email");
    assertThat(registry.get("postmark").id()).isEqualTo("postmark-mail");
    assertThat(registry.aliases(registry.get("smtp"))).containsExactly("smtp");
  }

  @Test
  void theRuntimeAddsNoAliasOfItsOwn() {
    // given a factory with Logto's SMTP id that declares no alias
    ConnectorRegistry registry =
        ConnectorRegistry.of(List.of(new SimpleFactory("simple-mail-transfer-protocol")));

    assertThat(registry.find("smtp")).isEmpty();
    assertThat(registry.aliases(registry.get("simple-mail-transfer-protocol"))).isEmpty();
  }

  @Test
  void aShortNameIsFreeForAFactoryWhoseIdItIs() {
    // given a third-party factory whose id is "smtp", next to one with Logto's SMTP id
    ConnectorRegistry registry =
        ConnectorRegistry.of(
            List.of(
                new SimpleFactory("simple-mail-transfer-protocol"),
                new SimpleFactory.Other("smtp")));

    assertThat(registry.get("smtp")).isInstanceOf(SimpleFactory.Other.class);
    assertThat(registry.conflicts()).isEmpty();
  }

  @Test
  void theClassPathHasTheBundledConnectorsUnderTheirLogtoIds() {
    ConnectorRegistry registry = ConnectorRegistry.load();

    // the built-in service is a runtime dependency of this module, found by ServiceLoader
    assertThat(registry.find("logto-email")).isPresent();
    assertThat(registry.factories()).extracting(ConnectorFactory::id).doesNotContain("test-mail");
  }
}
