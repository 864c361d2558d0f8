package dev.authmail.connector.smtp;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * The one place where SMTP failures become {@link ErrorCode}s. Reply codes:
 *
 * <table>
 *   <caption>SMTP reply → error code</caption>
 *   <tr><td>530, 534, 535, 538 (authentication required / too weak / refused / needs TLS)</td>
 *       <td>{@link ErrorCode#AUTHENTICATION_FAILED}</td></tr>
 *   <tr><td>421, 450, 451, 452 (closing, busy, local error, insufficient resources: what
 *       servers say when throttling or greylisting)</td>
 *       <td>{@link ErrorCode#RATE_LIMITED}, retryable</td></tr>
 *   <tr><td>other 4xx</td><td>{@link ErrorCode#UNAVAILABLE}, retryable</td></tr>
 *   <tr><td>5xx with enhanced status 5.1.1 to RCPT (no such mailbox)</td>
 *       <td>{@link ErrorCode#REJECTED}, {@link ConnectorException#recipientUnknown()}: the runtime
 *       suppresses the address</td></tr>
 *   <tr><td>other 5xx</td><td>{@link ErrorCode#REJECTED}</td></tr>
 * </table>
 *
 * <p>Without a reply: a connect, read or write timeout → {@link ErrorCode#TIMEOUT}; refused, reset
 * or dropped connections and unknown hosts → {@link ErrorCode#UNAVAILABLE}; the connection lost
 * after the final "." (Angus' return code -1) → UNAVAILABLE marked {@link
 * ConnectorException#outcomeUnknown outcome unknown}, since the server may have taken the message,
 * and so is a timeout waiting for the answer to the final "." (TIMEOUT, outcome unknown); an
 * untrusted certificate, a required STARTTLS the server lacks, or no common AUTH mechanism → {@link
 * ErrorCode#INVALID_CONFIG}.
 *
 * <p>Where the code sits varies (docs/design/field-notes.md): on {@link SMTPSendFailedException};
 * for a refused recipient only on the nested {@link SMTPAddressFailedException}; for a refused
 * greeting only in the message text. Messages carry the server's reply with addresses and long
 * base64 tokens removed, never credentials; the native exception is kept as the cause. Stateless,
 * thread-safe.
 */
public final class SmtpErrors {
  private static final int MAX_DETAIL = 200;
  private static final Pattern CODE_IN_TEXT =
      Pattern.compile("(?:response:\\s*|^)\\s*([2-5]\\d\\d)(?:[ -]|$)");
  private static final Pattern ADDRESS = Pattern.compile("<?[^\\s<>@]+@[^\\s<>]+>?");

  /** A 5xx reply whose enhanced status code (RFC 3463) is 5.1.1. */
  private static final Pattern UNKNOWN_MAILBOX = Pattern.compile("^5\\d\\d[ -]5\\.1\\.1(\\s|$)");

  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{20,}={0,2}");

  private SmtpErrors() {}

  /**
   * Wraps a failure that happened after the final "." was sent, while waiting for the server's
   * answer: the server holds the whole message, so it may have been delivered.
   */
  public static final class AfterEndOfData extends MessagingException {
    private static final long serialVersionUID = 1L;

    public AfterEndOfData(MessagingException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * The exception for a failure while connecting to, or sending through, {@code host:port}.
   *
   * @param secrets configured secret values, removed from any text taken from the server
   */
  public static ConnectorException classify(
      Exception failure, SmtpConfig config, List<String> secrets) {
    boolean afterEndOfData = failure instanceof AfterEndOfData;
    Exception e = afterEndOfData ? (Exception) failure.getCause() : failure;
    String where = "SMTP server " + config.host() + ":" + config.port();
    ConnectorException policy = find(e, ConnectorException.class);
    if (policy != null) {
      return new ConnectorException(policy.code(), where + ": " + policy.getMessage(), e);
    }
    if (e instanceof AuthenticationFailedException) {
      return new ConnectorException(
          ErrorCode.AUTHENTICATION_FAILED,
          where + " refused the credentials of auth.user" + detail(e.getMessage(), secrets),
          e);
    }
    int code = replyCode(e);
    String reply = detail(replyText(e), secrets);
    if (code == -1 && isFinalDot(e)) {
      return ConnectorException.outcomeUnknown(
          ErrorCode.UNAVAILABLE,
          where
              + " closed the connection after the message was sent and before answering; it may"
              + " have been delivered",
          e);
    }
    if (code >= 400 && isUnknownRecipient(e, code)) {
      return ConnectorException.recipientUnknown(
          where + " answered " + code + reply + " (the recipient's mailbox does not exist)", e);
    }
    if (code >= 400) {
      return forReplyCode(code, where + " answered " + code + reply, e);
    }
    boolean timedOut =
        find(e, SocketTimeoutException.class) != null || messageContains(e, "Write timed out");
    if (timedOut && afterEndOfData) {
      return ConnectorException.outcomeUnknown(
          ErrorCode.TIMEOUT,
          where
              + " took the whole message but did not "
              + "answer the final \".\" within socketTimeout "
              + config.socketTimeout().toMillis()
              + " ms; it may have been delivered",
          e);
    }
    if (timedOut) {
      String hint =
          config.port() == 465 && config.tlsMode() != SmtpConfig.TlsMode.IMPLICIT
              ? "; port 465 usually expects implicit TLS: set secure: true"
              : "";
      return new ConnectorException(
          ErrorCode.TIMEOUT,
          where
              + " did not answer in time (connectionTimeout "
              + config.connectionTimeout().toMillis()
              + " ms, greetingTimeout "
              + config.greetingTimeout().toMillis()
              + " ms, socketTimeout "
              + config.socketTimeout().toMillis()
              + " ms)"
              + hint,
          e);
    }
    if (find(e, SSLPeerUnverifiedException.class) != null
        || find(e, GeneralSecurityException.class) != null) {
      return new ConnectorException(
          ErrorCode.INVALID_CONFIG,
          where
              + ": its TLS certificate is not trusted for this "
              + "host ("
              + rootMessage(e, secrets)
              + "); trust its CA with tls.ca, name the certificate's host with "
              + "servername, or set tls.rejectUnauthorized: false for a test server",
          e);
    }
    if (messageContains(e, "STARTTLS is required") || messageContains(e, "STARTTLS required")) {
      return new ConnectorException(
          ErrorCode.INVALID_CONFIG,
          where
              + " does not offer STARTTLS, which requireTLS (or tlsMode starttls-required) demands",
          e);
    }
    if (messageContains(e, "No authentication mechanisms supported")) {
      return new ConnectorException(
          ErrorCode.INVALID_CONFIG,
          where
              + " offers none of the AUTH mechanisms "
              + config.auth().method().mechanisms()
              + "; change authMethod",
          e);
    }
    if (find(e, UnknownHostException.class) != null) {
      return new ConnectorException(
          ErrorCode.UNAVAILABLE, "the host name " + config.host() + " does not resolve", e);
    }
    SSLException ssl = find(e, SSLException.class);
    if (ssl != null) {
      return new ConnectorException(
          ErrorCode.UNAVAILABLE,
          where
              + ": TLS failed ("
              + rootMessage(e, secrets)
              + "); check that secure (implicit TLS) matches the port",
          e);
    }
    if (e instanceof AddressException || find(e, AddressException.class) != null) {
      return new ConnectorException(
          ErrorCode.INVALID_REQUEST,
          "an address cannot be used in SMTP: " + rootMessage(e, secrets),
          e);
    }
    if (find(e, IOException.class) != null) {
      return new ConnectorException(
          ErrorCode.UNAVAILABLE,
          where + ": connection failed (" + rootMessage(e, secrets) + ")",
          e);
    }
    return new ConnectorException(
        ErrorCode.UNAVAILABLE,
        where + " failed" + (reply.isEmpty() ? ": " + rootMessage(e, secrets) : reply),
        e);
  }

  /** The classification of one reply code, as the class comment's table says. */
  static ConnectorException forReplyCode(int code, String message, Exception cause) {
    return switch (code) {
      case 530, 534, 535, 538 ->
          new ConnectorException(ErrorCode.AUTHENTICATION_FAILED, message, cause);
      case 421, 450, 451, 452 -> new ConnectorException(ErrorCode.RATE_LIMITED, message, cause);
      default ->
          new ConnectorException(
              code < 500 ? ErrorCode.UNAVAILABLE : ErrorCode.REJECTED, message, cause);
    };
  }

  /**
   * Whether RCPT was refused permanently with the enhanced status 5.1.1 (RFC 3463: bad destination
   * mailbox address), the receiving server's own word that the mailbox does not exist. Other 5xx
   * refusals of a recipient (policy, relaying, a full mailbox) say nothing about the address.
   */
  private static boolean isUnknownRecipient(Exception e, int code) {
    SMTPAddressFailedException address = find(e, SMTPAddressFailedException.class);
    return code / 100 == 5
        && address != null
        && address.getMessage() != null
        && UNKNOWN_MAILBOX.matcher(address.getMessage().strip()).find();
  }

  /** The reply code wherever Angus put it, or 0 when there is none. */
  static int replyCode(Throwable e) {
    for (Throwable t : chain(e)) {
      if (t instanceof SMTPSendFailedException s && s.getReturnCode() != 0) {
        return s.getReturnCode();
      }
      if (t instanceof SMTPAddressFailedException a && a.getReturnCode() != 0) {
        return a.getReturnCode();
      }
      if (t instanceof SMTPSenderFailedException s && s.getReturnCode() != 0) {
        return s.getReturnCode();
      }
    }
    for (Throwable t : chain(e)) {
      if (t instanceof MessagingException && t.getMessage() != null) {
        Matcher m = CODE_IN_TEXT.matcher(t.getMessage().strip());
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
    }
    return 0;
  }

  private static boolean isFinalDot(Throwable e) {
    return e instanceof SMTPSendFailedException s && ".".equals(s.getCommand());
  }

  /** The server's reply text: the nested address failure's when there is one. */
  private static String replyText(Throwable e) {
    SMTPAddressFailedException address = find(e, SMTPAddressFailedException.class);
    if (address != null) {
      return address.getMessage();
    }
    if (e instanceof SendFailedException || e.getMessage() == null) {
      return e.getMessage();
    }
    int response = e.getMessage().indexOf("response:");
    return response >= 0
        ? e.getMessage().substring(response + "response:".length())
        : e.getMessage();
  }

  private static String detail(String text, List<String> secrets) {
    String clean = clean(text, secrets);
    return clean.isEmpty() ? "" : ": " + clean;
  }

  /** Server text made safe to show: no secrets, addresses, base64 blobs or control characters. */
  static String clean(String text, List<String> secrets) {
    if (text == null) {
      return "";
    }
    String s = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        s = s.replace(secret, "***");
      }
    }
    s = ADDRESS.matcher(s).replaceAll("<address>");
    s = BASE64.matcher(s).replaceAll("***");
    s = s.replaceAll("\\p{Cntrl}+", " ").strip();
    return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "…" : s;
  }

  private static String rootMessage(Throwable e, List<String> secrets) {
    Throwable root = e;
    for (Throwable t : chain(e)) {
      root = t;
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return clean(text, secrets);
  }

  private static boolean messageContains(Throwable e, String text) {
    for (Throwable t : chain(e)) {
      if (t.getMessage() != null && t.getMessage().contains(text)) {
        return true;
      }
    }
    return false;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t : chain(e)) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The exception, its causes and Jakarta Mail's "next" exceptions, without cycles. */
  private static List<Throwable> chain(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    List<Throwable> todo = new ArrayList<>(List.of(e));
    while (!todo.isEmpty() && out.size() < 32) {
      Throwable t = todo.remove(0);
      if (t == null || out.contains(t)) {
        continue;
      }
      out.add(t);
      todo.add(t.getCause());
      if (t instanceof MessagingException m) {
        todo.add(m.getNextException());
      }
    }
    return out;
  }
}
