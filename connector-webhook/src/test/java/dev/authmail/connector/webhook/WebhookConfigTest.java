package dev.authmail.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.okhttp.HttpTimeouts;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {
  private static final String SECRET = WebhookSignerTest.SPEC_SECRET;
  private static final String OTHER = WebhookSignerTest.OTHER_SECRET;
  private final ConfigSpec spec = new WebhookConnectorFactory().configSpec();

  @Test
  void everyDefault() {
    WebhookConfig config =
        load(Map.of("endpoint", "https://example.com/hooks", "secrets", List.of(SECRET)));

    assertThat(config.endpoint()).isEqualTo(URI.create("https://example.com/hooks"));
    assertThat(config.signer().size()).isEqualTo(1);
    assertThat(config.timeouts())
        .isEqualTo(
            new HttpTimeouts(
                Duration.ofMillis(5000),
                Duration.ofMillis(15000),
                Duration.ofMillis(15000),
                Duration.ofMillis(30000)));
  }

  @Test
  void everyKey() {
    WebhookConfig config =
        load(
            Map.of(
                "endpoint", "https://example.com/hooks?source=authmail",
                "secrets", List.of(OTHER, SECRET),
                "timeout", Map.of("connect", 1000, "read", 2000, "write", 3000, "call", 4000)));

    assertThat(config.endpoint())
        .isEqualTo(URI.create("https://example.com/hooks?source=authmail"));
    assertThat(
            config
                .signer()
                .sign(
                    WebhookSignerTest.SPEC_MSG_ID,
                    WebhookSignerTest.SPEC_TIMESTAMP,
                    WebhookSignerTest.SPEC_PAYLOAD))
        .endsWith(" " + WebhookSignerTest.SPEC_SIGNATURE);
    assertThat(config.timeouts())
        .isEqualTo(
            new HttpTimeouts(
                Duration.ofMillis(1000),
                Duration.ofMillis(2000),
                Duration.ofMillis(3000),
                Duration.ofMillis(4000)));
  }

  @Test
  void theSecretsAreDeclaredSecretAndNeverShown() {
    Map<String, Object> raw =
        Map.of(
            "endpoint",
            "https://example.com/hooks?token=query-token",
            "secrets",
            List.of(SECRET, OTHER));

    assertThat(spec.key("secrets")).get().matches(k -> k.secret() && k.required());
    assertThat(spec.bind(raw).toString()).doesNotContain(SECRET, OTHER);
    assertThat(load(raw).toString())
        .doesNotContain(SECRET, OTHER, "query-token")
        .isEqualTo(
            "WebhookConfig[endpoint=https://example.com/hooks, WebhookSigner[2 secrets], timeouts="
                + HttpTimeouts.DEFAULTS
                + "]");
  }

  @Test
  void everyBadSecretAndTheEndpointAreReportedTogetherWithoutTheirValues() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                load(
                    Map.of(
                        "endpoint",
                        "http://example.com/hooks",
                        "secrets",
                        List.of(SECRET, "my-plain-password", "whsec_jjWkRL577djlrpeCBUIY1Q=="))));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("endpoint", "secrets[1]", "secrets[2]");
    assertThat(e.getMessage())
        .contains(
            "must be a Standard Webhooks secret: whsec_ followed by the base64 of 24 to 64 random"
                + " bytes")
        .doesNotContain("my-plain-password", "jjWkRL577");
  }

  @Test
  void anEmptySecretListIsRefused() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () -> load(Map.of("endpoint", "https://example.com/hooks", "secrets", List.of())));

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("secrets");
    assertThat(e.getMessage()).contains("needs at least one secret");
  }

  @Test
  void theSpecRequiresEndpointAndSecrets() {
    assertThat(spec.check(Map.of()))
        .extracting(ConfigProblem::path)
        .containsExactly("endpoint", "secrets");
  }

  private WebhookConfig load(Map<String, Object> raw) {
    return WebhookConfig.from(spec.bind(raw), NetworkPolicy.strict());
  }
}
