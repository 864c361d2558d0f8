package dev.authmail.connector.smtp.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.okhttp.HttpCalls;
import dev.authmail.connector.okhttp.HttpReply;
import dev.authmail.connector.okhttp.HttpTimeouts;
import dev.authmail.connector.okhttp.SharedOkHttp;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * An OAuth 2.0 token endpoint that gives the SMTP connector its XOAUTH2 access tokens, by the
 * refresh-token grant (RFC 6749 §6) or by a service account's signed JWT (RFC 7523, Google's
 * domain-wide delegation). Requests go through the shared OkHttp client with the operator's network
 * policy on every address. Failures are classified here:
 *
 * <ul>
 *   <li>the endpoint refuses (400, 401, 403: {@code invalid_grant}, {@code invalid_client}…):
 *       {@link ErrorCode#AUTHENTICATION_FAILED} with the endpoint's {@code error} and {@code
 *       error_description}, never a secret;
 *   <li>it is down, answers 5xx or times out: UNAVAILABLE or TIMEOUT (retryable), as {@link
 *       HttpCalls} classifies them; 429: RATE_LIMITED;
 *   <li>a 2xx without {@code access_token}: UNAVAILABLE.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class TokenEndpoint {
  /** The scope a Google service account asks for to send mail through Gmail's SMTP. */
  public static final String GMAIL_SCOPE = "https://mail.google.com/";

  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
  private static final int MAX_DETAIL = 200;

  private final ConnectorContext context;
  private final OkHttpClient client;
  private final HttpUrl url;
  private final String shown;

  private TokenEndpoint(ConnectorContext context, URI url) {
    this.context = context;
    this.client = SharedOkHttp.forConnector(context, HttpTimeouts.DEFAULTS);
    this.url = HttpUrl.get(url.toString());
    this.shown = "the OAuth token endpoint " + HttpCalls.shown(url);
  }

  /**
   * Checks {@code accessUrl} against the network policy without I/O.
   *
   * @param key the key path, named in errors
   * @throws ConnectorException INVALID_CONFIG naming {@code key}
   */
  public static TokenEndpoint create(ConnectorContext context, String key, String accessUrl) {
    return new TokenEndpoint(context, HttpCalls.endpoint(context.network(), key, accessUrl));
  }

  /** The refresh-token grant. */
  public AccessTokens.Grant refreshToken(
      String clientId, String clientSecret, String refreshToken) {
    return () ->
        fetch(
            new FormBody.Builder()
                .add("grant_type", "refresh_token")
                .add("client_id", clientId)
                .add("client_secret", clientSecret)
                .add("refresh_token", refreshToken)
                .build());
  }

  /**
   * A service account's JWT-bearer grant: an RS256 assertion with issuer {@code serviceClient},
   * subject {@code user} (the mailbox), audience the endpoint and the Gmail scope.
   */
  public AccessTokens.Grant serviceAccount(String serviceClient, String user, RSAPrivateKey key) {
    return () ->
        fetch(
            new FormBody.Builder()
                .add("grant_type", JWT_BEARER)
                .add("assertion", assertion(serviceClient, user, key))
                .build());
  }

  private String assertion(String serviceClient, String user, RSAPrivateKey key) {
    Instant now = context.clock().instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(serviceClient)
            .subject(user)
            .audience(url.toString())
            .claim("scope", GMAIL_SCOPE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new ConnectorException(
          ErrorCode.INVALID_CONFIG, "auth.privateKey cannot sign: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  private AccessTokens.Token fetch(FormBody form) {
    Request request =
        new Request.Builder().url(url).post(form).header("Accept", "application/json").build();
    HttpReply reply;
    try {
      reply = HttpCalls.execute(client, request, shown, context.clock(), TokenEndpoint::oauthError);
    } catch (ConnectorException e) {
      throw classify(e);
    }
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(reply.body());
    } catch (ParseException e) {
      throw new ConnectorException(
          ErrorCode.UNAVAILABLE, shown + " answered " + reply.status() + " without JSON");
    }
    Object token = json.get("access_token");
    if (!(token instanceof String value) || value.isBlank()) {
      // a 2xx the endpoint should not give: say so without quoting the body (it may hold a token)
      throw new ConnectorException(
          ErrorCode.UNAVAILABLE, shown + " answered " + reply.status() + " without access_token");
    }
    Duration lifetime =
        json.get("expires_in") instanceof Number n && n.longValue() > 0
            ? Duration.ofSeconds(n.longValue())
            : AccessTokens.ASSUMED_LIFETIME;
    return new AccessTokens.Token(value, context.clock().instant().plus(lifetime));
  }

  /**
   * A refusal of the credentials becomes AUTHENTICATION_FAILED; the rest keep HttpCalls' codes. A
   * token request is not an email, so "maybe delivered" never carries over.
   */
  private ConnectorException classify(ConnectorException e) {
    String message = e.getMessage();
    if (e.code() == ErrorCode.REJECTED || e.code() == ErrorCode.AUTHENTICATION_FAILED) {
      return new ConnectorException(
          ErrorCode.AUTHENTICATION_FAILED,
          message + " (it refused the OAuth2 credentials in auth)",
          e);
    }
    if (e.code() == ErrorCode.RATE_LIMITED || e.code() == ErrorCode.TIMEOUT) {
      return e.retryAfter().isPresent()
          ? ConnectorException.withRetryAfter(e.code(), message, e.retryAfter().get(), e)
          : new ConnectorException(e.code(), message, e);
    }
    return new ConnectorException(
        e.code() == ErrorCode.INVALID_CONFIG ? e.code() : ErrorCode.UNAVAILABLE, message, e);
  }

  /** RFC 6749 §5.2: {@code error} and {@code error_description}, or the start of the body. */
  private static HttpCalls.ProviderError oauthError(okhttp3.Response response, String body) {
    String detail;
    try {
      Map<String, Object> json = JSONObjectUtils.parse(body);
      detail = json.get("error") == null ? "" : String.valueOf(json.get("error"));
      if (json.get("error_description") instanceof String description && !description.isBlank()) {
        detail = detail + ": " + description;
      }
    } catch (ParseException e) {
      detail = "";
    }
    detail = detail.replaceAll("\\p{Cntrl}+", " ").strip();
    if (detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL) + "…";
    }
    return new HttpCalls.ProviderError(detail, response.header("Retry-After"));
  }

  @Override
  public String toString() {
    return "TokenEndpoint[" + shown + "]";
  }
}
