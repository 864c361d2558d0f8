package dev.authmail.runtime.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigException;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.inbox.FileCaptureInbox;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.testing.Fixtures;
import dev.authmail.runtime.testing.TestMailFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorInstancesTest {
  private static final ConnectorRegistry REGISTRY = Fixtures.registry("good");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @BeforeEach
  void clear() {
    TestMailFactory.CONTEXTS.clear();
    TestMailFactory.SENT.clear();
  }

  private AuthmailConfig load(String yaml) throws IOException {
    return new ConfigLoader(REGISTRY, Map.of())
        .load(Files.writeString(dir.resolve("authmail.yaml"), yaml))
        .orThrow();
  }

  private FileCaptureInbox inbox() {
    return new FileCaptureInbox(dir.resolve("inbox"));
  }

  @Test
  void eachTenantsConnectorsGetThatTenantsContextWithTheOperatorsSettings() throws IOException {
    AuthmailConfig config =
        load(
            """
            network: {allowPrivateAddresses: true}
            platform: {fromAddress: no-reply@mail.example.com, transport: relay}
            tenants:
              default: {email: [primary, hook]}
              acme: {email: [primary]}
            connectors:
              primary: {factory: test-mail,
                        config: {host: smtp.example.com, fromEmail: a@example.com}}
              hook: {factory: test-hook, config: {endpoint: "https://example.com"}}
              relay: {factory: test-mail,
                      config: {host: relay.internal, fromEmail: relay@example.com}}
            """);

    try (ConnectorInstances instances =
        ConnectorInstances.start(config, REGISTRY, inbox(), CLOCK)) {
      // the platform transport is the named connector, since it is an EmailTransport
      assertThat(instances.platformInstance())
          .get()
          .extracting(ConnectorInstances.Instance::name)
          .isEqualTo("relay");
      assertThat(instances.platformTransport())
          .isSameAs(instances.platformInstance().orElseThrow().connector());
      assertThat(instances.chain("default"))
          .extracting(ConnectorInstances.Instance::toString)
          .containsExactly("primary (test-mail)", "hook (test-hook)");
      assertThat(instances.chain("acme").get(0).connector())
          .isNotSameAs(instances.chain("default").get(0).connector());

      // relay (platform), default's primary, acme's primary
      assertThat(TestMailFactory.CONTEXTS)
          .extracting(ConnectorContext::tenant)
          .containsExactly(ConnectorInstances.PLATFORM_TENANT, "default", "acme");
      ConnectorContext acme =
          TestMailFactory.CONTEXTS.stream()
              .filter(c -> c.tenant().equals("acme"))
              .findFirst()
              .orElseThrow();
      assertThat(acme.network().allowsPrivateAddresses()).isTrue();
      assertThat(acme.platformSender()).contains(EmailAddress.parse("no-reply@mail.example.com"));
      assertThat(acme.platformTransport()).containsSame(instances.platformTransport());
      assertThat(acme.clock()).isEqualTo(CLOCK);
      assertThat(acme.templates().find(UsageType.SignIn, "en")).isEmpty();
    }
  }

  @Test
  void withoutPlatformTransportTheCaptureInboxIsTheTransportAndOnlyTheFilesConnectorsAreTrusted()
      throws IOException {
    AuthmailConfig config =
        load(
            """
            tenants: {default: {email: [primary]}}
            connectors:
              primary: {factory: test-mail,
                        config: {host: smtp.example.com, fromEmail: a@example.com}}
            """);
    FileCaptureInbox inbox = inbox();

    try (ConnectorInstances instances = ConnectorInstances.start(config, REGISTRY, inbox, CLOCK)) {
      assertThat(instances.platformInstance()).isEmpty();
      assertThat(instances.platformTransport()).isSameAs(inbox);
      ConnectorContext context = TestMailFactory.CONTEXTS.peek();
      assertThat(context.network().isTrusted()).as("a connector of the operator's file").isTrue();
      assertThat(instances.context("default").network().isTrusted())
          .as("a connector stored through the API")
          .isFalse();
      assertThat(instances.context("default").network().allowsPrivateAddresses()).isFalse();
      assertThat(context.platformSender())
          .contains(EmailAddress.parse(AuthmailConfig.DEFAULT_FROM_ADDRESS));
      assertThat(context.platformTransport()).containsSame(inbox);
    }
  }

  @Test
  void aConnectorOutsideTheChainIsCreatedOnDemandAndSends() throws IOException {
    AuthmailConfig config =
        load(
            """
            tenants: {default: {email: [hook]}}
            connectors:
              hook: {factory: test-hook, config: {endpoint: "https://example.com"}}
              spare: {factory: test-mail,
                      config: {host: smtp.example.com, fromEmail: a@example.com}}
            """);

    try (ConnectorInstances instances =
        ConnectorInstances.start(config, REGISTRY, inbox(), CLOCK)) {
      var spare = instances.connector("default", "spare");
      var result =
          spare
              .connector()
              .send(
                  new EmailRequest(
                      EmailAddress.parse("b@example.com"),
                      UsageType.Generic,
                      Payload.builder().code("000000").build(),
                      "m-1"));

      assertThat(result.providerMessageId()).isEqualTo("test-m-1");
      assertThat(instances.connector("default", "spare")).isSameAs(spare);
      assertThatThrownBy(() -> instances.connector("default", "nope"))
          .hasMessageContaining("defined: hook, spare");
      assertThatThrownBy(() -> instances.connector("ghost", "spare"))
          .hasMessageContaining("no tenant is named \"ghost\"");
    }
  }

  @Test
  void startRefusesAConfigurationWhoseConnectorsCannotBeCreated() throws IOException {
    AuthmailConfig config =
        load(
            """
            tenants: {default: {email: [primary]}}
            connectors:
              primary: {factory: test-mail, config: {host: smtp.example.com, fromEmail: nope}}
            """);

    assertThatThrownBy(() -> ConnectorInstances.start(config, REGISTRY, inbox(), CLOCK))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("connectors.primary.config.fromEmail: is not an email address");
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseIsRefused() throws IOException {
    AuthmailConfig config =
        load(
            """
            tenants: {default: {email: [primary]}}
            connectors:
              primary: {factory: test-mail,
                        config: {host: smtp.example.com, fromEmail: a@example.com}}
            """);
    ConnectorInstances instances = ConnectorInstances.start(config, REGISTRY, inbox(), CLOCK);

    instances.close();
    instances.close();

    assertThatThrownBy(() -> instances.connector("default", "primary"))
        .isInstanceOf(IllegalStateException.class);
  }
}
