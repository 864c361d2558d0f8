package dev.authmail.connector.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed server certificates made at run time with the JDK's {@code keytool}, for the name
 * {@code localhost} only (so connecting to 127.0.0.1 shows a host name mismatch). {@link #server()}
 * is the one GreenMail serves (set through its {@code greenmail.tls.keystore.*} properties, read
 * once per JVM, so call {@link #server()} before starting GreenMail with TLS); {@link #other()} is
 * a second, unrelated one.
 */
final class TestTls {
  static final String PASSWORD = "changeit";

  /** A keystore and the PEM of its certificate. */
  record Certificate(Path keystore, String pem) {
    /** A server-side TLS context presenting this certificate. */
    SSLContext serverContext() {
      try (InputStream in = Files.newInputStream(keystore)) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(in, PASSWORD.toCharArray());
        KeyManagerFactory keys =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static Certificate server;
  private static Certificate other;

  private TestTls() {}

  static synchronized Certificate server() {
    if (server == null) {
      server = generate("server");
      System.setProperty("greenmail.tls.keystore.file", server.keystore().toString());
      System.setProperty("greenmail.tls.keystore.password", PASSWORD);
      System.setProperty("greenmail.tls.key.password", PASSWORD);
    }
    return server;
  }

  static synchronized Certificate other() {
    if (other == null) {
      other = generate("other");
    }
    return other;
  }

  private static Certificate generate(String name) {
    try {
      Path dir = Files.createTempDirectory("authmail-smtp-tls-");
      dir.toFile().deleteOnExit();
      Path keystore = dir.resolve(name + ".p12");
      Path pem = dir.resolve(name + ".pem");
      keytool(
          "-genkeypair",
          "-alias",
          name,
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-validity",
          "2",
          "-dname",
          "CN=localhost, O=authmail test " + name,
          "-ext",
          "SAN=dns:localhost",
          "-keystore",
          keystore.toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          PASSWORD,
          "-keypass",
          PASSWORD);
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          name,
          "-keystore",
          keystore.toString(),
          "-storepass",
          PASSWORD,
          "-file",
          pem.toString());
      keystore.toFile().deleteOnExit();
      pem.toFile().deleteOnExit();
      return new Certificate(keystore, Files.readString(pem, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IllegalStateException("cannot make a test certificate with keytool", e);
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.add("-noprompt");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool " + args[0] + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted", e);
    }
  }
}
