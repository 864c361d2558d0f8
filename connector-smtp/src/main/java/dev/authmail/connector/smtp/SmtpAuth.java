package dev.authmail.connector.smtp;

import dev.authmail.connector.api.ConfigSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How the connector authenticates, read from Logto's {@code auth} block with Logto's rules: its
 * schema is a union of a login shape ({@code user?, pass?, type?: login}), an OAuth2 shape with a
 * token ({@code user, accessToken?, clientId?, clientSecret?, refreshToken?, expires?, accessUrl?})
 * and an OAuth2 shape with a Google service account ({@code user, serviceClient, privateKey}); the
 * OAuth2 shapes need no {@code type}: their keys say which shape is meant.
 *
 * <p>Immutable; {@code toString()} shows no secret. {@link SmtpAuthReader} reads it.
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
}
