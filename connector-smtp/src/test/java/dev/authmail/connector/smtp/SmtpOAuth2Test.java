package dev.authmail.connector.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.smtp.testing.ServiceAccountKey;
import dev.authmail.connector.smtp.testing.Xoauth2Peer;
import dev.authmail.connector.tck.TestContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMTP OAuth2 as Logto configures it, against a real token endpoint (MockWebServer on 127.0.0.1)
 * and an SMTP server that checks the XOAUTH2 string it receives ({@link Xoauth2Peer}).
 */
class SmtpOAuth2Test {
  private static final String USER = "me@example.com";
  private static final String CLIENT_SECRET = "client-secret-5f1e";
  private static final String REFRESH_TOKEN = "1//refresh-token-77ab";

  private final MockWebServer tokenEndpoint = new MockWebServer();
  private final Queue<MockResponse> answers = new ConcurrentLinkedQueue<>();
  private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock(TestContext.FIXED_NOW);
  private Xoauth2Peer smtp;
  private SmtpConnector connector;

  @BeforeEach
  void start() throws Exception {
    tokenEndpoint.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            forms.add(form(request.getBody() == null ? "" : request.getBody().utf8()));
            MockResponse next = answers.poll();
            return next != null
                ? next
                : new MockResponse.Builder()
                    .code(500)
                    .body("{\"error\":\"no answer queued\"}")
                    .build();
          }
        });
    tokenEndpoint.start(InetAddress.getByName("127.0.0.1"), 0);
    smtp = new Xoauth2Peer(USER);
  }

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.close();
    }
    smtp.close();
    tokenEndpoint.close();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private void token(String token, long expiresIn) {
    answers.add(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"access_token\":\""
                    + token
                    + "\",\"expires_in\":"
                    + expiresIn
                    + ",\"scope\":\"https://mail.google.com/\","
                    + "\"token_type\":\"Bearer\"}")
            .build());
  }

  private Map<String, Object> refreshConfig() {
    Map<String, Object> config = SmtpTesting.config(smtp.port());
    config.put(
        "auth",
        new LinkedHashMap<>(
            Map.of(
                "type",
                "oauth2",
                "user",
                USER,
                "clientId",
                "client-id-1",
                "clientSecret",
                CLIENT_SECRET,
                "refreshToken",
                REFRESH_TOKEN,
                "accessUrl",
                tokenEndpoint.url("/token").toString())));
    return config;
  }

  private SmtpConnector connector(Map<String, Object> config) {
    return SmtpTesting.connector(config, TestContext.builder().clock(clock).build());
  }

  private void send() {
    connector.send(SmtpTesting.signIn("alice@example.com", "123456"));
  }

  @Test
  void refreshTokenGrantGivesTheTokenThatXoauth2Sends() {
    token("ya29.token-1", 3600);
    smtp.accept("ya29.token-1");
    Map<String, Object> config = refreshConfig();
    config.put("maxMessages", 1); // a new connection, so a new AUTH, for every message
    connector = connector(config);

    send();
    send();
    send();

    assertThat(smtp.messageCount()).isEqualTo(3);
    assertThat(smtp.malformed()).isEmpty();
    assertThat(smtp.offered()).containsExactly("ya29.token-1", "ya29.token-1", "ya29.token-1");
    assertThat(forms)
        .containsExactly(
            Map.of(
                "grant_type",
                "refresh_token",
                "client_id",
                "client-id-1",
                "client_secret",
                CLIENT_SECRET,
                "refresh_token",
                REFRESH_TOKEN)); // cached: fetched once
  }

  @Test
  void concurrentSendsFetchOneToken() throws Exception {
    token("ya29.token-1", 3600);
    smtp.accept("ya29.token-1");
    Map<String, Object> config = refreshConfig();
    config.put("maxConnections", 4);
    connector = connector(config);
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        sends.add(senders.submit(this::send));
      }
      for (Future<?> f : sends) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      senders.shutdownNow();
    }

    assertThat(smtp.messageCount()).isEqualTo(16);
    assertThat(forms).hasSize(1);
    assertThat(connector.tokenFetches()).isEqualTo(1);
  }

  @Test
  void aTokenIsRenewedShortlyBeforeItExpires() {
    token("ya29.token-1", 600);
    token("ya29.token-2", 600);
    smtp.accept("ya29.token-1");
    smtp.accept("ya29.token-2");
    Map<String, Object> config = refreshConfig();
    config.put("maxMessages", 1);
    connector = connector(config);

    send();
    clock.advance(Duration.ofSeconds(500)); // 100 s left: still valid for longer than the margin
    send();
    clock.advance(Duration.ofSeconds(60)); // 40 s left: inside the margin
    send();

    assertThat(smtp.offered()).containsExactly("ya29.token-1", "ya29.token-1", "ya29.token-2");
    assertThat(forms).hasSize(2);
  }

  @Test
  void aRefusedTokenIsRefreshedOnceAndTheSendGoesThrough() {
    // the configured access token was revoked; XOAUTH2 answers 334 + 535, as Gmail does
    token("ya29.fresh", 3600);
    smtp.accept("ya29.fresh");
    Map<String, Object> config = refreshConfig();
    @SuppressWarnings("unchecked")
    Map<String, Object> auth = (Map<String, Object>) config.get("auth");
    auth.put("accessToken", "ya29.revoked");
    auth.put("expires", TestContext.FIXED_NOW.plus(Duration.ofHours(1)).toEpochMilli());
    connector = connector(config);

    send();

    assertThat(smtp.offered()).containsExactly("ya29.revoked", "ya29.fresh");
    assertThat(smtp.messageCount()).isEqualTo(1);
    assertThat(forms).hasSize(1);
  }

  @Test
  void aTokenRefusedAfterTheRefreshIsAuthenticationFailed() {
    token("ya29.token-1", 3600);
    token("ya29.token-2", 3600);
    connector = connector(refreshConfig());

    ConnectorException e = catchThrowableOfType(ConnectorException.class, this::send);

    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    assertThat(smtp.offered())
        .containsExactly("ya29.token-1", "ya29.token-2"); // one refresh, not a loop
    assertThat(e.getMessage()).doesNotContain("ya29", CLIENT_SECRET, REFRESH_TOKEN);
  }

  @Test
  void anEndpointThatRefusesTheCredentialsIsAuthenticationFailedWithItsError() {
    answers.add(
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or"
                    + " revoked.\"}")
            .build());
    connector = connector(refreshConfig());

    ConnectorException e = catchThrowableOfType(ConnectorException.class, this::send);

    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.maybeDelivered()).isFalse();
    assertThat(e.getMessage())
        .contains("invalid_grant", "Token has been expired or revoked.")
        .doesNotContain(CLIENT_SECRET, REFRESH_TOKEN);
    assertThat(smtp.offered()).isEmpty();
  }

  @Test
  void anEndpointThatIsDownIsUnavailable() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Map<String, Object> config = refreshConfig();
    @SuppressWarnings("unchecked")
    Map<String, Object> auth = (Map<String, Object>) config.get("auth");
    auth.put("accessUrl", "http://127.0.0.1:" + closed + "/token");
    connector = connector(config);

    ConnectorException e = catchThrowableOfType(ConnectorException.class, this::send);

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.maybeDelivered()).isFalse();
  }

  @Test
  void anEndpointAnswering503IsUnavailable() {
    answers.add(new MockResponse.Builder().code(503).body("busy").build());
    connector = connector(refreshConfig());

    ConnectorException e = catchThrowableOfType(ConnectorException.class, this::send);

    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void theTokenEndpointObeysTheNetworkPolicy() {
    SmtpConnectorFactory factory = new SmtpConnectorFactory();
    Map<String, Object> config = refreshConfig();
    config.put("host", "smtp.example.com"); // a name: the SMTP host is checked when resolved

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                factory.create(
                    factory.configSpec().bind(config),
                    TestContext.builder().network(NetworkPolicy.strict()).build()));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("auth.accessUrl");
  }

  @Test
  void aServiceAccountSignsAJwtBearerGrant() throws Exception {
    token("ya29.service-token", 3600);
    smtp.accept("ya29.service-token");
    Map<String, Object> config = SmtpTesting.config(smtp.port());
    String accessUrl = tokenEndpoint.url("/token").toString();
    config.put(
        "auth",
        Map.of(
            "user",
            USER,
            "serviceClient",
            "110049162741398740823",
            "privateKey",
            ServiceAccountKey.PRIVATE_PEM,
            "accessUrl",
            accessUrl));
    connector = connector(config);

    send();

    assertThat(smtp.offered()).containsExactly("ya29.service-token");
    assertThat(forms).hasSize(1);
    assertThat(forms.get(0))
        .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
    SignedJWT assertion = SignedJWT.parse(forms.get(0).get("assertion"));
    assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(
            assertion.verify(new RSASSAVerifier((RSAPublicKey) ServiceAccountKey.RSA.getPublic())))
        .isTrue();
    JWTClaimsSet claims = assertion.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("110049162741398740823");
    assertThat(claims.getSubject()).isEqualTo(USER);
    assertThat(claims.getAudience()).containsExactly(accessUrl);
    assertThat(claims.getStringClaim("scope")).isEqualTo("https://mail.google.com/");
    assertThat(claims.getExpirationTime().toInstant()).isAfter(TestContext.FIXED_NOW);
  }

  @Test
  void anExpiredStaticTokenIsAuthenticationFailedWithoutContactingTheServer() {
    Map<String, Object> config = SmtpTesting.config(smtp.port());
    config.put(
        "auth",
        Map.of(
            "type",
            "oauth2",
            "user",
            USER,
            "accessToken",
            "ya29.old",
            "expires",
            TestContext.FIXED_NOW.minusSeconds(1).toEpochMilli()));
    connector = connector(config);

    ConnectorException e = catchThrowableOfType(ConnectorException.class, this::send);

    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    assertThat(e.getMessage()).contains("auth.refreshToken").doesNotContain("ya29.old");
    assertThat(smtp.offered()).isEmpty();
  }

  /** A clock a test moves forward. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
