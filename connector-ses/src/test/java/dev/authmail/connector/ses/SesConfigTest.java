package dev.authmail.connector.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SesConfigTest {
  private static SesConfig bind(Map<String, Object> raw, NetworkPolicy policy) {
    return SesConfig.from(SesConfig.SPEC.bind(raw), policy);
  }

  private static List<Map<String, Object>> logtoTemplates() {
    return List.of(
        Map.of(
            "usageType",
            "SignIn",
            "subject",
            "Sign-in code",
            "content",
            "<p>Your code is {{code}}</p>"),
        Map.of("usageType", "Register", "subject", "Register code", "content", "<p>{{code}}</p>"),
        Map.of(
            "usageType", "ForgotPassword", "subject", "Reset code", "content", "<p>{{code}}</p>"),
        Map.of("usageType", "Generic", "subject", "Code", "content", "<p>{{code}}</p>"));
  }

  @Test
  void defaults() {
    SesConfig config = bind(Map.of("region", "eu-west-1"), NetworkPolicy.strict());

    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.hasStaticKeys()).isFalse();
    assertThat(config.accessKeyId()).isNull();
    assertThat(config.accessKeySecret()).isNull();
    assertThat(config.sessionToken()).isNull();
    assertThat(config.emailAddress()).isNull();
    assertThat(config.fromName()).isNull();
    assertThat(config.replyTo()).isNull();
    assertThat(config.emailAddressIdentityArn()).isNull();
    assertThat(config.feedbackForwardingEmailAddress()).isNull();
    assertThat(config.feedbackForwardingEmailAddressIdentityArn()).isNull();
    assertThat(config.configurationSetName()).isNull();
    assertThat(config.templates()).isEmpty();
    assertThat(config.endpoint()).isNull();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void everyKey() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("accessKeyId", "AKIDEXAMPLE");
    raw.put("accessKeySecret", "secret-key");
    raw.put("sessionToken", "session-token");
    raw.put("region", "ap-northeast-1");
    raw.put("emailAddress", "noreply@example.com");
    raw.put("fromName", "Acme");
    raw.put("replyTo", "help@example.com");
    raw.put("emailAddressIdentityArn", "arn:aws:ses:ap-northeast-1:1:identity/example.com");
    raw.put("feedbackForwardingEmailAddress", "bounce@example.com");
    raw.put(
        "feedbackForwardingEmailAddressIdentityArn",
        "arn:aws:ses:ap-northeast-1:1:identity/bounce");
    raw.put("configurationSetName", "auth");
    raw.put("templates", logtoTemplates());
    raw.put("endpoint", "https://email.ap-northeast-1.amazonaws.com");
    raw.put("timeout", Map.of("connect", 1000, "read", 2000, "call", 3000));

    SesConfig config = bind(raw, NetworkPolicy.strict());

    assertThat(config.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(config.accessKeySecret()).isEqualTo("secret-key");
    assertThat(config.sessionToken()).isEqualTo("session-token");
    assertThat(config.region()).isEqualTo("ap-northeast-1");
    assertThat(config.emailAddress()).isEqualTo(EmailAddress.parse("noreply@example.com"));
    assertThat(config.fromName()).isEqualTo("Acme");
    assertThat(config.replyTo()).isEqualTo(EmailAddress.parse("help@example.com"));
    assertThat(config.emailAddressIdentityArn())
        .isEqualTo("arn:aws:ses:ap-northeast-1:1:identity/example.com");
    assertThat(config.feedbackForwardingEmailAddress())
        .isEqualTo(EmailAddress.parse("bounce@example.com"));
    assertThat(config.feedbackForwardingEmailAddressIdentityArn())
        .isEqualTo("arn:aws:ses:ap-northeast-1:1:identity/bounce");
    assertThat(config.configurationSetName()).isEqualTo("auth");
    assertThat(config.templates()).hasSize(4);
    assertThat(config.endpoint())
        .isEqualTo(URI.create("https://email.ap-northeast-1.amazonaws.com"));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.toString()).doesNotContain("secret-key").doesNotContain("session-token");
  }

  @Test
  void logtoConfigLoadsUnchanged() {
    // a config exported from Logto's aws-ses-mail connector
    Map<String, Object> logto = new LinkedHashMap<>();
    logto.put("accessKeyId", "AKIAIOSFODNN7EXAMPLE");
    logto.put("accessKeySecret", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    logto.put("region", "us-east-1");
    logto.put("emailAddress", "foo@logto.io");
    logto.put("emailAddressIdentityArn", "");
    logto.put("feedbackForwardingEmailAddress", "");
    logto.put("feedbackForwardingEmailAddressIdentityArn", "");
    logto.put("configurationSetName", "");
    logto.put("templates", logtoTemplates());

    assertThat(SesConfig.SPEC.check(logto)).isEmpty();
    SesConfig config = bind(logto, NetworkPolicy.strict());

    assertThat(config.hasStaticKeys()).isTrue();
    assertThat(config.emailAddress().value()).isEqualTo("foo@logto.io");
    assertThat(config.configurationSetName()).isNull();
    EmailTemplate signIn =
        config.templates().stream()
            .filter(t -> t.usageType() == UsageType.SignIn)
            .findFirst()
            .orElseThrow();
    assertThat(signIn.contentType()).isEqualTo(EmailTemplate.ContentType.HTML);
    assertThat(signIn.content()).isEqualTo("<p>Your code is {{code}}</p>");
  }

  @Test
  void everySemanticProblemIsReportedAtOnceNamingItsKey() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("accessKeyId", "AKIDEXAMPLE");
    raw.put("region", "EU West");
    raw.put("emailAddress", "noreply at example.com");
    raw.put("replyTo", "x@");
    raw.put("endpoint", "http://email.eu-west-1.amazonaws.com");
    raw.put("templates", List.of(Map.of("usageType", "SignIn", "subject", "s", "content", "c")));

    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> bind(raw, NetworkPolicy.strict()));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder(
            "region", "accessKeySecret", "emailAddress", "replyTo", "endpoint", "templates");
    assertThat(e.getMessage())
        .contains(
            "Template with UsageType (Register, ForgotPassword, Generic) should be provided!");
  }

  @Test
  void loopbackEndpointIsAllowedOnlyWhenTheOperatorAllowsPrivateAddresses() {
    Map<String, Object> raw = Map.of("region", "us-east-1", "endpoint", "http://127.0.0.1:4566");
    assertThat(bind(raw, NetworkPolicy.allowingPrivateAddresses()).endpoint())
        .isEqualTo(URI.create("http://127.0.0.1:4566"));
    ConnectorException e =
        catchThrowableOfType(ConnectorException.class, () -> bind(raw, NetworkPolicy.strict()));
    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("endpoint");
  }

  @Test
  void emailAddressMayBeAMailboxWithANonAsciiDisplayNameAndASeparateFromNameWins() {
    SesConfig named =
        bind(
            Map.of("region", "eu-west-1", "emailAddress", "Müller GmbH <noreply@example.com>"),
            NetworkPolicy.strict());
    SesConfig both =
        bind(
            Map.of(
                "region",
                "eu-west-1",
                "emailAddress",
                "Acme <noreply@example.com>",
                "fromName",
                "Acme Login"),
            NetworkPolicy.strict());

    assertThat(named.emailAddress()).isEqualTo(EmailAddress.parse("noreply@example.com"));
    assertThat(named.fromName()).isEqualTo("Müller GmbH");
    assertThat(SesMessages.mailbox(named.fromName(), named.emailAddress()))
        .startsWith("=?UTF-8?B?")
        .endsWith(" <noreply@example.com>");
    assertThat(both.fromName()).isEqualTo("Acme Login");
  }
}
