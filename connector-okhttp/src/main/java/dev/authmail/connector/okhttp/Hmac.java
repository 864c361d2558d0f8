package dev.authmail.connector.okhttp;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, for the connectors that sign request bodies. Stateless and thread-safe. */
public final class Hmac {
  private static final String ALGORITHM = "HmacSHA256";

  private Hmac() {}

  /** HMAC-SHA256 of {@code data} under {@code key}. */
  public static byte[] sha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      // Every Java platform must provide HmacSHA256; an empty key is the only way here.
      throw new IllegalStateException("cannot compute HMAC-SHA256", e);
    }
  }

  /** Lower-case hexadecimal. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
