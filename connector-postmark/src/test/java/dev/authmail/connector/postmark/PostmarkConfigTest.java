package dev.authmail.connector.postmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.okhttp.HttpTimeouts;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostmarkConfigTest {
  private static PostmarkConfig bind(Map<String, Object> raw) {
    return PostmarkConfig.from(PostmarkConfig.SPEC.bind(raw), NetworkPolicy.strict());
  }

  /** Logto's mock.ts. */
  private static List<Map<String, Object>> logtoTemplates() {
    return List.of(
        Map.of("usageType", "SignIn", "templateAlias", "logto-sign-in"),
        Map.of("usageType", "Register", "templateAlias", "logto-register"),
        Map.of("usageType", "ForgotPassword", "templateAlias", "logto-forgot-password"),
        Map.of("usageType", "Generic", "templateAlias", "logto-generic"));
  }

  @Test
  void defaults() {
    PostmarkConfig config =
        bind(
            Map.of(
                "serverToken",
                "serverToken",
                "fromEmail",
                "noreply@logto.test.io",
                "templates",
                logtoTemplates()));

    assertThat(config.serverToken()).isEqualTo("serverToken");
    assertThat(config.fromEmail()).isEqualTo(EmailAddress.parse("noreply@logto.test.io"));
    assertThat(config.aliases()).containsEntry(UsageType.SignIn, "logto-sign-in").hasSize(4);
    assertThat(config.contents()).isEmpty();
    assertThat(config.messageStream()).isEqualTo("outbound");
    assertThat(config.endpoint()).isEqualTo(URI.create("https://api.postmarkapp.com"));
    assertThat(config.timeouts()).isEqualTo(HttpTimeouts.DEFAULTS);
    assertThat(config.toString()).doesNotContain("serverToken=");
  }

  @Test
  void everyKey() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("serverToken", "token-every-key");
    raw.put("fromEmail", "noreply@example.com");
    raw.put(
        "templates",
        List.of(
            Map.of(
                "usageType",
                "SignIn",
                "contentType",
                "text/plain",
                "subject",
                "s {{code}}",
                "content",
                "c {{code}}",
                "replyTo",
                "help@example.com",
                "sendFrom",
                "Acme"),
            Map.of("usageType", "Register", "subject", "r", "content", "<p>r</p>"),
            Map.of("usageType", "ForgotPassword", "templateAlias", "forgot"),
            Map.of("usageType", "Generic", "templateAlias", "generic")));
    raw.put("messageStream", "auth-codes");
    raw.put("endpoint", "https://api.postmarkapp.com");
    raw.put("timeout", Map.of("connect", 1000, "read", 2000, "write", 3000, "call", 4000));

    PostmarkConfig config = bind(raw);

    assertThat(config.contents().get(UsageType.SignIn))
        .isEqualTo(
            new EmailTemplate(
                UsageType.SignIn,
                EmailTemplate.ContentType.TEXT,
                "s {{code}}",
                "c {{code}}",
                "help@example.com",
                "Acme"));
    assertThat(config.contents().get(UsageType.Register).contentType())
        .isEqualTo(EmailTemplate.ContentType.HTML);
    assertThat(config.aliases())
        .containsOnly(
            Map.entry(UsageType.ForgotPassword, "forgot"), Map.entry(UsageType.Generic, "generic"));
    assertThat(config.template(UsageType.BindMfa)).contains("generic");
    assertThat(config.template(UsageType.SignIn)).contains(config.contents().get(UsageType.SignIn));
    assertThat(config.messageStream()).isEqualTo("auth-codes");
    assertThat(config.timeouts())
        .isEqualTo(
            new HttpTimeouts(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                Duration.ofSeconds(4)));
    assertThat(config.toString()).doesNotContain("token-every-key");
  }

  @Test
  void everySemanticProblemIsReportedAtOnceNamingItsKey() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("serverToken", "token with spaces");
    raw.put("fromEmail", "noreply");
    raw.put("messageStream", "Outbound!");
    raw.put("endpoint", "http://api.postmarkapp.com");
    raw.put(
        "templates",
        List.of(
            Map.of("usageType", "Nope", "templateAlias", "x"),
            Map.of("usageType", "SignIn", "templateAlias", "a", "content", "c"),
            Map.of("usageType", "Register", "subject", "s"),
            Map.of(
                "usageType",
                "Generic",
                "subject",
                "s",
                "content",
                "c",
                "contentType",
                "text/markdown"),
            Map.of("usageType", "ForgotPassword")));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> bind(raw));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder(
            "serverToken",
            "fromEmail",
            "messageStream",
            "endpoint",
            "templates[0].usageType",
            "templates[1].templateAlias",
            "templates[2].content",
            "templates[3].contentType",
            "templates[4].content");
    assertThat(e.getMessage()).doesNotContain("token with spaces");
  }

  @Test
  void logtosRequiredUsageTypesAreChecked() {
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                bind(
                    Map.of(
                        "serverToken",
                        "t",
                        "fromEmail",
                        "a@example.com",
                        "templates",
                        List.of(Map.of("usageType", "SignIn", "templateAlias", "a")))));
    assertThat(e.getMessage())
        .contains(
            "Template with UsageType (Register, ForgotPassword, Generic) should be provided!");
  }
}
