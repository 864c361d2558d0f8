package dev.authmail.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.authmail.runtime.api.ApiPrincipal;
import dev.authmail.runtime.api.ApiServer;
import dev.authmail.runtime.api.Authenticator;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Scope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JWT access tokens (RFC 9068) on the API: a JWKS served on 127.0.0.1, tokens signed in the test as
 * a Logto M2M app's would be (client-credentials grant: iss {@code <endpoint>/oidc}, aud the API
 * resource, sub the app id, scope the granted permissions), requests through the real ApiServer.
 */
class IssuerTokensTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String AUDIENCE = "https://authmail.example.com";
  private static final String API_KEY = "amk_test-api-key";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicReference<JWKSet> published = new AtomicReference<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private HttpServer jwks;
  private ApiServer api;
  private String issuer;

  /** RSA keys are slow to make on a busy machine: made once for every test. */
  private static final RSAKey KEY = generate("key-1");

  private static final RSAKey STRANGER_SAME_KID = generate("key-1");
  private static final RSAKey STRANGER = generate("key-9");
  private static final RSAKey ROTATED = generate("key-2");

  private static RSAKey generate(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void start() throws Exception {
    published.set(new JWKSet(KEY.toPublicJWK()));
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    jwks.createContext(
        "/oidc/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          byte[] body = published.get().toString(true).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwks.start();
    issuer = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/oidc";
    TokenIssuer configured =
        new TokenIssuer(
            issuer, URI.create(issuer + "/jwks"), AUDIENCE, "tenant", null, "send:email");
    Authenticator authenticator =
        IssuerTokens.before(
            Authenticator.fixed(Map.of(API_KEY, ApiPrincipal.tenant("acme", "k1"))),
            List.of(configured),
            Clock.fixed(NOW, ZoneOffset.UTC));
    RouteGroup whoami =
        router ->
            router
                .get(
                    "/api/whoami",
                    Scope.TENANT,
                    ctx ->
                        ctx.json(
                            Map.of(
                                "tenant",
                                ctx.tenant(),
                                "keyId",
                                ctx.principal().orElseThrow().keyId())))
                .summary("Who am I");
    api = ApiServer.builder().port(0).authenticator(authenticator).routes(whoami).build().start();
  }

  @AfterEach
  void stop() {
    api.close();
    jwks.stop(0);
  }

  private JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(AUDIENCE)
        .subject("m2m-app-7f3k")
        .claim("client_id", "m2m-app-7f3k")
        .claim("scope", "read:logs send:email")
        .claim("tenant", "acme")
        .jwtID("jti-1")
        .issueTime(Date.from(NOW.minusSeconds(10)))
        .expirationTime(Date.from(NOW.plusSeconds(3600)));
  }

  private String signed(JWTClaimsSet claims, RSAKey with) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(with.getKeyID())
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            claims);
    jwt.sign(new RSASSASigner(with));
    return jwt.serialize();
  }

  private HttpResponse<String> whoami(String bearer) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api.url() + "/api/whoami"))
            .header("Authorization", "Bearer " + bearer)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A refusal says nothing about why: the same body as an unknown API key. */
  private void assertRefused(String bearer) throws Exception {
    HttpResponse<String> response = whoami(bearer);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body())
        .isEqualTo(whoami("amk_unknown").body())
        .doesNotContainIgnoringCase("expired")
        .doesNotContainIgnoringCase("audience")
        .doesNotContain("kid");
  }

  @Test
  void aValidTokenActsForTheTenantItsClaimNames() throws Exception {
    HttpResponse<String> response = whoami(signed(claims().build(), KEY));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"tenant\":\"acme\"", "\"keyId\":\"jwt:m2m-app-7f3k\"");
  }

  @Test
  void apiKeysStillWorkBesideTokens() throws Exception {
    assertThat(whoami(API_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    assertRefused(
        signed(
            claims()
                .issueTime(Date.from(NOW.minusSeconds(7200)))
                .expirationTime(Date.from(NOW.minusSeconds(3600)))
                .build(),
            KEY));
  }

  @Test
  void aTokenNotYetValidIsRefused() throws Exception {
    assertRefused(signed(claims().notBeforeTime(Date.from(NOW.plusSeconds(600))).build(), KEY));
  }

  @Test
  void aTokenWithoutExpiryIsRefused() throws Exception {
    assertRefused(signed(claims().expirationTime(null).build(), KEY));
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() throws Exception {
    assertRefused(signed(claims().audience("https://other-api.example.com").build(), KEY));
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() throws Exception {
    assertRefused(signed(claims().issuer("https://evil.example.com/oidc").build(), KEY));
  }

  @Test
  void aTokenSignedWithAnUnknownKeyIsRefused() throws Exception {
    assertRefused(signed(claims().build(), STRANGER_SAME_KID)); // even with a known kid
    assertRefused(signed(claims().build(), STRANGER));
  }

  @Test
  void algNoneIsRefused() throws Exception {
    assertRefused(new PlainJWT(claims().build()).serialize());
    // a signed token's header swapped for alg none, signature kept
    String valid = signed(claims().build(), KEY);
    String none =
        Base64URL.encode("{\"alg\":\"none\",\"kid\":\"key-1\"}")
            + valid.substring(valid.indexOf('.'));
    assertRefused(none);
  }

  @Test
  void hs256WithThePublicKeyAsSecretIsRefused() throws Exception {
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(), claims().build());
    forged.sign(new MACSigner(KEY.toPublicJWK().toRSAPublicKey().getEncoded()));

    assertRefused(forged.serialize());
  }

  @Test
  void aTokenWithoutTheScopeOrTenantIsRefused() throws Exception {
    assertRefused(signed(claims().claim("scope", "read:logs").build(), KEY));
    assertRefused(signed(claims().claim("tenant", null).build(), KEY));
    assertRefused(signed(claims().claim("tenant", "../admin").build(), KEY));
  }

  @Test
  void aTamperedTokenIsRefused() throws Exception {
    String valid = signed(claims().build(), KEY);
    String[] parts = valid.split("\\.");
    String otherTenant =
        Base64URL.encode(claims().claim("tenant", "other").build().toString()).toString();

    assertRefused(parts[0] + "." + otherTenant + "." + parts[2]);
  }

  @Test
  void theJwksIsCachedAndFetchedAgainWhenTheIssuerRotatesKeys() throws Exception {
    assertThat(whoami(signed(claims().build(), KEY)).statusCode()).isEqualTo(200);
    assertThat(whoami(signed(claims().jwtID("jti-2").build(), KEY)).statusCode()).isEqualTo(200);
    assertThat(jwksFetches.get()).isEqualTo(1);

    published.set(new JWKSet(List.of(KEY.toPublicJWK(), ROTATED.toPublicJWK())));

    assertThat(whoami(signed(claims().build(), ROTATED)).statusCode()).isEqualTo(200);
    assertThat(jwksFetches.get()).isEqualTo(2);
  }
}
