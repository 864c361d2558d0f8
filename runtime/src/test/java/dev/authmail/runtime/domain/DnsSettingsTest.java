package dev.authmail.runtime.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The doctor's DNS settings: {@code domains.dns} in the configuration file, checked at the door,
 * and the environment ({@code AUTHMAIL_DNS_RESOLVER}/{@code AUTHMAIL_DNS_TIMEOUT}) winning over it.
 */
class DnsSettingsTest {
  private static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();

  private static ConfigLoader.Result parse(String yaml) {
    return new ConfigLoader(REGISTRY, Map.of()).parse(yaml, ConfigLoader.Format.YAML, "test.yaml");
  }

  @Test
  void theFilesResolverAndTimeoutAreRead() {
    AuthmailConfig config =
        parse("domains:\n  dns:\n    resolver: \"127.0.0.1:5353\"\n    timeoutSeconds: 3\n")
            .orThrow();

    assertThat(config.domains())
        .isEqualTo(new AuthmailConfig.Domains("127.0.0.1:5353", Duration.ofSeconds(3)));
    assertThat(DnsClient.of(config.domains(), Map.of(), null, null).description())
        .isEqualTo("resolver 127.0.0.1:5353");
  }

  @Test
  void withoutTheBlockTheDefaultsHold() {
    assertThat(parse("tenants: {}\n").orThrow().domains())
        .isEqualTo(AuthmailConfig.Domains.DEFAULTS);
  }

  @Test
  void aBadResolverOrTimeoutIsRefusedNamingItsKey() {
    ConfigLoader.Result result =
        parse("domains:\n  dns:\n    resolver: \"127.0.0.1:99999\"\n    timeoutSeconds: 0\n");

    assertThat(result.problems())
        .anySatisfy(p -> assertThat(p.path()).isEqualTo("domains.dns.resolver"))
        .anySatisfy(p -> assertThat(p.path()).isEqualTo("domains.dns.timeoutSeconds"));
  }

  @Test
  void theEnvironmentWinsOverTheFileAndTheCommandLineOverBoth() {
    AuthmailConfig.Domains file =
        new AuthmailConfig.Domains("127.0.0.1:5353", Duration.ofSeconds(3));

    assertThat(
            DnsClient.of(file, Map.of(DnsClient.RESOLVER_ENV, "127.0.0.2:53"), null, null)
                .description())
        .isEqualTo("resolver 127.0.0.2:53");
    assertThat(
            DnsClient.of(file, Map.of(DnsClient.RESOLVER_ENV, "127.0.0.2:53"), "127.0.0.3", null)
                .description())
        .isEqualTo("resolver 127.0.0.3");
  }
}
