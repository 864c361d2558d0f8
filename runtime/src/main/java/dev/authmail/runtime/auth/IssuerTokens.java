package dev.authmail.runtime.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.authmail.runtime.api.ApiPrincipal;
import dev.authmail.runtime.api.Authenticator;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates API requests by JWT access tokens (RFC 9068) from the configured {@link
 * TokenIssuer}s, and hands every other bearer value (API keys) to the next authenticator.
 *
 * <p>A token is accepted only when: its {@code iss} is a configured issuer; it is signed (never
 * {@code alg: none}) with an asymmetric algorithm (RS*, PS*, ES*, EdDSA; so an HMAC token "signed"
 * with the issuer's public key as a secret is refused) by a key in the issuer's JWKS; its {@code
 * typ} is {@code at+jwt}, {@code application/at+jwt}, {@code JWT} or absent; {@code exp} is in the
 * future and {@code nbf}, if any, in the past (60 s of clock skew either way); {@code aud} holds
 * the issuer's audience; its {@code scope} holds the configured scope; and it names a tenant.
 * Anything else is "not authenticated": the caller answers 401 without saying why; the reason is
 * logged at debug level, never the token.
 *
 * <p>JWKS are fetched with finite timeouts and a size limit, cached for {@link #JWKS_TTL}, and
 * fetched again when a token names a {@code kid} that the cached set lacks (key rotation), at most
 * once per {@link #JWKS_MIN_REFETCH}. Thread-safe.
 */
public final class IssuerTokens implements Authenticator {
  static final Duration JWKS_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration JWKS_READ_TIMEOUT = Duration.ofSeconds(3);
  static final int JWKS_SIZE_LIMIT = 256 * 1024;
  static final Duration JWKS_TTL = Duration.ofMinutes(10);
  static final Duration JWKS_MIN_REFETCH = Duration.ofSeconds(10);
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA,
          JWSAlgorithm.Ed25519);
  private static final Logger LOG = LoggerFactory.getLogger(IssuerTokens.class);

  private record Verifier(TokenIssuer issuer, DefaultJWTProcessor<SecurityContext> processor) {}

  private final Map<String, Verifier> byIssuer = new LinkedHashMap<>();
  private final Authenticator next;

  private IssuerTokens(List<TokenIssuer> issuers, Clock clock, Authenticator next) {
    this.next = next;
    for (TokenIssuer issuer : issuers) {
      byIssuer.put(issuer.issuer(), new Verifier(issuer, processor(issuer, clock)));
    }
  }

  /**
   * {@code next} alone when there are no issuers; else JWTs from {@code issuers}, and every other
   * bearer value to {@code next}. Does no I/O: JWKS are fetched on first use.
   */
  public static Authenticator before(Authenticator next, List<TokenIssuer> issuers, Clock clock) {
    Objects.requireNonNull(next, "next is null");
    return issuers.isEmpty() ? next : new IssuerTokens(issuers, clock, next);
  }

  @Override
  public Optional<ApiPrincipal> authenticate(String bearer) {
    if (!looksLikeJwt(bearer)) {
      return next.authenticate(bearer);
    }
    try {
      SignedJWT jwt = SignedJWT.parse(bearer); // a PlainJWT (alg: none) does not parse as signed
      Verifier verifier = byIssuer.get(jwt.getJWTClaimsSet().getIssuer());
      if (verifier == null) {
        LOG.debug("JWT refused: its issuer is not configured");
        return Optional.empty();
      }
      JWTClaimsSet claims = verifier.processor().process(jwt, null);
      return principal(verifier.issuer(), claims);
    } catch (ParseException
        | com.nimbusds.jose.proc.BadJOSEException
        | com.nimbusds.jose.JOSEException
        | RuntimeException e) {
      LOG.debug("JWT refused: {}", e.getClass().getSimpleName() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Three base64url parts, the first a JSON header: an API key never looks so. */
  static boolean looksLikeJwt(String bearer) {
    return bearer != null
        && bearer.length() <= 16_384
        && bearer.startsWith("eyJ")
        && bearer.chars().filter(c -> c == '.').count() == 2;
  }

  private static Optional<ApiPrincipal> principal(TokenIssuer issuer, JWTClaimsSet claims)
      throws ParseException {
    if (issuer.scope() != null) {
      String scopes = claims.getStringClaim("scope");
      if (scopes == null || !List.of(scopes.trim().split("\\s+")).contains(issuer.scope())) {
        LOG.debug("JWT refused: it lacks the scope {}", issuer.scope());
        return Optional.empty();
      }
    }
    String tenant =
        issuer.tenant() != null ? issuer.tenant() : claims.getStringClaim(issuer.tenantClaim());
    if (tenant == null || !TokenIssuer.isTenantName(tenant)) {
      LOG.debug("JWT refused: claim {} names no tenant", issuer.tenantClaim());
      return Optional.empty();
    }
    String subject =
        claims.getSubject() != null ? claims.getSubject() : claims.getStringClaim("client_id");
    return Optional.of(ApiPrincipal.tenant(tenant, "jwt:" + (subject == null ? "?" : subject)));
  }

  private static DefaultJWTProcessor<SecurityContext> processor(TokenIssuer issuer, Clock clock) {
    JWKSource<SecurityContext> keys;
    try {
      keys =
          JWKSourceBuilder.<SecurityContext>create(
                  issuer.jwksUri().toURL(),
                  new DefaultResourceRetriever(
                      (int) JWKS_CONNECT_TIMEOUT.toMillis(),
                      (int) JWKS_READ_TIMEOUT.toMillis(),
                      JWKS_SIZE_LIMIT))
              .cache(JWKS_TTL.toMillis(), JWKS_READ_TIMEOUT.plus(JWKS_CONNECT_TIMEOUT).toMillis())
              .refreshAheadCache(false)
              .rateLimited(JWKS_MIN_REFETCH.toMillis())
              .retrying(false)
              .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(
          "auth.issuers: jwksUri " + issuer.jwksUri() + " is not a URL", e);
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            new JOSEObjectType("at+jwt"),
            new JOSEObjectType("application/at+jwt"),
            JOSEObjectType.JWT,
            null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            Set.of(issuer.audience()),
            new JWTClaimsSet.Builder().issuer(issuer.issuer()).build(),
            Set.of("exp", "iss", "aud"),
            null) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        });
    return processor;
  }

  @Override
  public String toString() {
    return "IssuerTokens" + byIssuer.keySet();
  }
}
