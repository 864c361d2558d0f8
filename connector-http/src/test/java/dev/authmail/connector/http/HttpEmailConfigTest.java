package dev.authmail.connector.http;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpEmailConfigTest {
  private static final String SECRET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private final ConfigSpec spec = new HttpEmailConnectorFactory().configSpec();

  @Test
  void aLogtoHttpEmailConfigLoadsUnchanged() {
    Map<String, Object> logto =
        Map.of(
            "endpoint",
            "https://example.com/your-http-endpoint",
            "authorization",
            "Bearer your-token");

    assertThat(spec.check(logto)).isEmpty();
    HttpEmailConfig config = load(logto);

    assertThat(config.endpoint()).isEqualTo(URI.create("https://example.com/your-http-endpoint"));
    assertThat(config.authorization()).contains("Bearer your-token");
  }

  @Test
  void everyDefault() {
    HttpEmailConfig config = load(Map.of("endpoint", "https://example.com/email"));

    assertThat(config)
        .isEqualTo(
            new HttpEmailConfig(
                URI.create("https://example.com/email"),
                Optional.empty(),
                Map.of(),
                new HttpTimeouts(
                    Duration.ofMillis(5000),
                    Duration.ofMillis(15000),
                    Duration.ofMillis(15000),
                    Duration.ofMillis(30000)),
                Optional.empty()));
  }

  @Test
  void everyKey() {
    HttpEmailConfig config =
        load(
            Map.of(
                "endpoint",
                "https://mail.example.com/send?via=authmail",
                "authorization",
                "Basic dXNlcjpwYXNz",
                "headers",
                Map.of("X-Api-Key", "key-1", "X-Priority", 1),
                "timeout",
                Map.of("connect", 1000, "read", 2000, "write", 3000, "call", 4000),
                "signingSecret",
                SECRET));

    assertThat(config)
        .isEqualTo(
            new HttpEmailConfig(
                URI.create("https://mail.example.com/send?via=authmail"),
                Optional.of("Basic dXNlcjpwYXNz"),
                Map.of("X-Api-Key", "key-1", "X-Priority", "1"),
                new HttpTimeouts(
                    Duration.ofMillis(1000),
                    Duration.ofMillis(2000),
                    Duration.ofMillis(3000),
                    Duration.ofMillis(4000)),
                Optional.of(SECRET)));
  }

  @Test
  void secretsAreDeclaredAndNeverShown() {
    Map<String, Object> raw =
        Map.of(
            "endpoint",
            "https://example.com/email?token=query-secret",
            "authorization",
            "Bearer s3cr3t",
            "headers",
            Map.of("X-Api-Key", "header-secret"),
            "signingSecret",
            SECRET);

    assertThat(spec.keys())
        .filteredOn(k -> k.secret())
        .extracting(k -> k.name())
        .containsExactlyInAnyOrder("authorization", "headers", "signingSecret");
    assertThat(spec.bind(raw).toString()).doesNotContain("s3cr3t", "header-secret", SECRET);
    assertThat(load(raw).toString())
        .doesNotContain("s3cr3t", "header-secret", SECRET, "query-secret")
        .contains("endpoint=https://example.com/email,");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Content-Type", "authorization", "Host", "content-length", "X-Authmail-Signature"})
  void aCustomHeaderCannotReplaceOneTheConnectorSets(String name) {
    ConnectorException e =
        refused(Map.of("endpoint", "https://example.com/email", "headers", Map.of(name, "x")));

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("headers." + name);
    assertThat(e.getMessage()).contains("is set by the connector and cannot be overridden");
  }

  @Test
  void headerValuesWithLineBreaksAndBadNamesAreRefusedTogether() {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("X-Note", "ok\r\nX-Injected: 1");
    headers.put("Bad Name", "v");
    headers.put("X-Object", Map.of("a", 1));

    ConnectorException e =
        refused(Map.of("endpoint", "https://example.com/email", "headers", headers));

    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "headers.X-Note: must not contain a line break (CR or LF)",
            "headers: the header name \"Bad Name\" is not a valid HTTP header name (letters, digits"
                + " and !#$%&'*+.^_`|~- only)",
            "headers.X-Object: must be a text value, not an object or list");
  }

  @Test
  void anAuthorizationWithALineBreakAndAShortSecretAreRefusedWithoutShowingThem() {
    ConnectorException e =
        refused(
            Map.of(
                "endpoint",
                "ftp://example.com/email",
                "authorization",
                "Bearer x\nEvil: 1",
                "signingSecret",
                "short-secret"));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("endpoint", "authorization", "signingSecret");
    assertThat(e.getMessage())
        .contains("endpoint: must be an https:// URL", "at least 32 characters")
        .doesNotContain("Evil", "short-secret");
  }

  @Test
  void aMissingEndpointOrAnUnknownKeyFailsTheSpec() {
    assertThat(spec.check(Map.of("endpont", "https://example.com")))
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "endpont: unknown key; did you mean endpoint? (valid keys: endpoint, authorization,"
                + " headers, signingSecret, timeout)",
            "endpoint: is required (the https:// URL to POST each email to)");
  }

  private HttpEmailConfig load(Map<String, Object> raw) {
    return HttpEmailConfig.from(spec.bind(raw), NetworkPolicy.strict());
  }

  private ConnectorException refused(Map<String, Object> raw) {
    return catchThrowableOfType(ConnectorException.class, () -> load(raw));
  }
}
