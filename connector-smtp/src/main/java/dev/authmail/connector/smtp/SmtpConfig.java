package dev.authmail.connector.smtp;

import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.template.EmailTemplate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SMTP connector's configuration, bound from a checked {@link ConnectorConfig} by {@link
 * #from(ConnectorConfig)} (the parsing is {@link SmtpConfigReader}'s). Logto's {@code
 * simple-mail-transfer-protocol} keys are read as Logto (nodemailer) means them; see the module
 * README for every key, default and what is ignored. It is made of what it configures: the {@link
 * Server} and how to reach it, the {@link Timeouts}, the {@link SmtpAuth}, the {@link Sender}'s
 * message defaults, and the connection {@link Pool}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no secret.
 */
public record SmtpConfig(
    Server server, Timeouts timeouts, SmtpAuth auth, Sender sender, Pool pool) {

  /** Connect timeout when none is configured (Logto/nodemailer: 2 minutes). */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  /** Greeting (and EHLO/STARTTLS/AUTH) read timeout when none is configured (Logto: 30 s). */
  public static final Duration DEFAULT_GREETING_TIMEOUT = Duration.ofSeconds(10);

  /** Read and write timeout once connected when none is configured (Logto: 10 minutes). */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);

  public static final int DEFAULT_MAX_CONNECTIONS = 3;
  public static final int DEFAULT_MAX_MESSAGES = 100;

  /** How the connection is secured. */
  public enum TlsMode {
    /** Plain text; STARTTLS is not used even when offered (Logto {@code ignoreTLS: true}). */
    NONE("none"),
    /** STARTTLS when the server offers it, else plain text (Logto's default). */
    STARTTLS("starttls"),
    /**
     * STARTTLS, and the send fails when the server does not offer it (Logto {@code requireTLS}).
     */
    STARTTLS_REQUIRED("starttls-required"),
    /** TLS from the first byte, usually port 465 (Logto {@code secure: true}). */
    IMPLICIT("implicit");

    private final String configName;

    TlsMode(String configName) {
      this.configName = configName;
    }

    /** The spelling of the {@code tlsMode} key. */
    public String configName() {
      return configName;
    }

    static TlsMode parse(String value) {
      for (TlsMode mode : values()) {
        if (mode.configName.equalsIgnoreCase(value.trim())) {
          return mode;
        }
      }
      throw new IllegalArgumentException(value);
    }
  }

  /**
   * TLS settings, used by every mode but {@link TlsMode#NONE}.
   *
   * @param verify Logto's {@code tls.rejectUnauthorized}: check the certificate chain and host name
   * @param serverName the name sent as SNI and checked against the certificate instead of the host
   * @param trustedCertificates when not empty, the only CA certificates trusted; else the JDK's
   * @param protocols the TLS versions enabled, newest first; never below TLS 1.2
   */
  public record Tls(
      boolean verify,
      String serverName,
      List<X509Certificate> trustedCertificates,
      List<String> protocols) {
    public static final Tls DEFAULT = new Tls(true, null, List.of(), List.of("TLSv1.3", "TLSv1.2"));

    public Tls {
      trustedCertificates = List.copyOf(trustedCertificates);
      protocols = List.copyOf(protocols);
    }

    @Override
    public String toString() {
      return "Tls[verify="
          + verify
          + ", serverName="
          + serverName
          + ", trustedCertificates="
          + trustedCertificates.size()
          + ", protocols="
          + protocols
          + "]";
    }
  }

  /**
   * The server and how to reach it.
   *
   * @param heloName the name said in EHLO (Logto's {@code name}), or {@code null} for the JDK's
   * @param localAddress the local IP address to connect from, or {@code null}
   */
  public record Server(
      String host, int port, TlsMode tlsMode, Tls tls, String heloName, String localAddress) {
    public Server {
      Objects.requireNonNull(host, "host is null");
      Objects.requireNonNull(tlsMode, "tlsMode is null");
      Objects.requireNonNull(tls, "tls is null");
    }

    /** The name the certificate must carry: {@code servername} when set, else the host. */
    public String peerName() {
      return tls.serverName() != null ? tls.serverName() : host;
    }
  }

  /**
   * @param connection to open the TCP connection
   * @param greeting to read the greeting and the answers to EHLO, STARTTLS and AUTH
   * @param socket to read or write once connected
   */
  public record Timeouts(Duration connection, Duration greeting, Duration socket) {
    public Timeouts {
      Objects.requireNonNull(connection, "connection is null");
      Objects.requireNonNull(greeting, "greeting is null");
      Objects.requireNonNull(socket, "socket is null");
    }
  }

  /**
   * What every message carries unless the rendered email says otherwise.
   *
   * @param fromName the display name, or {@code null}
   * @param replyTo or {@code null}
   * @param envelopeFrom the MAIL FROM address (bounces), or {@code null} for {@code fromEmail}
   * @param templates the config templates, by usage type
   * @param customHeaders header name to its values, added to every message
   */
  public record Sender(
      EmailAddress fromEmail,
      String fromName,
      EmailAddress replyTo,
      EmailAddress envelopeFrom,
      List<EmailTemplate> templates,
      Map<String, List<String>> customHeaders) {
    public Sender {
      Objects.requireNonNull(fromEmail, "fromEmail is null");
      templates = List.copyOf(templates);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      customHeaders.forEach((name, values) -> headers.put(name, List.copyOf(values)));
      customHeaders = Collections.unmodifiableMap(headers);
    }
  }

  /**
   * @param maxConnections pooled connections kept open to the server
   * @param maxMessages messages sent over one connection before it is replaced
   */
  public record Pool(int maxConnections, int maxMessages) {}

  public SmtpConfig {
    Objects.requireNonNull(server, "server is null");
    Objects.requireNonNull(timeouts, "timeouts is null");
    Objects.requireNonNull(auth, "auth is null");
    Objects.requireNonNull(sender, "sender is null");
    Objects.requireNonNull(pool, "pool is null");
  }

  /** Every setting in the order of the module README's key table. */
  public SmtpConfig(
      String host,
      int port,
      TlsMode tlsMode,
      Tls tls,
      SmtpAuth auth,
      EmailAddress fromEmail,
      String fromName,
      EmailAddress replyTo,
      EmailAddress envelopeFrom,
      List<EmailTemplate> templates,
      String heloName,
      String localAddress,
      Duration connectionTimeout,
      Duration greetingTimeout,
      Duration socketTimeout,
      Map<String, List<String>> customHeaders,
      int maxConnections,
      int maxMessages) {
    this(
        new Server(host, port, tlsMode, tls, heloName, localAddress),
        new Timeouts(connectionTimeout, greetingTimeout, socketTimeout),
        auth,
        new Sender(fromEmail, fromName, replyTo, envelopeFrom, templates, customHeaders),
        new Pool(maxConnections, maxMessages));
  }

  /**
   * Reads a config the host checked against {@link SmtpConnectorFactory#SPEC}, with the semantic
   * checks the spec cannot express. Every problem is reported at once, each naming its key.
   *
   * @throws ConnectorException {@link dev.authmail.connector.api.ErrorCode#INVALID_CONFIG}
   */
  public static SmtpConfig from(ConnectorConfig config) {
    return SmtpConfigReader.read(config);
  }

  /** An IP literal, recognised without any DNS lookup. */
  public static boolean isIpLiteral(String host) {
    return SmtpConfigReader.isIpLiteral(host);
  }

  // The settings read most, by the names of their Logto keys.

  public String host() {
    return server.host();
  }

  public int port() {
    return server.port();
  }

  public TlsMode tlsMode() {
    return server.tlsMode();
  }

  public Tls tls() {
    return server.tls();
  }

  public List<EmailTemplate> templates() {
    return sender.templates();
  }

  public Map<String, List<String>> customHeaders() {
    return sender.customHeaders();
  }

  public Duration connectionTimeout() {
    return timeouts.connection();
  }

  public Duration greetingTimeout() {
    return timeouts.greeting();
  }

  public Duration socketTimeout() {
    return timeouts.socket();
  }

  @Override
  public String toString() {
    return "SmtpConfig[host="
        + server.host()
        + ", port="
        + server.port()
        + ", tlsMode="
        + server.tlsMode().configName()
        + ", "
        + server.tls()
        + ", "
        + auth
        + ", templates="
        + sender.templates().size()
        + ", connectionTimeout="
        + timeouts.connection().toMillis()
        + "ms, greetingTimeout="
        + timeouts.greeting().toMillis()
        + "ms, socketTimeout="
        + timeouts.socket().toMillis()
        + "ms, maxConnections="
        + pool.maxConnections()
        + ", maxMessages="
        + pool.maxMessages()
        + "]";
  }
}
