package dev.authmail.connector.sendgrid;

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

class SendGridConfigTest {
  private static SendGridConfig bind(Map<String, Object> raw, NetworkPolicy policy) {
    return SendGridConfig.from(SendGridConfig.SPEC.bind(raw), policy);
  }

  private static List<Map<String, Object>> logtoTemplates() {
    return List.of(
        Map.of(
            "usageType",
            "SignIn",
            "type",
            "text/plain",
            "subject",
            "Sign-in code",
            "content",
            "Your code is {{code}}"),
        Map.of(
            "usageType",
            "Register",
            "type",
            "text/html",
            "subject",
            "Register",
            "content",
            "<p>{{code}}</p>"),
        Map.of(
            "usageType",
            "ForgotPassword",
            "type",
            "text/plain",
            "subject",
            "Reset",
            "content",
            "{{code}}"),
        Map.of(
            "usageType",
            "Generic",
            "type",
            "text/plain",
            "subject",
            "Code",
            "content",
            "{{code}}"));
  }

  @Test
  void defaults() {
    SendGridConfig config =
        bind(Map.of("apiKey", "SG.x", "fromEmail", "noreply@example.com"), NetworkPolicy.strict());

    assertThat(config.apiKey()).isEqualTo("SG.x");
    assertThat(config.fromEmail()).isEqualTo(EmailAddress.parse("noreply@example.com"));
    assertThat(config.fromName()).isNull();
    assertThat(config.replyTo()).isNull();
    assertThat(config.templates()).isEmpty();
    assertThat(config.dynamicTemplates()).isEmpty();
    assertThat(config.sandboxMode()).isFalse();
    assertThat(config.endpoint()).isEqualTo(URI.create("https://api.sendgrid.com"));
    assertThat(config.timeouts()).isEqualTo(HttpTimeouts.DEFAULTS);
  }

  @Test
  void everyKey() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("apiKey", "SG.every-key");
    raw.put("fromEmail", "noreply@example.com");
    raw.put("fromName", "Acme");
    raw.put("templates", logtoTemplates());
    raw.put("replyTo", "help@example.com");
    raw.put("dynamicTemplates", Map.of("SignIn", "d-abc123", "Generic", "d-def456"));
    raw.put("sandboxMode", true);
    raw.put("endpoint", "https://api.eu.sendgrid.com");
    raw.put("timeout", Map.of("connect", 1000, "read", 2000, "write", 3000, "call", 4000));
    // the verification key of SendGrid's own Event Webhook helper tests (sendgrid-nodejs)
    raw.put(
        "eventWebhookPublicKey",
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbh"
            + "dbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==");

    SendGridConfig config = bind(raw, NetworkPolicy.strict());

    assertThat(config.apiKey()).isEqualTo("SG.every-key");
    assertThat(config.fromName()).isEqualTo("Acme");
    assertThat(config.templates())
        .extracting(EmailTemplate::usageType)
        .containsExactly(
            UsageType.SignIn, UsageType.Register, UsageType.ForgotPassword, UsageType.Generic);
    assertThat(config.replyTo()).isEqualTo(EmailAddress.parse("help@example.com"));
    assertThat(config.dynamicTemplates())
        .containsEntry(UsageType.SignIn, "d-abc123")
        .containsEntry(UsageType.Generic, "d-def456");
    assertThat(config.dynamicTemplate(UsageType.SignIn)).contains("d-abc123");
    assertThat(config.dynamicTemplate(UsageType.Register)).contains("d-def456");
    assertThat(config.sandboxMode()).isTrue();
    assertThat(config.endpoint()).isEqualTo(URI.create("https://api.eu.sendgrid.com"));
    assertThat(config.timeouts())
        .isEqualTo(
            new HttpTimeouts(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                Duration.ofSeconds(4)));
    assertThat(config.toString()).doesNotContain("SG.every-key");
  }

  @Test
  void logtoConfigLoadsUnchanged() {
    // a config exported from Logto's sendgrid-email-service connector
    Map<String, Object> logto = new LinkedHashMap<>();
    logto.put("apiKey", "SG.logto-exported");
    logto.put("fromEmail", "foo@logto.io");
    logto.put("fromName", "Logto");
    logto.put("templates", logtoTemplates());

    assertThat(SendGridConfig.SPEC.check(logto)).isEmpty();
    SendGridConfig config = bind(logto, NetworkPolicy.strict());

    assertThat(config.fromName()).isEqualTo("Logto");
    EmailTemplate signIn = config.templates().get(0);
    assertThat(signIn.contentType()).isEqualTo(EmailTemplate.ContentType.TEXT);
    assertThat(signIn.subject()).isEqualTo("Sign-in code");
    assertThat(config.templates().get(1).contentType()).isEqualTo(EmailTemplate.ContentType.HTML);
  }

  @Test
  void everySemanticProblemIsReportedAtOnceNamingItsKey() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("apiKey", "SG key with spaces");
    raw.put("fromEmail", "noreply");
    raw.put("replyTo", "@example.com");
    raw.put("dynamicTemplates", Map.of("Signin", "d-ok1", "Nope", "d-x", "Generic", "template-7"));
    raw.put("endpoint", "http://api.sendgrid.com");
    raw.put("eventWebhookPublicKey", "-----BEGIN PUBLIC KEY----- not base64");
    raw.put(
        "templates",
        List.of(
            Map.of(
                "usageType", "SignIn", "type", "text/markdown", "subject", "s", "content", "c")));

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> bind(raw, NetworkPolicy.strict()));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder(
            "apiKey",
            "fromEmail",
            "replyTo",
            "dynamicTemplates.Nope",
            "dynamicTemplates.Generic",
            "endpoint",
            "eventWebhookPublicKey",
            "templates[0].type");
    assertThat(e.getMessage()).doesNotContain("SG key with spaces");
  }

  @Test
  void fromEmailMayBeAMailboxWithADisplayNameAndASeparateFromNameWins() {
    SendGridConfig named =
        bind(
            Map.of("apiKey", "SG.x", "fromEmail", "\"Acme, Inc.\" <noreply@example.com>"),
            NetworkPolicy.strict());
    SendGridConfig both =
        bind(
            Map.of(
                "apiKey",
                "SG.x",
                "fromEmail",
                "Acme <noreply@example.com>",
                "fromName",
                "Acme Login"),
            NetworkPolicy.strict());

    assertThat(named.fromEmail()).isEqualTo(EmailAddress.parse("noreply@example.com"));
    assertThat(named.fromName()).isEqualTo("Acme, Inc.");
    assertThat(both.fromName()).isEqualTo("Acme Login");
  }
}
