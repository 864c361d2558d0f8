package dev.authmail.connector.smtp;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorContext;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.EmailTransport;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.dkim.DkimSigner;
import dev.authmail.connector.smtp.internal.AccessTokens;
import dev.authmail.connector.smtp.internal.DotTrackingTransport;
import dev.authmail.connector.smtp.internal.MessageBuilder;
import dev.authmail.connector.smtp.internal.ServiceAccountKeys;
import dev.authmail.connector.smtp.internal.SignedMessage;
import dev.authmail.connector.smtp.internal.SmtpSocketFactory;
import dev.authmail.connector.smtp.internal.TokenEndpoint;
import dev.authmail.connector.smtp.internal.TransportPool;
import dev.authmail.connector.toolkit.TemplateRenderer;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends through an SMTP server with Jakarta Mail (Eclipse Angus): {@link #send} renders the
 * request's template and {@link #deliver}s it; connections come from a small pool; every failure is
 * classified by {@link SmtpErrors}.
 *
 * <p>Thread-safe: {@link #send}, {@link #deliver} and {@link #verify} may run concurrently. {@link
 * #close()} closes pooled connections; idempotent.
 */
public final class SmtpConnector implements EmailConnector, EmailTransport {
  /** Postfix, Exim, Sendmail and others: "250 2.0.0 Ok: queued as 4Bq1xT2qz5z9". */
  private static final Pattern QUEUED_AS = Pattern.compile("queued as ([A-Za-z0-9._-]+)");

  /** Amazon SES: "250 Ok 0100018c1e3d4a5b-...-000000". */
  private static final Pattern OK_ID = Pattern.compile("^250 Ok ([A-Za-z0-9-]{16,})\\s*$");

  private final SmtpConfig config;
  private final ConnectorContext context;
  private final Session session;
  private final MessageBuilder messages;
  private final TransportPool pool;
  private final List<String> secrets;

  /** The OAuth2 access token source, or {@code null} for password or no auth. */
  private final AccessTokens tokens;

  private final DkimSigner dkim;

  SmtpConnector(SmtpConfig config, ConnectorContext context) {
    this(config, context, null);
  }

  /**
   * @param dkim signs every message when not {@code null}
   */
  SmtpConnector(SmtpConfig config, ConnectorContext context, DkimSigner dkim) {
    this.config = config;
    this.context = context;
    this.dkim = dkim;
    MessageBuilder.prepare();
    String peerName = config.server().peerName();
    this.session =
        Session.getInstance(
            properties(config, new SmtpSocketFactory(context.network(), config.tls(), peerName)));
    this.messages = new MessageBuilder(session, config.customHeaders());
    this.pool =
        new TransportPool(config.pool().maxConnections(), config.pool().maxMessages(), this::open);
    this.secrets = config.auth().secrets();
    this.tokens = tokens(config.auth(), context);
  }

  /**
   * The token source of an OAuth2 auth: a static token is used until it expires; a refresh token or
   * a service account fetches tokens from the endpoint, whose URL the network policy checks now.
   */
  private static AccessTokens tokens(SmtpAuth auth, ConnectorContext context) {
    if (auth instanceof SmtpAuth.StaticToken t) {
      return new AccessTokens(
          () -> {
            throw new ConnectorException(
                ErrorCode.AUTHENTICATION_FAILED,
                "auth.accessToken expired at "
                    + t.expires()
                    + " (auth.expires) and cannot be renewed; add auth.refreshToken with clientId"
                    + " and clientSecret");
          },
          context.clock(),
          new AccessTokens.Token(t.accessToken(), t.expires()));
    }
    if (auth instanceof SmtpAuth.RefreshToken r) {
      TokenEndpoint endpoint = TokenEndpoint.create(context, "auth.accessUrl", r.accessUrl());
      return new AccessTokens(
          endpoint.refreshToken(r.clientId(), r.clientSecret(), r.refreshToken()),
          context.clock(),
          r.accessToken() == null ? null : new AccessTokens.Token(r.accessToken(), r.expires()));
    }
    if (auth instanceof SmtpAuth.ServiceAccount a) {
      TokenEndpoint endpoint = TokenEndpoint.create(context, "auth.accessUrl", a.accessUrl());
      return new AccessTokens(
          endpoint.serviceAccount(
              a.serviceClient(), a.user(), ServiceAccountKeys.read(a.privateKey())),
          context.clock(),
          null);
    }
    return null;
  }

  /** How many access tokens were fetched from the token endpoint; for tests. */
  int tokenFetches() {
    return tokens == null ? 0 : tokens.fetches();
  }

  /** Line breaks in payload values that the chosen template puts into a header, found at accept. */
  @Override
  public List<ConfigProblem> requestProblems(EmailRequest request) {
    return TemplateRenderer.headerProblems(request, config.templates(), context);
  }

  /**
   * Renders the template for the request's usage type (stored templates, then config templates,
   * then Generic) and delivers it.
   *
   * @throws ConnectorException as {@link TemplateRenderer#renderEmail}, or a delivery failure
   */
  @Override
  public SendResult send(EmailRequest request) {
    return deliver(TemplateRenderer.renderEmail(request, config.templates(), context));
  }

  /**
   * Sends the email as it is. From is {@code email.from()} or {@code fromEmail}, its display name
   * {@code email.fromName()} or {@code fromName}; Reply-To {@code email.replyTo()} or {@code
   * replyTo}.
   *
   * @throws ConnectorException classified by {@link SmtpErrors}
   */
  @Override
  public SendResult deliver(RenderedEmail email) {
    EmailAddress from = email.from().orElse(config.sender().fromEmail());
    String fromName = email.fromName().orElse(config.sender().fromName());
    EmailAddress envelopeFrom =
        config.sender().envelopeFrom() != null ? config.sender().envelopeFrom() : from;
    EmailAddress replyTo = email.replyTo().orElse(config.sender().replyTo());
    try {
      SMTPMessage built =
          messages.build(email, from, fromName, envelopeFrom, replyTo, context.clock().instant());
      SMTPMessage message =
          dkim == null
              ? built
              : SignedMessage.sign(session, built, dkim, context.clock().instant());
      String reply =
          pool.use(
              transport -> {
                try {
                  transport.sendMessage(message, new Address[] {message.getAllRecipients()[0]});
                } catch (MessagingException e) {
                  throw ((DotTrackingTransport) transport).endOfDataSent()
                      ? new SmtpErrors.AfterEndOfData(e)
                      : e;
                }
                return transport.getLastServerResponse();
              });
      return new SendResult(providerId(reply, message.getMessageID()), context.clock().instant());
    } catch (MessagingException e) {
      throw SmtpErrors.classify(e, config, secrets);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(
          ErrorCode.UNAVAILABLE, "interrupted while waiting for an SMTP connection", e);
    } catch (TransportPool.ClosedException e) {
      throw new ConnectorException(
          ErrorCode.INTERNAL, "the SMTP connector is closed; the host must use a new one", e);
    }
  }

  /**
   * Connects, says EHLO, does STARTTLS when configured and authenticates, then disconnects.
   *
   * @throws ConnectorException classified by {@link SmtpErrors}
   */
  @Override
  public void verify() {
    try {
      TransportPool.closeQuietly(open());
    } catch (MessagingException e) {
      throw SmtpErrors.classify(e, config, secrets);
    }
  }

  /**
   * Resolves the host and checks every address against the network policy, then connects to the
   * checked address (so DNS cannot answer differently in between), says EHLO, does STARTTLS and
   * AUTH as configured; the certificate is checked against the configured name, not the address.
   *
   * @throws ConnectorException when the policy refuses the address or the name does not resolve
   */
  private SMTPTransport open() throws MessagingException {
    InetAddress address = context.network().resolve(config.host()).get(0);
    String secret = secret();
    try {
      return connect(address, secret);
    } catch (AuthenticationFailedException e) {
      if (!(config.auth() instanceof SmtpAuth.RefreshToken
          || config.auth() instanceof SmtpAuth.ServiceAccount)) {
        throw e;
      }
      // 535 (or a 334 XOAUTH2 error) to a token we thought valid: it was revoked or expired early;
      // one new token, once, before the failure is classified
      tokens.refused(secret);
      return connect(address, tokens.token());
    }
  }

  /** The password, the current access token, or {@code null} without auth. */
  private String secret() {
    SmtpAuth auth = config.auth();
    if (auth instanceof SmtpAuth.Password p) {
      return p.pass();
    }
    return auth instanceof SmtpAuth.OAuth2 ? tokens.token() : null;
  }

  private SMTPTransport connect(InetAddress address, String secret) throws MessagingException {
    SMTPTransport transport = new DotTrackingTransport(session);
    try {
      transport.connect(address.getHostAddress(), config.port(), config.auth().user(), secret);
      Socket socket = SmtpSocketFactory.takeOpened();
      if (socket != null) {
        socket.setSoTimeout(
            (int) config.socketTimeout().toMillis()); // the greeting timeout ends here
      }
      return transport;
    } catch (MessagingException | SocketException | RuntimeException e) {
      TransportPool.closeQuietly(transport);
      if (e instanceof MessagingException m) {
        throw m;
      }
      throw new MessagingException("cannot set the socket timeout", e);
    } finally {
      SmtpSocketFactory.takeOpened();
    }
  }

  /** The server's queue id from the reply to the final dot, else our Message-ID. */
  static String providerId(String reply, String messageId) {
    if (reply != null) {
      String line = reply.strip();
      Matcher queued = QUEUED_AS.matcher(line);
      if (queued.find()) {
        return queued.group(1);
      }
      Matcher ok = OK_ID.matcher(line);
      if (ok.matches()) {
        return ok.group(1);
      }
    }
    return messageId;
  }

  private static Properties properties(SmtpConfig config, SmtpSocketFactory sockets) {
    Properties p = new Properties();
    // "smtp" is always the protocol (implicit TLS through ssl.enable); the smtps twins are set too
    for (String prefix : List.of("mail.smtp.", "mail.smtps.")) {
      p.put(prefix + "host", config.host());
      p.put(prefix + "port", String.valueOf(config.port()));
      p.put(prefix + "connectiontimeout", String.valueOf(config.connectionTimeout().toMillis()));
      p.put(prefix + "timeout", String.valueOf(config.greetingTimeout().toMillis()));
      p.put(prefix + "writetimeout", String.valueOf(config.socketTimeout().toMillis()));
      p.put(prefix + "executor.writetimeout", WriteTimeouts.EXECUTOR);
      p.put(prefix + "socketFactory", sockets.plain());
      // Angus' default fallback would retry a refused connection without our factory (and policy)
      p.put(prefix + "socketFactory.fallback", "false");
      p.put(prefix + "ssl.socketFactory", sockets);
      p.put(prefix + "ssl.protocols", sockets.protocols());
      // the certificate's name is checked by JSSE in our factory, against host or servername:
      // Angus would check it against the address the connector connects to
      p.put(prefix + "ssl.checkserveridentity", "false");
      p.put(prefix + "ssl.enable", String.valueOf(config.tlsMode() == SmtpConfig.TlsMode.IMPLICIT));
      p.put(
          prefix + "starttls.enable",
          String.valueOf(
              config.tlsMode() == SmtpConfig.TlsMode.STARTTLS
                  || config.tlsMode() == SmtpConfig.TlsMode.STARTTLS_REQUIRED));
      p.put(
          prefix + "starttls.required",
          String.valueOf(config.tlsMode() == SmtpConfig.TlsMode.STARTTLS_REQUIRED));
      boolean auth = config.auth().method() != SmtpAuth.AuthMethod.NONE;
      p.put(prefix + "auth", String.valueOf(auth));
      if (auth) {
        p.put(prefix + "auth.mechanisms", config.auth().method().mechanisms());
        p.put(
            prefix + "auth.xoauth2.disable",
            String.valueOf(config.auth().method() != SmtpAuth.AuthMethod.XOAUTH2));
      }
      if (config.server().heloName() != null) {
        p.put(prefix + "localhost", config.server().heloName());
      }
      if (config.server().localAddress() != null) {
        p.put(prefix + "localaddress", config.server().localAddress());
      }
      p.put(prefix + "quitwait", "false");
    }
    return p;
  }

  /** Closes pooled connections. Idempotent; never throws. */
  @Override
  public void close() {
    pool.close();
  }

  /** Shows the server and mode, never credentials. */
  @Override
  public String toString() {
    return "SmtpConnector["
        + config.host()
        + ":"
        + config.port()
        + ", tls="
        + config.tlsMode().configName()
        + ", auth="
        + config.auth().method()
        + (dkim == null ? "" : ", dkim=" + dkim.keys())
        + "]";
  }

  /**
   * One scheduler for every connection's write timeout in the process: without it Angus starts a
   * thread per connection (docs/design/field-notes.md). Cancelled timers are removed at once, since
   * every write schedules one.
   */
  private static final class WriteTimeouts {
    static final ScheduledExecutorService EXECUTOR = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread thread = new Thread(r, "authmail-smtp-write-timeout");
                thread.setDaemon(true);
                return thread;
              });
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }
}
