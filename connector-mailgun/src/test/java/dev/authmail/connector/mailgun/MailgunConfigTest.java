package dev.authmail.connector.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Mailbox;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.okhttp.HttpTimeouts;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailgunConfigTest {
  private static MailgunConfig bind(Map<String, Object> raw) {
    return MailgunConfig.from(MailgunConfig.SPEC.bind(raw), NetworkPolicy.strict());
  }

  /** Logto's type.test.ts "should pass with valid config": raw and template deliveries mixed. */
  private static Map<String, Object> logtoDeliveries() {
    return Map.of(
        "SignIn", Map.of("html", "html", "subject", "subject"),
        "Register", Map.of("template", "template", "variables", Map.of(), "subject", "subject"),
        "ForgotPassword", Map.of("html", "html", "text", "text", "subject", "subject"),
        "Generic", Map.of("template", "template", "variables", Map.of(), "subject", "subject"));
  }

  @Test
  void defaults() {
    MailgunConfig config =
        bind(
            Map.of(
                "domain",
                "example.com",
                "apiKey",
                "key",
                "from",
                "foo@example.com",
                "deliveries",
                Map.of()));

    assertThat(config.endpoint()).isEqualTo(URI.create("https://api.mailgun.net"));
    assertThat(config.domain()).isEqualTo("example.com");
    assertThat(config.apiKey()).isEqualTo("key");
    assertThat(config.from()).isEqualTo(new Mailbox(EmailAddress.parse("foo@example.com"), null));
    assertThat(config.deliveries()).isEmpty();
    assertThat(config.timeouts()).isEqualTo(HttpTimeouts.DEFAULTS);
  }

  @Test
  void everyKey() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("endpoint", "https://api.eu.mailgun.net");
    raw.put("domain", "MG.Example.com");
    raw.put("apiKey", "key-every");
    raw.put("from", "Sender Name <foo@example.com>");
    raw.put("deliveries", logtoDeliveries());
    raw.put("timeout", Map.of("connect", 1000, "read", 2000, "write", 3000, "call", 4000));

    MailgunConfig config = bind(raw);

    assertThat(config.endpoint()).isEqualTo(URI.create("https://api.eu.mailgun.net"));
    assertThat(config.domain()).isEqualTo("mg.example.com");
    assertThat(config.from())
        .isEqualTo(new Mailbox(EmailAddress.parse("foo@example.com"), "Sender Name"));
    assertThat(config.deliveries())
        .containsOnlyKeys(
            UsageType.SignIn, UsageType.Register, UsageType.ForgotPassword, UsageType.Generic);
    assertThat(config.deliveries().get(UsageType.SignIn))
        .isEqualTo(new Delivery.Content("subject", null, "html", null));
    assertThat(config.deliveries().get(UsageType.ForgotPassword))
        .isEqualTo(new Delivery.Content("subject", null, "html", "text"));
    assertThat(config.deliveries().get(UsageType.Register))
        .isEqualTo(new Delivery.Stored("subject", null, "template", Map.of()));
    assertThat(config.delivery(UsageType.BindMfa))
        .contains(config.deliveries().get(UsageType.Generic));
    assertThat(config.timeouts())
        .isEqualTo(
            new HttpTimeouts(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                Duration.ofSeconds(4)));
    assertThat(config.toString()).doesNotContain("key-every");
  }

  @Test
  void logtosPartialAndReplyToFormsLoad() {
    // Logto's "should allow partial template config" and its README's replyTo "Foo <foo@bar.com>"
    MailgunConfig config =
        bind(
            Map.of(
                "domain",
                "example.com",
                "apiKey",
                "key",
                "from",
                "from@example.com",
                "deliveries",
                Map.of(
                    "SignIn",
                    Map.of("html", "html", "subject", "subject", "replyTo", "Foo <foo@bar.com>"))));
    assertThat(config.deliveries().get(UsageType.SignIn).replyTo())
        .isEqualTo(new Mailbox(EmailAddress.parse("foo@bar.com"), "Foo"));
  }

  @Test
  void everySemanticProblemIsReportedAtOnceNamingItsKey() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("endpoint", "http://api.mailgun.net");
    raw.put("domain", "https://example.com");
    raw.put("apiKey", "key with spaces");
    raw.put("from", "from");
    raw.put(
        "deliveries",
        Map.of(
            "ForgotPassword",
                Map.of("text", "text", "subject", "subject"), // Logto: invalid delivery config
            "Nope", Map.of("html", "x"),
            "Register", Map.of("html", "x", "template", "t"),
            "Generic", Map.of("html", "x", "colour", "red")));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> bind(raw));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder(
            "endpoint",
            "domain",
            "apiKey",
            "from",
            "deliveries.ForgotPassword",
            "deliveries.Nope",
            "deliveries.Register",
            "deliveries.Generic.colour");
    assertThat(e.getMessage()).doesNotContain("key with spaces");
  }

  @Test
  void theSpecRefusesAMissingRequiredKey() {
    assertThat(
            MailgunConfig.SPEC.check(
                Map.of("domain", "example.com", "apiKey", "k", "from", "a@b.c")))
        .extracting(ConfigProblem::path)
        .containsExactly("deliveries");
  }
}
