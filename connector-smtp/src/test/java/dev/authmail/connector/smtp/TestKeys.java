package dev.authmail.connector.smtp;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** An RSA key pair made once per test run, and its private key as the PKCS#8 PEM of a Google service account file. */
final class TestKeys {
  static final KeyPair RSA = generate();
  static final String PRIVATE_PEM = "-----BEGIN PRIVATE KEY-----\n"
      + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(RSA.getPrivate().getEncoded())
      + "\n-----END PRIVATE KEY-----\n";

  private TestKeys() {}

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
