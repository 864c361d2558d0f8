package dev.authmail.runtime.auth;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConfigSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of {@code auth.issuers}: an OAuth 2.0 / OIDC issuer whose JWT access tokens (RFC 9068)
 * the API accepts as a tenant's credentials, beside API keys. A platform's machine-to-machine app
 * (a Logto M2M app, an Auth0 or Keycloak client) gets a token from its issuer with the
 * client-credentials grant and calls authmail with it.
 *
 * @param issuer the exact {@code iss} of the tokens, e.g. {@code https://auth.example.com/oidc}
 * @param jwksUri where the issuer's signing keys are published, e.g. {@code …/oidc/jwks}
 * @param audience the {@code aud} the tokens must carry: the API resource indicator given to
 *     authmail
 * @param tenantClaim the claim whose value is the tenant a token acts for; {@code null} with {@code
 *     tenant}
 * @param tenant the one tenant every token of this issuer acts for; {@code null} with {@code
 *     tenantClaim}
 * @param scope a scope the token's {@code scope} claim must hold (space-separated list); {@code
 *     null}: none
 */
public record TokenIssuer(
    String issuer, URI jwksUri, String audience, String tenantClaim, String tenant, String scope) {
  /** The keys of one {@code auth.issuers} entry. */
  public static final ConfigSpec SPEC =
      ConfigSpec.builder()
          .string(
              "issuer",
              k ->
                  k.required()
                      .min(1)
                      .description(
                          "the exact iss of the tokens, e.g. https://auth.example.com/oidc"))
          .string(
              "jwksUri",
              k ->
                  k.required()
                      .min(1)
                      .description(
                          "the issuer's JWKS URL, e.g. https://auth.example.com/oidc/jwks"))
          .string(
              "audience",
              k ->
                  k.required()
                      .min(1)
                      .description(
                          "the aud the tokens must carry, e.g. https://authmail.example.com"))
          .string(
              "tenantClaim",
              k ->
                  k.min(1).description("the claim naming the tenant a token acts for, e.g. tenant"))
          .string(
              "tenant",
              k -> k.min(1).description("the one tenant every token of this issuer acts for"))
          .string(
              "scope", k -> k.min(1).description("a scope the token must hold, e.g. send:email"))
          .build();

  /** The keys of the {@code auth} block. */
  public static final ConfigSpec AUTH_SPEC =
      ConfigSpec.builder()
          .objects(
              "issuers",
              SPEC,
              k -> k.description("issuers whose JWT access tokens the API accepts beside API keys"))
          .build();

  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  public TokenIssuer {
    Objects.requireNonNull(issuer, "issuer is null");
    Objects.requireNonNull(jwksUri, "jwksUri is null");
    Objects.requireNonNull(audience, "audience is null");
    if ((tenantClaim == null) == (tenant == null)) {
      throw new IllegalArgumentException("exactly one of tenantClaim and tenant is needed");
    }
  }

  /** Whether {@code name} can be a tenant name (what a tenant claim's value must look like). */
  static boolean isTenantName(String name) {
    return TENANT.matcher(name).matches();
  }

  /**
   * Reads {@code auth.issuers} entries already checked against {@link #SPEC}, with the checks the
   * spec cannot express, each problem under {@code auth.issuers[i]}.
   *
   * @param tenants the configured tenants, which a fixed {@code tenant} must name
   */
  public static List<TokenIssuer> read(
      List<?> entries, Set<String> tenants, List<ConfigProblem> problems) {
    List<TokenIssuer> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.get(i) instanceof Map<?, ?> entry)) {
        continue; // the spec check reported it
      }
      String path = "auth.issuers[" + i + "]";
      String issuer = text(entry, "issuer");
      String jwks = text(entry, "jwksUri");
      String audience = text(entry, "audience");
      String tenantClaim = text(entry, "tenantClaim");
      String tenant = text(entry, "tenant");
      String scope = text(entry, "scope");
      if (issuer == null || jwks == null || audience == null) {
        continue; // required: the spec check reported it
      }
      int before = problems.size();
      if (!seen.add(issuer)) {
        problems.add(
            new ConfigProblem(path + ".issuer", "is listed twice; give each issuer one entry"));
      }
      URI jwksUri = null;
      try {
        jwksUri = new URI(jwks);
        if (!"https".equals(jwksUri.getScheme()) && !"http".equals(jwksUri.getScheme())
            || jwksUri.getHost() == null) {
          problems.add(
              new ConfigProblem(
                  path + ".jwksUri",
                  "must be an http(s) URL, e.g. " + issuer.replaceAll("/$", "") + "/jwks"));
        }
      } catch (URISyntaxException e) {
        problems.add(new ConfigProblem(path + ".jwksUri", "is not a URL (" + e.getReason() + ")"));
      }
      if ((tenantClaim == null) == (tenant == null)) {
        problems.add(
            new ConfigProblem(
                path + (tenant != null ? ".tenant" : ""),
                tenant != null
                    ? "and tenantClaim are both set; keep tenant (every token acts for it) or"
                        + " tenantClaim (each token names its tenant)"
                    : "needs tenantClaim (the claim naming each token's tenant) or tenant (one"
                        + " tenant for every token)"));
      }
      if (tenant != null && !tenants.contains(tenant)) {
        problems.add(
            new ConfigProblem(
                path + ".tenant", "names \"" + tenant + "\", which is not a tenant under tenants"));
      }
      if (scope != null && scope.contains(" ")) {
        problems.add(
            new ConfigProblem(
                path + ".scope", "is one scope value without spaces, e.g. send:email"));
      }
      if (problems.size() == before) {
        out.add(new TokenIssuer(issuer, jwksUri, audience, tenantClaim, tenant, scope));
      }
    }
    return out;
  }

  private static String text(Map<?, ?> entry, String key) {
    Object value = entry.get(key);
    return value instanceof String s && !s.isBlank() ? s.strip() : null;
  }
}
