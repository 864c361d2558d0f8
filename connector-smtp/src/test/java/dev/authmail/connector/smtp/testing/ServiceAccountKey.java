package dev.authmail.connector.smtp.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * An RSA key pair made once per test run, and its private key as the PKCS#8 PEM of a Google service
 * account file. Published in this module's test jar.
 */
public final class ServiceAccountKey {
  public static final KeyPair RSA = generate();
  public static final String PRIVATE_PEM =
      "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(RSA.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n";

  private ServiceAccountKey() {}

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
