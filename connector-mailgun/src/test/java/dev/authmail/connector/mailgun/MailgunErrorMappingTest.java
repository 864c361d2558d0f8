package dev.authmail.connector.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.tck.TestContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One test per error class: what Mailgun answers, and the code the connector throws. The texts are
 * Mailgun's own (its help center's list of API errors and the quick-start "API Response Codes"
 * page); 402 is in neither, so it goes to the shared mapping.
 */
class MailgunErrorMappingTest {
  private static final String API_KEY = "key-error-test-77c1";
  @RegisterExtension final MailgunPeer peer = new MailgunPeer(API_KEY);

  private ConnectorException sendFailure() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("endpoint", peer.endpoint());
    config.put("domain", MailgunPeer.DOMAIN);
    config.put("apiKey", API_KEY);
    config.put("from", "noreply@mg.example.com");
    config.put(
        "deliveries",
        Map.of("Generic", Map.of("subject", "Code {{code}}", "html", "<p>{{code}}</p>")));
    config.put("timeout", Map.of("connect", 1000, "read", 1000, "write", 1000, "call", 3000));
    ConnectorFactory factory = new MailgunConnectorFactory();
    try (EmailConnector connector =
        factory.create(factory.configSpec().bind(config), TestContext.create())) {
      return catchThrowableOfType(
          ConnectorException.class,
          () ->
              connector.send(
                  new EmailRequest(
                      EmailAddress.parse("victim@example.org"),
                      UsageType.SignIn,
                      Payload.builder().code("314159").build(),
                      "m-1")));
    }
  }

  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | {\"message\": \"'to' parameter is not a valid address. please check documentation\"}"
            + " | INVALID_REQUEST",
        "400 | {\"message\": \"to parameter is not a valid address. please check documentation\"} |"
            + " INVALID_REQUEST",
        "400 | {\"message\": \"'from' parameter is not a valid address. please check"
            + " documentation\"} | INVALID_CONFIG",
        "400 | {\"message\": \"Domain mg.example.com is not allowed to send: Free accounts are for"
            + " test purposes only. Please upgrade or add the address to authorized recipients in"
            + " Account Settings.\"} | QUOTA_EXCEEDED",
        "400 | {\"message\": \"Domain mg.example.com is not allowed to send: Sandbox subdomains are"
            + " for test purposes only. Please add your own domain or add the address to authorized"
            + " recipients in Account Settings.\"} | QUOTA_EXCEEDED",
        "400 | {\"message\": \"Domain mg.example.com is not allowed to send: The domain is"
            + " unverified and requires DNS configuration. Log in to your control panel to view"
            + " required DNS records.\"} | INVALID_CONFIG",
        "400 | {\"message\": \"Domain mg.example.com is not allowed to send: Please activate your"
            + " Mailgun account. Check your inbox or log in to your control panel to resend the"
            + " activation email.\"} | INVALID_CONFIG",
        "400 | {\"message\": \"Message rejected\"} | REJECTED",
        "401 | Forbidden | AUTHENTICATION_FAILED",
        "402 | {\"message\": \"Request failed\"} | REJECTED",
        "403 | {\"message\": \"Domain mg.example.com is not allowed to send: Free accounts are for"
            + " test purposes only. Please upgrade or add the address to authorized recipients in"
            + " Account Settings.\"} | QUOTA_EXCEEDED",
        "403 | {\"message\": \"Domain mg.example.com is not allowed to send large batches yet\"} |"
            + " QUOTA_EXCEEDED",
        "403 | {\"message\": \"Forbidden\"} | AUTHENTICATION_FAILED",
        "404 | {\"message\": \"Domain not found: mg.example.com\"} | INVALID_CONFIG",
        "404 | 404 page not found | INVALID_CONFIG",
        "413 | {\"message\": \"request size exceeds 52.4MiB limit\"} | INVALID_REQUEST",
        "429 | {\"message\": \"Too many requests\"} | RATE_LIMITED",
        "500 | {\"message\": \"Internal Server Error\"} | UNAVAILABLE",
        "502 | <html>Bad Gateway</html> | UNAVAILABLE",
        "503 | {\"message\": \"Service Unavailable\"} | UNAVAILABLE",
      })
  void statusAndMessageMapToTheCode(int status, String body, ErrorCode expected) {
    peer.enqueue(new MockResponse.Builder().code(status).body(body).build());

    ConnectorException e = sendFailure();

    assertThat(e.code()).as(e.getMessage()).isEqualTo(expected);
    assertThat(e.retryable()).isEqualTo(expected.retryable());
    assertThat(e.getMessage())
        .startsWith("Mailgun answered HTTP " + status)
        .doesNotContain(API_KEY);
    assertThat(peer.connectionCount()).as("no hidden retry").isEqualTo(1);
  }

  @Test
  void quotaAndAuthenticationFailuresFailOverToTheNextConnector() {
    peer.enqueue(
        MailgunPeer.json(
            400,
            "{\"message\": \"Domain mg.example.com is not allowed to send: Free accounts are for"
                + " test purposes only. Please upgrade or add the address to authorized recipients"
                + " in Account Settings.\"}"));
    assertThat(sendFailure().code().failsOver()).isTrue();
  }

  @Test
  void theDomainNotFoundMessageSaysToCheckTheRegionEndpoint() {
    peer.enqueue(MailgunPeer.json(404, "{\"message\": \"Domain not found: mg.example.com\"}"));
    assertThat(sendFailure().getMessage())
        .isEqualTo(
            "Mailgun answered HTTP 404: Domain not found: mg.example.com; check domain, and"
                + " endpoint (https://api.eu.mailgun.net for a domain in the EU region)");
  }

  @Test
  void addressesInMailgunsMessageAreNotRepeated() {
    peer.enqueue(
        MailgunPeer.json(
            400, "{\"message\": \"to parameter victim@example.org is not a valid address\"}"));
    ConnectorException e = sendFailure();
    assertThat(e.getMessage()).doesNotContain("victim@example.org").contains("<address>");
  }

  @Test
  void retryAfterIsHonoured() {
    peer.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "42")
            .body("{\"message\": \"Too many requests\"}")
            .build());
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
  }

  @Test
  void aRateLimitWithoutRetryAfterWaitsUntilTheTimeMailgunsTextNames() {
    // TestContext's clock stands at 2026-01-01T00:00:00Z, a Thursday
    peer.enqueue(
        MailgunPeer.json(
            429,
            "{\"message\": \"Domain mg.example.com is not allowed to send: request limit "
                + "exceeded, try again after Thu, 01 Jan 2026 00:01:30 UTC\"}"));
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
  }

  @Test
  void aLongMessageIsCutSoTheHintSurvives() {
    peer.enqueue(
        MailgunPeer.json(404, "{\"message\": \"Domain not found: " + "x".repeat(300) + "\"}"));
    assertThat(sendFailure().getMessage())
        .endsWith(
            "…; check domain, and endpoint "
                + "(https://api.eu.mailgun.net for a domain in the EU region)");
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsATimeout() {
    peer.enqueueSlow(4);
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void aDroppedConnectionIsUnavailableAndMaybeDelivered() {
    peer.enqueueDrop();
    ConnectorException e = sendFailure();
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.maybeDelivered()).isTrue();
  }
}
