package dev.authmail.connector.smtp;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.smtp.internal.ServiceAccountKeys;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How the connector authenticates, read from Logto's {@code auth} block with Logto's rules: its
 * schema is a union of a login shape ({@code user?, pass?, type?: login}), an OAuth2 shape with a
 * token ({@code user, accessToken?, clientId?, clientSecret?, refreshToken?, expires?, accessUrl?})
 * and an OAuth2 shape with a Google service account ({@code user, serviceClient, privateKey}); the
 * OAuth2 shapes need no {@code type}: their keys say which shape is meant.
 *
 * <p>Immutable; {@code toString()} shows no secret.
 */
public sealed interface SmtpAuth {
  /**
   * No AUTH command: no {@code auth}, or {@code auth: {user}} without a password (a relay that
   * trusts the source).
   */
  None NONE = new None();

  /** The SASL mechanism(s) offered; XOAUTH2 for every OAuth2 variant. */
  AuthMethod method();

  /** The user name sent in AUTH, or {@code null} for {@link None}. */
  String user();

  /** Every configured secret value, to be scrubbed from any text taken from a server. */
  List<String> secrets();

  /** The SASL mechanism(s) offered to the server. */
  enum AuthMethod {
    NONE(""),
    /** User name and password: PLAIN when the server offers it, else LOGIN. */
    PASSWORD("PLAIN LOGIN"),
    PLAIN("PLAIN"),
    LOGIN("LOGIN"),
    /** OAuth 2.0 bearer access token (Gmail, Microsoft 365). */
    XOAUTH2("XOAUTH2");

    private final String mechanisms;

    AuthMethod(String mechanisms) {
      this.mechanisms = mechanisms;
    }

    /** The value of Angus' {@code mail.smtp.auth.mechanisms}. */
    public String mechanisms() {
      return mechanisms;
    }
  }

  /** No authentication. */
  record None() implements SmtpAuth {
    @Override
    public AuthMethod method() {
      return AuthMethod.NONE;
    }

    @Override
    public String user() {
      return null;
    }

    @Override
    public List<String> secrets() {
      return List.of();
    }
  }

  /** A user name and password, with PLAIN and/or LOGIN. */
  record Password(AuthMethod method, String user, String pass) implements SmtpAuth {
    public Password {
      Objects.requireNonNull(method, "method is null");
      Objects.requireNonNull(user, "user is null");
      Objects.requireNonNull(pass, "pass is null");
    }

    @Override
    public List<String> secrets() {
      return List.of(pass);
    }

    @Override
    public String toString() {
      return "Password[method=" + method + ", user=" + user + ", pass=" + ConfigSpec.MASK + "]";
    }
  }

  /** The OAuth2 variants: XOAUTH2 with an access token that is given, refreshed or obtained. */
  sealed interface OAuth2 extends SmtpAuth {
    @Override
    default AuthMethod method() {
      return AuthMethod.XOAUTH2;
    }
  }

  /**
   * A fixed access token that authmail cannot renew.
   *
   * @param expires when the token stops working (Logto's {@code expires}), or {@code null}
   */
  record StaticToken(String user, String accessToken, Instant expires) implements OAuth2 {
    public StaticToken {
      Objects.requireNonNull(user, "user is null");
      Objects.requireNonNull(accessToken, "accessToken is null");
    }

    @Override
    public List<String> secrets() {
      return List.of(accessToken);
    }

    @Override
    public String toString() {
      return "StaticToken[user="
          + user
          + ", accessToken="
          + ConfigSpec.MASK
          + ", expires="
          + expires
          + "]";
    }
  }

  /**
   * The refresh-token grant (RFC 6749 §6) at {@code accessUrl}, as Gmail and Microsoft 365 use.
   *
   * @param accessToken a token to use until {@code expires}, or {@code null} to fetch one first
   */
  record RefreshToken(
      String user,
      String clientId,
      String clientSecret,
      String refreshToken,
      String accessUrl,
      String accessToken,
      Instant expires)
      implements OAuth2 {
    public RefreshToken {
      Objects.requireNonNull(user, "user is null");
      Objects.requireNonNull(clientId, "clientId is null");
      Objects.requireNonNull(clientSecret, "clientSecret is null");
      Objects.requireNonNull(refreshToken, "refreshToken is null");
      Objects.requireNonNull(accessUrl, "accessUrl is null");
    }

    @Override
    public List<String> secrets() {
      return Stream.of(clientSecret, refreshToken, accessToken).filter(Objects::nonNull).toList();
    }

    @Override
    public String toString() {
      return "RefreshToken[user="
          + user
          + ", clientId="
          + clientId
          + ", accessUrl="
          + accessUrl
          + ", secrets="
          + ConfigSpec.MASK
          + "]";
    }
  }

  /**
   * A Google service account with domain-wide delegation: a JWT signed with {@code privateKey}
   * (RS256, issuer {@code serviceClient}, subject {@code user}) exchanged at {@code accessUrl} (RFC
   * 7523).
   *
   * @param privateKey the PEM text of the PKCS#8 RSA key, checked when read
   */
  record ServiceAccount(String user, String serviceClient, String privateKey, String accessUrl)
      implements OAuth2 {
    public ServiceAccount {
      Objects.requireNonNull(user, "user is null");
      Objects.requireNonNull(serviceClient, "serviceClient is null");
      Objects.requireNonNull(privateKey, "privateKey is null");
      Objects.requireNonNull(accessUrl, "accessUrl is null");
    }

    @Override
    public List<String> secrets() {
      return List.of(privateKey);
    }

    @Override
    public String toString() {
      return "ServiceAccount[user="
          + user
          + ", serviceClient="
          + serviceClient
          + ", accessUrl="
          + accessUrl
          + ", privateKey="
          + ConfigSpec.MASK
          + "]";
    }
  }

  /** Google's token endpoint: the default for Gmail hosts and for every service account. */
  String GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

  /** Microsoft's (multi-tenant) token endpoint: the default for Microsoft 365 and Outlook hosts. */
  String MICROSOFT_TOKEN_URL = "https://login.microsoftonline.com/common/oauth2/v2.0/token";

  /**
   * The keys only the OAuth2 shapes have: writing any of them chooses OAuth2, as in Logto's union.
   */
  List<String> OAUTH2_KEYS =
      List.of(
          "accessToken",
          "clientId",
          "clientSecret",
          "refreshToken",
          "expires",
          "accessUrl",
          "privateKey",
          "serviceClient");

  /**
   * Reads {@code auth} (and authmail's {@code authMethod}) from {@code config}. Every problem names
   * a key the user wrote, or the block they wrote, never a key of a shape they did not choose.
   *
   * @param host the SMTP host, which chooses the default token endpoint
   */
  static SmtpAuth from(ConnectorConfig config, String host, ConfigProblems problems) {
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
      return NONE;
    }
    String type = auth.string("type").map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse(null);
    if (type != null && !type.equals("login") && !type.equals("oauth2")) {
      problems.add(
          auth.path("type"), "must be login (user and password) or oauth2 (XOAUTH2 with a token)");
      return NONE;
    }
    List<String> oauthKeys = OAUTH2_KEYS.stream().filter(auth::has).toList();
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
      return new StaticToken(user, "", expires);
    }
    return new StaticToken(user, accessToken, expires);
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
    return new ServiceAccount(
        user,
        Objects.requireNonNullElse(serviceClient, ""),
        Objects.requireNonNullElse(privateKey, ""),
        accessUrl != null ? accessUrl : GOOGLE_TOKEN_URL);
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
    return new RefreshToken(
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
      return NONE;
    }
    AuthMethod method = AuthMethod.PASSWORD;
    if (methodName != null) {
      switch (methodName) {
        case "PLAIN" -> method = AuthMethod.PLAIN;
        case "LOGIN" -> method = AuthMethod.LOGIN;
        default ->
            problems.add(
                config.path("authMethod"),
                "is XOAUTH2, which needs OAuth2 auth (auth.type: oauth2 with a token)");
      }
    }
    return new Password(method, user, pass);
  }

  /**
   * Logto's {@code privateKey}: PEM text, or {@code {key, passphrase}}; encrypted keys are not
   * read.
   */
  private static String privateKey(ConnectorConfig auth, ConfigProblems problems) {
    Object raw = auth.get("privateKey");
    String path = auth.path("privateKey");
    if (raw instanceof java.util.Map<?, ?> map) {
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
      return GOOGLE_TOKEN_URL;
    }
    if (h.equals("smtp.office365.com")
        || h.equals("smtp-mail.outlook.com")
        || h.endsWith(".outlook.com")
        || h.endsWith(".office365.com")) {
      return MICROSOFT_TOKEN_URL;
    }
    return null;
  }

  private static String text(ConnectorConfig block, String key) {
    return block.string(key).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
  }
}
