package dev.authmail.connector.logtoemail.remote;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where remote mode posts: a hosted email service speaking Logto Cloud's contract, and the bearer
 * token it expects.
 *
 * <p>Why these are not connector config keys: the connector's config is the tenant's, and a tenant
 * must not point the platform's mail at an arbitrary server or read back a platform credential.
 * Remote mode is the operator's decision, taken once for the process, through the environment
 * ({@value #ENDPOINT_ENV}, {@value #ACCESS_TOKEN_ENV}) or by an embedding host that constructs the
 * factory with settings. Immutable; {@link #toString()} masks the token.
 *
 * @param endpoint the service's base URL; requests go to {@code {endpoint}/api/services/mails}
 * @param accessToken the bearer token
 */
public record RemoteSettings(URI endpoint, String accessToken) {
  public static final String ENDPOINT_ENV = "AUTHMAIL_LOGTO_EMAIL_ENDPOINT";
  public static final String ACCESS_TOKEN_ENV = "AUTHMAIL_LOGTO_EMAIL_ACCESS_TOKEN";

  public RemoteSettings {
    Objects.requireNonNull(endpoint, "endpoint is null");
    Objects.requireNonNull(accessToken, "accessToken is null");
    if (accessToken.isBlank() || accessToken.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException(
          ACCESS_TOKEN_ENV + " must be a non-empty token of printable ASCII without spaces");
    }
  }

  /**
   * Remote settings from an environment, when it names an endpoint.
   *
   * @throws IllegalArgumentException when the endpoint is set without a token, or is malformed
   */
  public static Optional<RemoteSettings> fromEnvironment(Map<String, String> env) {
    String endpoint = env.get(ENDPOINT_ENV);
    if (endpoint == null || endpoint.isBlank()) {
      return Optional.empty();
    }
    String token = env.get(ACCESS_TOKEN_ENV);
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          ENDPOINT_ENV + " is set but " + ACCESS_TOKEN_ENV + " is not; remote mode needs both");
    }
    return Optional.of(new RemoteSettings(URI.create(endpoint.strip()), token.strip()));
  }

  /** {@code {endpoint}/api/services/mails}, with or without a trailing slash on the endpoint. */
  public String mailsUrl() {
    String base = endpoint.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + "/api/services/mails";
  }

  @Override
  public String toString() {
    return "RemoteSettings[endpoint=" + endpoint + ", accessToken=******]";
  }
}
