package dev.authmail.connector.smtp.internal;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.NetworkPolicy;
import dev.authmail.connector.smtp.SmtpConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The socket factory Angus uses for implicit TLS and STARTTLS ({@code ssl.socketFactory}), with a
 * plain twin for connections without TLS ({@link #plain()}, Angus' {@code socketFactory}):
 *
 * <ul>
 *   <li>{@link #createSocket()} (of both) gives a plain socket that checks the address it connects
 *       to against the operator's {@link NetworkPolicy} (on the resolved address, so DNS cannot be
 *       swapped between check and use), and remembers itself for {@link #takeOpened()};
 *   <li>{@link #createSocket(Socket, String, int, boolean)} layers TLS 1.2+ over it, with the
 *       configured trusted CAs, SNI and host name check ({@code servername} when set).
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class SmtpSocketFactory extends SSLSocketFactory {
  /** The plain socket last opened on this thread: Angus connects on the caller's thread. */
  private static final ThreadLocal<Socket> OPENED = new ThreadLocal<>();

  private final NetworkPolicy policy;
  private final SSLSocketFactory tls;
  private final SmtpConfig.Tls settings;
  private final String peerName;
  private final String[] protocols;

  /**
   * @param peerName the name the server's certificate must show: {@code servername}, else the
   *     configured host (the connector connects to an address it resolved and checked itself)
   */
  public SmtpSocketFactory(NetworkPolicy policy, SmtpConfig.Tls settings, String peerName) {
    this.policy = policy;
    this.settings = settings;
    this.peerName = peerName;
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(settings), null);
      this.tls = context.getSocketFactory();
      List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
      this.protocols =
          settings.protocols().stream().filter(supported::contains).toArray(String[]::new);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /**
   * The factory for plain connections. It must not be an {@link SSLSocketFactory}: Angus would
   * layer TLS over every connection made by one.
   */
  public SocketFactory plain() {
    return new SocketFactory() {
      @Override
      public Socket createSocket() {
        return SmtpSocketFactory.this.createSocket();
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        return SmtpSocketFactory.this.createSocket(host, port);
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
          throws IOException {
        return SmtpSocketFactory.this.createSocket(host, port, localHost, localPort);
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        return SmtpSocketFactory.this.createSocket(host, port);
      }

      @Override
      public Socket createSocket(
          InetAddress address, int port, InetAddress localAddress, int localPort)
          throws IOException {
        return SmtpSocketFactory.this.createSocket(address, port, localAddress, localPort);
      }
    };
  }

  /** The protocols enabled on TLS sockets, for Angus' {@code ssl.protocols}. */
  public String protocols() {
    return String.join(" ", protocols);
  }

  /**
   * The plain socket this thread opened last, forgotten once taken: after connecting, the connector
   * switches its read timeout from the greeting timeout to the socket timeout.
   */
  public static Socket takeOpened() {
    Socket socket = OPENED.get();
    OPENED.remove();
    return socket;
  }

  @Override
  public Socket createSocket() {
    Socket socket = new GuardedSocket(policy);
    OPENED.set(socket);
    return socket;
  }

  @Override
  public Socket createSocket(Socket plain, String host, int port, boolean autoClose)
      throws IOException {
    // for implicit TLS Angus connects a plain java.net.Socket itself: check and remember it here
    check(plain.getInetAddress());
    OPENED.set(plain);
    SSLSocket socket = (SSLSocket) tls.createSocket(plain, peerName, port, autoClose);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(protocols);
    if (settings.verify()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (!SmtpConfig.isIpLiteral(peerName)) {
      parameters.setServerNames(List.of(new SNIHostName(peerName)));
    }
    socket.setSSLParameters(parameters);
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket socket = createSocket();
    if (local != null) {
      socket.bind(local);
    }
    socket.connect(remote);
    return socket;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls.getSupportedCipherSuites();
  }

  private static TrustManager[] trustManagers(SmtpConfig.Tls settings)
      throws GeneralSecurityException, IOException {
    if (!settings.verify()) {
      return new TrustManager[] {new TrustingAll()};
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (settings.trustedCertificates().isEmpty()) {
      factory.init((KeyStore) null);
    } else {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate certificate : settings.trustedCertificates()) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      factory.init(store);
    }
    return factory.getTrustManagers();
  }

  /** A plain socket that connects only where the network policy allows. */
  private static final class GuardedSocket extends Socket {
    private final NetworkPolicy policy;

    GuardedSocket(NetworkPolicy policy) {
      this.policy = policy;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (endpoint instanceof InetSocketAddress address) {
        if (address.isUnresolved()) {
          throw new UnknownHostException(address.getHostString());
        }
        check(policy, address.getAddress());
      }
      super.connect(endpoint, timeout);
    }
  }

  private void check(InetAddress address) throws SocketException {
    if (address != null) {
      check(policy, address);
    }
  }

  private static void check(NetworkPolicy policy, InetAddress address) throws SocketException {
    try {
      policy.checkAddress(address, true);
    } catch (ConnectorException refused) {
      SocketException e = new SocketException("refused by the network policy");
      e.initCause(refused);
      throw e;
    }
  }

  /** For {@code tls.rejectUnauthorized: false}: accepts any certificate, as Node does then. */
  private static final class TrustingAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
