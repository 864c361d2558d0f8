package dev.authmail.connector.smtp.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads a service account's private key: the unencrypted PKCS#8 PEM that Google's service account
 * JSON file holds ({@code -----BEGIN PRIVATE KEY-----}), decoded by the JDK's {@link KeyFactory}.
 * Stateless and thread-safe.
 */
public final class ServiceAccountKeys {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private ServiceAccountKeys() {}

  /** Whether {@code pem} is such a key; never throws. */
  public static boolean readable(String pem) {
    try {
      read(pem);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * @throws IllegalArgumentException when {@code pem} is not an RSA key in PKCS#8 PEM; the message
   *     never quotes the key
   */
  public static RSAPrivateKey read(String pem) {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("not a PKCS#8 PEM private key");
    }
    String body = pem.substring(begin + BEGIN.length(), end).replaceAll("\\s+", "");
    try {
      byte[] der = Base64.getDecoder().decode(body);
      return (RSAPrivateKey)
          KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("not a readable RSA private key");
    }
  }
}
