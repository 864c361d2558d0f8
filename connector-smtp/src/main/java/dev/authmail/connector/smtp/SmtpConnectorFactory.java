package dev.authmail.connector.smtp;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.FormItem;
import dev.authmail.connector.dkim.DkimConfig;
import dev.authmail.connector.dkim.DkimSigner;
import dev.authmail.connector.toolkit.ConfigTemplates;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Logto's {@code simple-mail-transfer-protocol} connector (alias {@code smtp}): SMTP through
 * Jakarta Mail / Eclipse Angus. Stateless and thread-safe; {@link #create} does no network I/O.
 */
public final class SmtpConnectorFactory implements ConnectorFactory {
  public static final String ID = "simple-mail-transfer-protocol";

  /**
   * Logto's keys (accepted unchanged; those without effect are described as ignored) and
   * authmail's.
   */
  public static final ConfigSpec SPEC =
      ConfigSpec.builder()
          .string(
              "host",
              k ->
                  k.required()
                      .min(1)
                      .destination()
                      .description("the SMTP server's host name, e.g. smtp.example.com")
                      .form(f -> f.label("Host").placeholder("smtp.example.com")))
          .integer(
              "port",
              k ->
                  k.range(1, 65535)
                      .destination()
                      .description("default 465 with implicit TLS (secure), else 587")
                      .form(f -> f.label("Port").placeholder("587")))
          .object(
              "auth",
              ConfigSpec.builder()
                  .string(
                      "user",
                      k ->
                          k.description(
                              "user name; without pass no AUTH is sent (a relay that trusts the"
                                  + " source)"))
                  .string("pass", k -> k.secret().description("password for PLAIN or LOGIN"))
                  .string(
                      "type",
                      k ->
                          k.description(
                              "login (user and pass) or oauth2 (XOAUTH2); OAuth2 keys imply"
                                  + " oauth2"))
                  .string(
                      "accessToken",
                      k -> k.secret().description("OAuth 2.0 access token for XOAUTH2"))
                  .string(
                      "clientId",
                      k -> k.description("OAuth app's client id, for the refresh-token grant"))
                  .string(
                      "clientSecret",
                      k ->
                          k.secret()
                              .description(
                                  "OAuth app's client secret, for the refresh-token grant"))
                  .string(
                      "refreshToken",
                      k ->
                          k.secret()
                              .description(
                                  "refresh token exchanged at accessUrl for access tokens"))
                  .integer(
                      "expires",
                      k -> k.description("when accessToken expires, in milliseconds since 1970"))
                  .string(
                      "accessUrl",
                      k ->
                          k.destination()
                              .description(
                                  "the token endpoint; default Google's or Microsoft's by host"))
                  .any(
                      "privateKey",
                      k ->
                          k.secret()
                              .description("a Google service account's PEM private key (PKCS#8)"))
                  .string(
                      "serviceClient", k -> k.description("a Google service account's client id"))
                  .build(),
              k ->
                  k.description(
                          "{user, pass}, or OAuth2: {user, accessToken}, {user, clientId,"
                              + " clientSecret, refreshToken, accessUrl?} or {user, serviceClient,"
                              + " privateKey}")
                      .form(f -> f.label("Auth").placeholder("{\"user\": \"…\", \"pass\": \"…\"}")))
          .string(
              "authMethod",
              k ->
                  k.description(
                      "the SASL mechanism; default PLAIN, else LOGIN, as the server offers (XOAUTH2"
                          + " with oauth2)"))
          .string(
              "fromEmail",
              k ->
                  k.required()
                      .description("the sender address, e.g. noreply@example.com")
                      .form(f -> f.label("From email").placeholder("noreply@example.com")))
          .string(
              "fromName",
              k ->
                  k.description("the sender's display name, e.g. Example Inc.")
                      .form(f -> f.label("From name").placeholder("Example Inc.")))
          .string(
              "replyTo", k -> k.description("a Reply-To address").form(f -> f.label("Reply to")))
          .string(
              "envelopeFrom",
              k ->
                  k.description("the SMTP envelope sender (MAIL FROM, bounces); default fromEmail"))
          .objects(
              "templates",
              ConfigTemplates.ENTRY,
              k ->
                  k.description(
                          "Logto's templates: [{usageType, contentType, subject, content}],"
                              + " Register, SignIn, ForgotPassword and Generic required")
                      .form(f -> f.label("Templates")))
          .string(
              "name", k -> k.description("the host name said in EHLO; default this machine's name"))
          .string("localAddress", k -> k.description("the local IP address to connect from"))
          .integer(
              "connectionTimeout",
              k ->
                  k.range(1, Integer.MAX_VALUE)
                      .defaultValue(SmtpConfig.DEFAULT_CONNECTION_TIMEOUT.toMillis())
                      .description("milliseconds to wait for the TCP connection"))
          .integer(
              "greetingTimeout",
              k ->
                  k.range(1, Integer.MAX_VALUE)
                      .defaultValue(SmtpConfig.DEFAULT_GREETING_TIMEOUT.toMillis())
                      .description(
                          "milliseconds to wait for each reply while opening (greeting, EHLO,"
                              + " STARTTLS, AUTH)"))
          .integer(
              "socketTimeout",
              k ->
                  k.range(1, Integer.MAX_VALUE)
                      .defaultValue(SmtpConfig.DEFAULT_SOCKET_TIMEOUT.toMillis())
                      .description("milliseconds a read or a write may block once connected"))
          .integer(
              "dnsTimeout",
              k ->
                  k.unsupported("the JVM's resolver settings apply")
                      .description("not used: the JVM's resolver settings apply"))
          .bool(
              "secure",
              k ->
                  k.destination()
                      .defaultValue(false)
                      .description("true: implicit TLS (port 465); false: STARTTLS when offered")
                      .form(f -> f.label("Implicit TLS (port 465)")))
          .object(
              "tls",
              ConfigSpec.builder()
                  .any(
                      "rejectUnauthorized",
                      k -> k.description("false: accept any certificate (test servers only)"))
                  .string(
                      "servername", k -> k.description("the TLS server name; same as servername"))
                  .any(
                      "ca",
                      k -> k.description("PEM CA certificate(s) to trust instead of the JDK's"))
                  .string("minVersion", k -> k.description("TLSv1.2 (default) or TLSv1.3"))
                  .otherKeysUnsupported(
                      "a Node TLS option that authmail cannot apply; the JVM's TLS settings are"
                          + " used")
                  .build(),
              k ->
                  k.destination()
                      .description(
                          "{rejectUnauthorized, servername, ca, minVersion}; other Node TLS "
                              + "options are accepted and named by config check as not used"))
          .string(
              "servername",
              k ->
                  k.destination()
                      .description("the TLS server name (SNI and certificate check); default host"))
          .bool(
              "ignoreTLS",
              k -> k.destination().defaultValue(false).description("true: never use STARTTLS"))
          .bool(
              "requireTLS",
              k ->
                  k.destination()
                      .defaultValue(false)
                      .description("true: fail unless STARTTLS succeeds")
                      .form(f -> f.label("Require STARTTLS")))
          .string(
              "tlsMode",
              k ->
                  k.destination()
                      .oneOf("none", "starttls", "starttls-required", "implicit")
                      .description(
                          "authmail's explicit TLS mode; must agree with"
                              + " secure/requireTLS/ignoreTLS"))
          .string(
              "caCertificate",
              k ->
                  k.destination()
                      .description(
                          "PEM CA certificate(s) to trust instead of the JDK's (same as tls.ca)")
                      .form(
                          f ->
                              f.label("Trusted CA certificate (PEM)")
                                  .type(FormItem.Type.MultilineText)))
          .map(
              "customHeaders",
              k ->
                  k.description("{name: value | [values]} added to every message")
                      .form(f -> f.label("Custom headers")))
          .objects(
              "dkim",
              DkimConfig.ENTRY,
              k ->
                  k.description(
                      "DKIM signing: {domain, selector, privateKey, algorithm, headers}, or a list"
                          + " of them (an RSA and an Ed25519 key)"))
          .any(
              "logger",
              k ->
                  k.unsupported("authmail logs message ids, never protocol traffic")
                      .description("not used: authmail logs message ids, never protocol traffic"))
          .any(
              "debug",
              k ->
                  k.unsupported("protocol traces would expose credentials and codes")
                      .description("not used: protocol traces would expose credentials and codes"))
          .bool(
              "disableFileAccess",
              k -> k.description("always in effect: authmail never reads files for content"))
          .bool(
              "disableUrlAccess",
              k -> k.description("always in effect: authmail never fetches URLs for content"))
          .integer(
              "maxConnections",
              k ->
                  k.range(1, 16)
                      .defaultValue((long) SmtpConfig.DEFAULT_MAX_CONNECTIONS)
                      .description("pooled connections, at most this many sends at once"))
          .integer(
              "maxMessages",
              k ->
                  k.range(1, 100_000)
                      .defaultValue((long) SmtpConfig.DEFAULT_MAX_MESSAGES)
                      .description("messages sent over one connection before it is replaced"))
          .formOrder(
              "host",
              "port",
              "auth",
              "fromEmail",
              "fromName",
              "replyTo",
              "secure",
              "requireTLS",
              "caCertificate")
          .build();

  private static final ConnectorMetadata METADATA =
      ConnectorMetadata.builder(ID)
          .alias("smtp")
          .target("smtp")
          .name("en", "SMTP")
          .description(
              "en", "Sends email through any SMTP server or relay, with STARTTLS or implicit TLS.")
          .form(SPEC)
          .build();

  @Override
  public ConnectorMetadata metadata() {
    return METADATA;
  }

  @Override
  public ConfigSpec configSpec() {
    return SPEC;
  }

  /**
   * @throws ConnectorException INVALID_CONFIG naming each bad key, or a host the network policy
   *     refuses
   */
  @Override
  public EmailConnector create(ConnectorConfig config, ConnectorContext context) {
    SmtpConfig smtp = SmtpConfig.from(config);
    if (SmtpConfig.isIpLiteral(smtp.host())) {
      try {
        // a literal needs no DNS: refuse an address the operator's policy forbids now, not at send
        // time
        context
            .network()
            .checkAddress(InetAddress.getByName(smtp.host().replaceAll("[\\[\\]]", "")), true);
      } catch (ConnectorException e) {
        throw ConnectorException.invalidConfig(config.path("host"), e.getMessage());
      } catch (UnknownHostException e) {
        throw ConnectorException.invalidConfig(config.path("host"), "is not a valid IP address");
      }
    }
    ConfigProblems problems = new ConfigProblems();
    DkimSigner dkim =
        DkimConfig.signer(config.objects("dkim"), smtp.sender().fromEmail(), problems).orElse(null);
    problems.throwIfAny();
    return new SmtpConnector(smtp, context, dkim);
  }
}
