package dev.authmail.connector.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.smtp.SmtpAuth.AuthMethod;
import dev.authmail.connector.smtp.SmtpConfig.Tls;
import dev.authmail.connector.smtp.SmtpConfig.TlsMode;
import dev.authmail.connector.tck.TckTemplates;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpConfigTest {
  private static final ConfigSpec SPEC = new SmtpConnectorFactory().configSpec();

  private static SmtpConfig bind(Map<String, ?> raw) {
    return SmtpConfig.from(SPEC.bind(raw));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) throws Exception {
    return new ObjectMapper().readValue(text, Map.class);
  }

  @Test
  void defaults() {
    SmtpConfig config =
        bind(Map.of("host", "smtp.example.com", "fromEmail", "noreply@example.com"));

    assertThat(config)
        .isEqualTo(
            new SmtpConfig(
                "smtp.example.com",
                587,
                TlsMode.STARTTLS,
                new Tls(true, null, List.of(), List.of("TLSv1.3", "TLSv1.2")),
                SmtpAuth.NONE,
                EmailAddress.parse("noreply@example.com"),
                null,
                null,
                null,
                List.of(),
                null,
                null,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Map.of(),
                3,
                100));
    assertThat(config.tls()).isEqualTo(Tls.DEFAULT);
  }

  @Test
  void implicitTlsDefaultsToPort465() {
    assertThat(
            bind(Map.of("host", "smtp.example.com", "fromEmail", "a@example.com", "secure", true))
                .port())
        .isEqualTo(465);
    assertThat(
            bind(Map.of(
                    "host",
                    "smtp.example.com",
                    "fromEmail",
                    "a@example.com",
                    "tlsMode",
                    "implicit"))
                .port())
        .isEqualTo(465);
  }

  @Test
  void everyKey() throws Exception {
    String pem = TestTls.server().pem();
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("host", "smtp.example.com");
    raw.put("port", 2525);
    raw.put("auth", Map.of("user", "app", "pass", "pw-1"));
    raw.put("authMethod", "login");
    raw.put("fromEmail", "noreply@example.com");
    raw.put("fromName", "Example Inc.");
    raw.put("replyTo", "support@example.com");
    raw.put("envelopeFrom", "bounces@example.com");
    raw.put("templates", TckTemplates.logtoTemplates());
    raw.put("name", "mailer.example.com");
    raw.put("localAddress", "192.0.2.10");
    raw.put("connectionTimeout", 1500);
    raw.put("greetingTimeout", 2500);
    raw.put("socketTimeout", 3500);
    raw.put("dnsTimeout", 4500);
    raw.put("secure", false);
    raw.put(
        "tls",
        Map.of(
            "rejectUnauthorized",
            true,
            "servername",
            "mx.example.com",
            "ca",
            List.of(pem),
            "minVersion",
            "TLSv1.3"));
    raw.put("servername", "mx.example.com");
    raw.put("ignoreTLS", false);
    raw.put("requireTLS", true);
    raw.put("tlsMode", "starttls-required");
    raw.put("customHeaders", Map.of("X-Campaign", "auth", "X-Tag", List.of("a", "b")));
    raw.put("logger", true);
    raw.put("debug", true);
    raw.put("disableFileAccess", true);
    raw.put("disableUrlAccess", true);
    raw.put("maxConnections", 4);
    raw.put("maxMessages", 50);
    assertThat(SPEC.keys())
        .extracting(k -> k.name())
        .containsExactlyInAnyOrderElementsOf(
            // dkim is bound by DkimConfig, not SmtpConfig: SmtpDkimTest pins it
            java.util.stream.Stream.concat(
                    raw.keySet().stream(), java.util.stream.Stream.of("caCertificate", "dkim"))
                .toList());

    SmtpConfig config = bind(raw);

    X509Certificate certificate =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    assertThat(config)
        .isEqualTo(
            new SmtpConfig(
                "smtp.example.com",
                2525,
                TlsMode.STARTTLS_REQUIRED,
                new Tls(true, "mx.example.com", List.of(certificate), List.of("TLSv1.3")),
                new SmtpAuth.Password(AuthMethod.LOGIN, "app", "pw-1"),
                EmailAddress.parse("noreply@example.com"),
                "Example Inc.",
                EmailAddress.parse("support@example.com"),
                EmailAddress.parse("bounces@example.com"),
                List.of(
                    EmailTemplate.html(
                        UsageType.Register,
                        "Register verification code: {{code}}",
                        TckTemplates.logtoTemplate("Register").get("content").toString()),
                    EmailTemplate.html(
                        UsageType.SignIn,
                        "SignIn verification code: {{code}}",
                        TckTemplates.logtoTemplate("SignIn").get("content").toString()),
                    EmailTemplate.html(
                        UsageType.ForgotPassword,
                        "ForgotPassword verification code: {{code}}",
                        TckTemplates.logtoTemplate("ForgotPassword").get("content").toString()),
                    EmailTemplate.html(
                        UsageType.Generic,
                        "Generic verification code: {{code}}",
                        TckTemplates.logtoTemplate("Generic").get("content").toString())),
                "mailer.example.com",
                "192.0.2.10",
                Duration.ofMillis(1500),
                Duration.ofMillis(2500),
                Duration.ofMillis(3500),
                Map.of("X-Campaign", List.of("auth"), "X-Tag", List.of("a", "b")),
                4,
                50));
  }

  @Test
  void caCertificateKey() {
    String pem = TestTls.server().pem();
    SmtpConfig config =
        bind(Map.of("host", "localhost", "fromEmail", "a@example.com", "caCertificate", pem));

    assertThat(config.tls().trustedCertificates()).hasSize(1);
    assertThat(config.tls().trustedCertificates().get(0).getSubjectX500Principal().getName())
        .contains("CN=localhost");
  }

  @Test
  void logtoPasswordConfigLoadsUnchanged() throws Exception {
    Map<String, Object> logto =
        json(
            """
            {
              "host": "smtp.example.com",
              "port": 587,
              "auth": {"user": "apikey", "pass": "logto-smtp-password", "type": "login"},
              "fromEmail": "noreply@example.com",
              "replyTo": "support@example.com",
              "templates": [
                {"usageType": "Register", "contentType": "text/html", "subject": "Sign up",
                 "content": "<p>Code {{code}}</p>"},
                {"usageType": "SignIn", "contentType": "text/html", "subject": "Sign in",
                 "content": "<p>Code {{code}}</p>"},
                {"usageType": "ForgotPassword", "contentType": "text/plain", "subject": "Reset",
                 "content": "Code {{code}}"},
                {"usageType": "Generic", "contentType": "text/html", "subject": "Code",
                 "content": "<p>Code {{code}}</p>"},
                {"usageType": "OrganizationInvitation", "contentType": "text/html",
                 "subject": "Join {{organization.name}}",
                 "content": "<a href=\\"{{link}}\\">Join</a>"}
              ],
              "name": "logto.example.com",
              "localAddress": "0.0.0.0",
              "connectionTimeout": 120000,
              "greetingTimeout": 30000,
              "socketTimeout": 900000,
              "dnsTimeout": 30000,
              "secure": false,
              "tls": {"rejectUnauthorized": false, "servername": "smtp.example.com",
                      "ciphers": "SSLv3", "minVersion": "TLSv1.2", "ecdhCurve": "auto"},
              "servername": "smtp.example.com",
              "ignoreTLS": false,
              "requireTLS": true,
              "customHeaders": {"X-Logto": "yes", "X-Tags": ["a", "b"]},
              "logger": false,
              "debug": false,
              "disableFileAccess": true,
              "disableUrlAccess": true
            }
            """);

    assertThat(SPEC.check(logto)).isEmpty();
    SmtpConfig config = bind(logto);

    assertThat(config.tlsMode()).isEqualTo(TlsMode.STARTTLS_REQUIRED);
    assertThat(config.tls().verify()).isFalse();
    assertThat(config.tls().serverName()).isEqualTo("smtp.example.com");
    assertThat(config.auth())
        .isEqualTo(new SmtpAuth.Password(AuthMethod.PASSWORD, "apikey", "logto-smtp-password"));
    assertThat(config.templates()).hasSize(5);
    assertThat(config.connectionTimeout())
        .isEqualTo(Duration.ofMinutes(2)); // what was written is kept
    assertThat(config.socketTimeout()).isEqualTo(Duration.ofMinutes(15)); // Logto takes any number
    // what authmail cannot honour is named, one warning per key, and nothing else
    assertThat(SPEC.warnings(logto))
        .extracting(ConfigProblem::path)
        .containsExactly("dnsTimeout", "tls.ciphers", "tls.ecdhCurve", "logger", "debug");
    assertThat(SPEC.warnings(logto))
        .extracting(ConfigProblem::message)
        .allMatch(m -> m.startsWith("is accepted but not used: "));
    assertThat(config.customHeaders()).containsEntry("X-Tags", List.of("a", "b"));
    assertThat(config.toString()).doesNotContain("logto-smtp-password");
    assertThat(String.valueOf(SPEC.mask(logto))).doesNotContain("logto-smtp-password");
  }

  @Test
  void logtoOauth2ConfigLoadsUnchanged() throws Exception {
    Map<String, Object> logto =
        json(
            """
            {
              "host": "smtp.gmail.com", "port": 465, "secure": true,
              "auth": {"type": "oauth2", "user": "me@example.com",
                       "accessToken": "ya29.access-token", "clientId": "client-id",
                       "clientSecret": "client-secret-1", "refreshToken": "refresh-token-1",
                       "expires": 1735689600000,
                       "accessUrl": "https://oauth2.googleapis.com/token"},
              "fromEmail": "me@example.com",
              "templates": [
                {"usageType": "Register", "contentType": "text/html", "subject": "s",
                 "content": "c"},
                {"usageType": "SignIn", "contentType": "text/html", "subject": "s", "content": "c"},
                {"usageType": "ForgotPassword", "contentType": "text/html", "subject": "s",
                 "content": "c"},
                {"usageType": "Generic", "contentType": "text/html", "subject": "s", "content": "c"}
              ]
            }
            """);

    SmtpConfig config = bind(logto);

    assertThat(config.tlsMode()).isEqualTo(TlsMode.IMPLICIT);
    assertThat(config.auth())
        .isEqualTo(
            new SmtpAuth.RefreshToken(
                "me@example.com",
                "client-id",
                "client-secret-1",
                "refresh-token-1",
                "https://oauth2.googleapis.com/token",
                "ya29.access-token",
                java.time.Instant.ofEpochMilli(1735689600000L)));
    String masked = String.valueOf(SPEC.mask(logto));
    assertThat(masked)
        .doesNotContain("ya29.access-token", "client-secret-1", "refresh-token-1")
        .contains("client-id");
    assertThat(config.toString())
        .doesNotContain("ya29.access-token", "client-secret-1", "refresh-token-1");
  }

  @ParameterizedTest
  @CsvSource({
    "'{}', STARTTLS",
    "'{\"secure\": true}', IMPLICIT",
    "'{\"requireTLS\": true}', STARTTLS_REQUIRED",
    "'{\"ignoreTLS\": true}', NONE",
    "'{\"secure\": true, \"requireTLS\": true}', IMPLICIT",
    "'{\"tlsMode\": \"none\"}', NONE",
    "'{\"tlsMode\": \"starttls\"}', STARTTLS",
    "'{\"tlsMode\": \"starttls-required\", \"requireTLS\": true}', STARTTLS_REQUIRED",
    "'{\"tlsMode\": \"implicit\", \"secure\": true}', IMPLICIT",
  })
  void tlsModes(String flags, TlsMode expected) throws Exception {
    Map<String, Object> raw = json(flags);
    raw.put("host", "smtp.example.com");
    raw.put("fromEmail", "a@example.com");

    assertThat(bind(raw).tlsMode()).isEqualTo(expected);
  }

  @Test
  void authMethods() {
    Map<String, Object> raw =
        new LinkedHashMap<>(
            Map.of(
                "host",
                "h.example.com",
                "fromEmail",
                "a@example.com",
                "auth",
                Map.of("user", "u", "pass", "p")));
    assertThat(bind(raw).auth().method()).isEqualTo(AuthMethod.PASSWORD);
    assertThat(AuthMethod.PASSWORD.mechanisms()).isEqualTo("PLAIN LOGIN");
    raw.put("authMethod", "PLAIN");
    assertThat(bind(raw).auth().method()).isEqualTo(AuthMethod.PLAIN);
    raw.put("auth", Map.of("user", ""));
    raw.remove("authMethod");
    assertThat(bind(raw).auth()).isEqualTo(SmtpAuth.NONE);
  }

  @Test
  void everySemanticProblemIsReportedAtOnceWithItsKey() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("host", "smtp://smtp.example.com:25");
    raw.put("fromEmail", "not an address");
    raw.put("fromName", "Example\r\nBcc: victim@example.net");
    raw.put("replyTo", "also bad");
    raw.put("envelopeFrom", "bounces@");
    raw.put("requireTLS", true);
    raw.put("ignoreTLS", true);
    raw.put("tlsMode", "implicit");
    raw.put(
        "tls", Map.of("minVersion", "TLSv1.1", "ca", "not a pem", "rejectUnauthorized", "maybe"));
    raw.put("servername", "192.0.2.1");
    raw.put("auth", Map.of("user", "u", "type", "cram"));
    raw.put("authMethod", "CRAM-MD5");
    raw.put("customHeaders", Map.of("From", "x@example.net", "X-Ok", "a\nb", "Bad Name", "v"));
    raw.put("name", "not a host name");
    raw.put("localAddress", "eth0");
    raw.put("templates", List.of(Map.of("usageType", "SignIn", "subject", "s", "content", "c")));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> bind(raw));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .contains(
            "host",
            "fromEmail",
            "fromName",
            "replyTo",
            "envelopeFrom",
            "requireTLS",
            "tlsMode",
            "tls.minVersion",
            "tls.ca",
            "tls.rejectUnauthorized",
            "servername",
            "auth.type",
            "authMethod",
            "customHeaders.From",
            "customHeaders.X-Ok",
            "customHeaders.Bad Name",
            "name",
            "localAddress",
            "templates");
    assertThat(e.getMessage())
        .contains(
            "Template with UsageType (Register, ForgotPassword, Generic) should be provided!");
  }

  @Test
  void bothCaKeysAreRefused() {
    String pem = TestTls.server().pem();
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                bind(
                    Map.of(
                        "host",
                        "h.example.com",
                        "fromEmail",
                        "a@example.com",
                        "caCertificate",
                        pem,
                        "tls",
                        Map.of("ca", pem))));

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("caCertificate");
  }

  @Test
  void typeErrorsAreReportedByTheSpecWithTheirPaths() {
    List<ConfigProblem> problems =
        SPEC.check(
            Map.of(
                "host",
                "h",
                "fromEmail",
                "a@example.com",
                "port",
                "abc",
                "socketTimeout",
                0,
                "auth",
                Map.of("pass", 42, "unknown", 1),
                "secure",
                "yes"));

    assertThat(problems)
        .extracting(ConfigProblem::toString)
        .contains(
            "port: expected a number from 1 to 65535, got \"abc\"",
            "socketTimeout: expected a number from 1 to 2147483647, got 0");
    assertThat(problems).extracting(ConfigProblem::path).contains("auth.unknown", "secure");
  }

  @Test
  void toStringShowsNoSecret() {
    SmtpConfig config =
        bind(
            Map.of(
                "host",
                "h.example.com",
                "fromEmail",
                "a@example.com",
                "auth",
                Map.of("user", "u", "pass", "very-secret-pass")));

    assertThat(config.toString()).doesNotContain("very-secret-pass").contains("PASSWORD");
  }
}
