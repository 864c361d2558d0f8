package dev.authmail.connector.smtp;

import dev.authmail.connector.api.ConfigProblems;
import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.Mailbox;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.template.EmailTemplate;
import dev.authmail.connector.smtp.SmtpConfig.Tls;
import dev.authmail.connector.smtp.SmtpConfig.TlsMode;
import dev.authmail.connector.toolkit.ConfigTemplates;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@link SmtpConfig} from a checked {@link ConnectorConfig}: the one place where the SMTP
 * connector's keys (Logto's and authmail's) are interpreted, with the semantic checks that the spec
 * cannot express. Every problem is collected, then all are thrown at once. Stateless; thread-safe.
 */
final class SmtpConfigReader {
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,251}[A-Za-z0-9_])?");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private SmtpConfigReader() {}

  /** See {@link SmtpConfig#from}. */
  static SmtpConfig read(ConnectorConfig config) {
    ConfigProblems problems = new ConfigProblems();

    String host = config.requireString("host").trim();
    if (!HOST_NAME.matcher(host).matches() && !isIpLiteral(host)) {
      problems.add(
          config.path("host"),
          "is not a host name or IP address; write it without scheme or port, e.g."
              + " smtp.example.com");
    }
    TlsMode tlsMode = tlsMode(config, problems);
    int port =
        config.number("port").map(Long::intValue).orElse(tlsMode == TlsMode.IMPLICIT ? 465 : 587);
    Tls tls = tls(config, problems);
    SmtpAuth auth = SmtpAuthReader.read(config, host, problems);

    // "Acme <noreply@example.com>" as nodemailer takes it; a separate fromName wins over its name
    Mailbox fromMailbox = problems.collect(() -> config.mailbox("fromEmail").orElse(null));
    EmailAddress fromEmail = fromMailbox == null ? null : fromMailbox.address();
    String fromName =
        config
            .string("fromName")
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .or(() -> fromMailbox == null ? Optional.empty() : fromMailbox.name())
            .orElse(null);
    if (fromName != null) {
      problems.check(
          config.path("fromName"),
          () -> RenderedEmail.checkHeaderValue("fromName", config.string("fromName").get()));
    }
    EmailAddress replyTo = problems.collect(() -> config.address("replyTo").orElse(null));
    EmailAddress envelopeFrom = problems.collect(() -> config.address("envelopeFrom").orElse(null));

    List<EmailTemplate> templates =
        problems.collect(() -> ConfigTemplates.optional(config, "templates"));

    String heloName =
        config.string("name").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    if (heloName != null
        && !HOST_NAME.matcher(heloName).matches()
        && !heloName.matches("\\[[0-9A-Fa-f:.]+]")) {
      problems.add(
          config.path("name"),
          "is the name said in EHLO and must be a host name such as mail.example.com");
    }
    String localAddress =
        config.string("localAddress").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    if (localAddress != null && !isIpLiteral(localAddress)) {
      problems.add(
          config.path("localAddress"),
          "must be an IP address of this machine to connect from, e.g. 192.0.2.10");
    }

    Map<String, List<String>> customHeaders = customHeaders(config, problems);

    problems.throwIfAny();
    return new SmtpConfig(
        new SmtpConfig.Server(host, port, tlsMode, tls, heloName, localAddress),
        new SmtpConfig.Timeouts(
            Duration.ofMillis(config.longValue("connectionTimeout")),
            Duration.ofMillis(config.longValue("greetingTimeout")),
            Duration.ofMillis(config.longValue("socketTimeout"))),
        auth,
        new SmtpConfig.Sender(fromEmail, fromName, replyTo, envelopeFrom, templates, customHeaders),
        new SmtpConfig.Pool(config.intValue("maxConnections"), config.intValue("maxMessages")));
  }

  /**
   * Logto's secure/requireTLS/ignoreTLS, or authmail's explicit tlsMode, which must agree with
   * them.
   */
  private static TlsMode tlsMode(ConnectorConfig config, ConfigProblems problems) {
    boolean secure = config.bool("secure");
    boolean requireTls = config.bool("requireTLS");
    boolean ignoreTls = config.bool("ignoreTLS");
    TlsMode implied;
    if (secure) {
      implied = TlsMode.IMPLICIT;
    } else if (requireTls && ignoreTls) {
      problems.add(config.path("requireTLS"), "contradicts ignoreTLS: true; set only one of them");
      implied = TlsMode.STARTTLS_REQUIRED;
    } else if (requireTls) {
      implied = TlsMode.STARTTLS_REQUIRED;
    } else if (ignoreTls) {
      implied = TlsMode.NONE;
    } else {
      implied = TlsMode.STARTTLS;
    }
    if (!config.has("tlsMode")) {
      return implied;
    }
    TlsMode explicit = TlsMode.parse(config.string("tlsMode").get());
    boolean agrees =
        (!secure || explicit == TlsMode.IMPLICIT)
            && (!requireTls
                || explicit == TlsMode.STARTTLS_REQUIRED
                || explicit == TlsMode.IMPLICIT)
            && (!ignoreTls || explicit == TlsMode.NONE);
    if (!agrees) {
      problems.add(
          config.path("tlsMode"),
          "is "
              + explicit.configName()
              + " but secure/requireTLS/ignoreTLS say "
              + implied.configName()
              + "; remove those keys or make them agree");
    }
    return explicit;
  }

  private static Tls tls(ConnectorConfig config, ConfigProblems problems) {
    Map<String, Object> tls = config.object("tls").map(ConnectorConfig::asMap).orElse(Map.of());
    boolean verify = true;
    Object reject = tls.get("rejectUnauthorized");
    if (reject != null) {
      if (reject instanceof Boolean b) {
        verify = b;
      } else if ("true".equalsIgnoreCase(String.valueOf(reject))
          || "false".equalsIgnoreCase(String.valueOf(reject))) {
        verify = Boolean.parseBoolean(String.valueOf(reject));
      } else {
        problems.add(config.path("tls") + ".rejectUnauthorized", "expected true or false");
      }
    }

    String serverName =
        config.string("servername").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    Object tlsServerName = tls.get("servername");
    if (tlsServerName != null) {
      String value = String.valueOf(tlsServerName).strip();
      if (serverName != null && !serverName.equalsIgnoreCase(value)) {
        problems.add(
            config.path("tls") + ".servername", "differs from servername; set only one of them");
      }
      serverName = value.isEmpty() ? serverName : value;
    }
    if (serverName != null
        && (!HOST_NAME.matcher(serverName).matches() || isIpLiteral(serverName))) {
      problems.add(
          config.path("servername"), "must be a host name (the name on the server's certificate)");
      serverName = null;
    }

    List<X509Certificate> trusted = new ArrayList<>();
    Object ca = tls.get("ca");
    if (ca != null && config.has("caCertificate")) {
      problems.add(
          config.path("caCertificate"),
          "and tls.ca are both set; put the certificates in one of them");
    } else if (ca != null) {
      List<?> pems = ca instanceof Collection<?> c ? List.copyOf(c) : List.of(ca);
      for (Object pem : pems) {
        trusted.addAll(certificates(String.valueOf(pem), config.path("tls") + ".ca", problems));
      }
    } else if (config.has("caCertificate")) {
      trusted.addAll(
          certificates(
              config.string("caCertificate").get(), config.path("caCertificate"), problems));
    }

    List<String> protocols = Tls.DEFAULT.protocols();
    Object minVersion = tls.get("minVersion");
    if (minVersion != null) {
      switch (String.valueOf(minVersion).strip()) {
        case "TLSv1.2" -> protocols = List.of("TLSv1.3", "TLSv1.2");
        case "TLSv1.3" -> protocols = List.of("TLSv1.3");
        default ->
            problems.add(
                config.path("tls") + ".minVersion",
                "must be TLSv1.2 or TLSv1.3; older versions are refused (authmail requires TLS 1.2"
                    + " at least)");
      }
    }
    return new Tls(verify, serverName, trusted, protocols);
  }

  private static List<X509Certificate> certificates(
      String pem, String path, ConfigProblems problems) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      problems.add(path, "must be PEM text starting with -----BEGIN CERTIFICATE-----");
      return List.of();
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> out = new ArrayList<>();
      for (var certificate :
          factory.generateCertificates(
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        out.add((X509Certificate) certificate);
      }
      if (out.isEmpty()) {
        problems.add(path, "holds no certificate");
      }
      return out;
    } catch (CertificateException e) {
      problems.add(path, "is not a readable PEM certificate (" + e.getMessage() + ")");
      return List.of();
    }
  }

  private static Map<String, List<String>> customHeaders(
      ConnectorConfig config, ConfigProblems problems) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Map<String, Object> raw =
        config.object("customHeaders").map(ConnectorConfig::asMap).orElse(Map.of());
    raw.forEach(
        (name, value) -> {
          String path = config.path("customHeaders") + "." + name;
          try {
            RenderedEmail.checkHeaderName(name);
          } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return;
          }
          List<?> values =
              value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
          List<String> texts = new ArrayList<>();
          for (Object v : values) {
            if (v instanceof Map || v instanceof List) {
              problems.add(path, "must be a text or a list of texts");
              return;
            }
            String text = String.valueOf(v);
            if (problems.check(path, () -> RenderedEmail.checkHeaderValue("the value", text))) {
              texts.add(text);
            }
          }
          out.put(name, texts);
        });
    return out;
  }

  /** See {@link SmtpConfig#isIpLiteral}. */
  static boolean isIpLiteral(String host) {
    return IPV4.matcher(host).matches()
        || (host.contains(":") && host.matches("\\[?[0-9A-Fa-f:.]+(%\\w+)?]?"));
  }
}
