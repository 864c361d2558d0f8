package dev.authmail.connector.smtp;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.smtp.internal.ServiceAccountKeys;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads {@link SmtpAuth} from Logto's {@code auth} block: which of Logto's three shapes (login,
 * OAuth2 with a token, OAuth2 with a service account) was written, and what is missing from it.
 * Stateless; thread-safe.
 */
final class SmtpAuthReader {
  private SmtpAuthReader() {}

  /**
   * Reads {@code auth} (and authmail's {@code authMethod}) from {@code config}. Every problem names
   * a key the user wrote, or the block they wrote, never a key of a shape they did not choose.
   *
   * @param host the SMTP host, which chooses the default token endpoint
   */
  static SmtpAuth read(ConnectorConfig config, String host, ConfigProblems problems) {
    ConnectorConfig auth = config.object("auth").orElse(null);
    String methodName =
        config.string("authMethod").map(s -> s.strip().toUpperCase(Locale.ROOT)).orElse(null);
    if (methodName != null && !List.of("PLAIN", "LOGIN", "XOAUTH2").contains(methodName)) {
      problems.add(
          config.path("authMethod"),
          "must be PLAIN, LOGIN (with a password) or XOAUTH2 (with OAuth2)");
      methodName = null;
    }
    if (auth == null) {
      if (methodName != null) {
        problems.add(
            config.path("authMethod"),
            "needs an auth block: {user, pass} or OAuth2 {user, accessToken}");
      }
      return SmtpAuth.NONE;
    }
    String type = auth.string("type").map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse(null);
    if (type != null && !type.equals("login") && !type.equals("oauth2")) {
      problems.add(
          auth.path("type"), "must be login (user and password) or oauth2 (XOAUTH2 with a token)");
      return SmtpAuth.NONE;
    }
    List<String> oauthKeys = SmtpAuth.OAUTH2_KEYS.stream().filter(auth::has).toList();
    boolean oauth2 = "oauth2".equals(type) || type == null && !oauthKeys.isEmpty();
    String user = text(auth, "user");
    if (!oauth2) {
      for (String key : oauthKeys) {
        problems.add(
            auth.path(key),
            "is an OAuth2 key, but auth.type is login; remove it or set auth.type: oauth2");
      }
      return password(config, auth, user, methodName, problems);
    }
    if (methodName != null && !methodName.equals("XOAUTH2")) {
      problems.add(config.path("authMethod"), "must be XOAUTH2 (or absent) with OAuth2 auth");
    }
    if (auth.has("pass")) {
      problems.add(auth.path("pass"), "is not used with OAuth2, which sends a token; remove it");
    }
    if (user == null) {
      // named on a key the user wrote: the OAuth2 shape is theirs, the missing user is what to add
      String written = auth.has("user") ? "user" : oauthKeys.isEmpty() ? null : oauthKeys.get(0);
      problems.add(
          written == null ? config.path("auth") : auth.path(written),
          "needs auth.user with OAuth2: the mailbox the token is for, e.g. me@example.com");
      user = "";
    }
    if (auth.has("privateKey") || auth.has("serviceClient")) {
      return serviceAccount(auth, user, problems);
    }
    Instant expires = auth.number("expires").map(Instant::ofEpochMilli).orElse(null);
    String accessToken = text(auth, "accessToken");
    if (auth.has("refreshToken")) {
      return refreshToken(auth, user, host, accessToken, expires, problems);
    }
    if (accessToken == null) {
      problems.add(
          auth.has("accessToken") ? auth.path("accessToken") : config.path("auth"),
          auth.has("accessToken")
              ? "must not be empty"
              : "with OAuth2 needs accessToken, or refreshToken with clientId and clientSecret, "
                  + "or serviceClient with privateKey");
      return new SmtpAuth.StaticToken(user, "", expires);
    }
    return new SmtpAuth.StaticToken(user, accessToken, expires);
  }

  /**
   * Logto's OAuth2 shape with a key: a problem for a missing half names the half that was written.
   */
  private static SmtpAuth serviceAccount(
      ConnectorConfig auth, String user, ConfigProblems problems) {
    String serviceClient = text(auth, "serviceClient");
    String privateKey = auth.has("privateKey") ? privateKey(auth, problems) : null;
    if (serviceClient == null) {
      problems.add(
          auth.has("serviceClient") ? auth.path("serviceClient") : auth.path("privateKey"),
          auth.has("serviceClient")
              ? "must not be empty"
              : "needs auth.serviceClient, the service account's client id");
    }
    if (!auth.has("privateKey")) {
      problems.add(
          auth.path("serviceClient"),
          "needs auth.privateKey, the service account's PEM private key");
    }
    String accessUrl = text(auth, "accessUrl");
    return new SmtpAuth.ServiceAccount(
        user,
        Objects.requireNonNullElse(serviceClient, ""),
        Objects.requireNonNullElse(privateKey, ""),
        accessUrl != null ? accessUrl : SmtpAuth.GOOGLE_TOKEN_URL);
  }

  /**
   * The refresh-token grant: its problems are named at {@code refreshToken}, the key that chose it.
   */
  private static SmtpAuth refreshToken(
      ConnectorConfig auth,
      String user,
      String host,
      String accessToken,
      Instant expires,
      ConfigProblems problems) {
    String clientId = text(auth, "clientId");
    String clientSecret = text(auth, "clientSecret");
    if (clientId == null || clientSecret == null) {
      problems.add(
          auth.path("refreshToken"),
          "needs auth.clientId and auth.clientSecret of the OAuth app to be "
              + "exchanged for access tokens");
    }
    String accessUrl = text(auth, "accessUrl");
    if (accessUrl == null) {
      accessUrl = defaultAccessUrl(host);
      if (accessUrl == null) {
        problems.add(
            auth.path("refreshToken"),
            "needs auth.accessUrl, the token endpoint of "
                + host
                + " (authmail knows only Google's and Microsoft's)");
        accessUrl = "";
      }
    }
    String refreshToken = text(auth, "refreshToken");
    if (refreshToken == null) {
      problems.add(auth.path("refreshToken"), "must not be empty");
      refreshToken = "";
    }
    return new SmtpAuth.RefreshToken(
        user,
        Objects.requireNonNullElse(clientId, ""),
        Objects.requireNonNullElse(clientSecret, ""),
        refreshToken,
        accessUrl,
        accessToken,
        expires);
  }

  private static SmtpAuth password(
      ConnectorConfig config,
      ConnectorConfig auth,
      String user,
      String methodName,
      ConfigProblems problems) {
    String pass = auth.string("pass").filter(s -> !s.isEmpty()).orElse(null);
    if (user == null && pass != null) {
      problems.add(
          auth.path("pass"),
          "is set without auth.user; add the user name, or remove pass to send without AUTH");
    }
    if (user == null || pass == null) {
      // Logto's cleanDeep leaves {user} for a relay that trusts the sender's address: no AUTH
      if (methodName != null) {
        problems.add(config.path("authMethod"), "needs auth.user and auth.pass");
      }
      return SmtpAuth.NONE;
    }
    SmtpAuth.AuthMethod method = SmtpAuth.AuthMethod.PASSWORD;
    if (methodName != null) {
      switch (methodName) {
        case "PLAIN" -> method = SmtpAuth.AuthMethod.PLAIN;
        case "LOGIN" -> method = SmtpAuth.AuthMethod.LOGIN;
        default ->
            problems.add(
                config.path("authMethod"),
                "is XOAUTH2, which needs OAuth2 auth (auth.type: oauth2 with a token)");
      }
    }
    return new SmtpAuth.Password(method, user, pass);
  }

  /**
   * Logto's {@code privateKey}: PEM text, or {@code {key, passphrase}}; encrypted keys are not
   * read.
   */
  private static String privateKey(ConnectorConfig auth, ConfigProblems problems) {
    Object raw = auth.get("privateKey");
    String path = auth.path("privateKey");
    if (raw instanceof Map<?, ?> map) {
      if (map.get("passphrase") != null && !String.valueOf(map.get("passphrase")).isEmpty()) {
        problems.add(
            path + ".passphrase",
            "is not supported: give the key unencrypted (PKCS#8 PEM, as in Google's "
                + "service account JSON file)");
        return null;
      }
      raw = map.get("key");
      path = path + ".key";
    }
    if (!(raw instanceof String pem) || pem.isBlank()) {
      problems.add(path, "must be the PEM text of the service account's private key");
      return null;
    }
    String normalized = pem.replace("\\n", "\n");
    if (!ServiceAccountKeys.readable(normalized)) {
      problems.add(
          path,
          "is not an unencrypted RSA private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), "
              + "as in Google's service account JSON file");
      return null;
    }
    return normalized;
  }

  /** The token endpoint for well-known hosts, or {@code null}. */
  static String defaultAccessUrl(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("smtp.gmail.com")
        || h.equals("smtp-relay.gmail.com")
        || h.endsWith(".googlemail.com")) {
      return SmtpAuth.GOOGLE_TOKEN_URL;
    }
    if (h.equals("smtp.office365.com")
        || h.equals("smtp-mail.outlook.com")
        || h.endsWith(".outlook.com")
        || h.endsWith(".office365.com")) {
      return SmtpAuth.MICROSOFT_TOKEN_URL;
    }
    return null;
  }

  private static String text(ConnectorConfig block, String key) {
    return block.string(key).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
  }
}
