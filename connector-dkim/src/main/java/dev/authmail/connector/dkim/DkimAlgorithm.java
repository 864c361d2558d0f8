package dev.authmail.connector.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The two signing algorithms a receiver is asked to verify today (RFC 8301 retired rsa-sha1). */
public enum DkimAlgorithm {
  /** RSA with SHA-256 (RFC 6376); every verifier knows it. */
  RSA_SHA256("rsa-sha256", "rsa", "RSA"),
  /** Ed25519 over the SHA-256 of the signed data (RFC 8463); short keys, not yet known to all. */
  ED25519_SHA256("ed25519-sha256", "ed25519", "Ed25519");

  private final String tag;
  private final String keyType;
  private final String jcaKey;

  DkimAlgorithm(String tag, String keyType, String jcaKey) {
    this.tag = tag;
    this.keyType = keyType;
    this.jcaKey = jcaKey;
  }

  /** The {@code a=} value, also the config spelling: {@code rsa-sha256}, {@code ed25519-sha256}. */
  public String tag() {
    return tag;
  }

  /** The {@code k=} value of the DNS record: {@code rsa}, {@code ed25519}. */
  public String keyType() {
    return keyType;
  }

  /** The algorithm named by {@code a=} or {@code k=} text ({@code ed25519} also), if one. */
  public static Optional<DkimAlgorithm> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (DkimAlgorithm a : values()) {
      if (a.tag.equals(t) || a.keyType.equals(t)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The algorithm a private key is for. */
  static Optional<DkimAlgorithm> of(PrivateKey key) {
    String name = key.getAlgorithm();
    if (name.equals("RSA")) {
      return Optional.of(RSA_SHA256);
    }
    if (name.equals("Ed25519") || name.equals("EdDSA")) {
      return Optional.of(ED25519_SHA256);
    }
    return Optional.empty();
  }

  /**
   * A new key pair: RSA 2048 bits (RFC 8301 asks for at least 1024, 2048 fits a TXT record) or
   * Ed25519.
   */
  public KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaKey);
      if (this == RSA_SHA256) {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a " + jcaKey + " key", e);
    }
  }

  /**
   * The {@code p=} data of the DNS record: the DER SubjectPublicKeyInfo for RSA (RFC 6376), the raw
   * 32-byte key for Ed25519 (RFC 8463).
   */
  byte[] publicKeyData(PublicKey key) {
    byte[] der = key.getEncoded();
    return this == RSA_SHA256 ? der : Arrays.copyOfRange(der, der.length - 32, der.length);
  }

  /**
   * Signs the canonicalized header data as {@code a=} says. Thread-safe: a new Signature per call.
   */
  byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature signature;
    byte[] input = data;
    if (this == RSA_SHA256) {
      signature = Signature.getInstance("SHA256withRSA");
    } else {
      // RFC 8463 section 3: PureEdDSA over the SHA-256 hash, not over the data
      signature = Signature.getInstance("Ed25519");
      input = MessageDigest.getInstance("SHA-256").digest(data);
    }
    signature.initSign(key);
    signature.update(input);
    return signature.sign();
  }
}
