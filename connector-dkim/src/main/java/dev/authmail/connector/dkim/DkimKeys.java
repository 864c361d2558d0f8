package dev.authmail.connector.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Private keys in PEM: read ({@code PRIVATE KEY}, PKCS #8, as {@code openssl genpkey} and {@code
 * authmail dkim keygen} write; {@code RSA PRIVATE KEY}, PKCS #1, as {@code opendkim-genkey}
 * writes), written, and turned into the DNS record to publish. Stateless and thread-safe; no
 * message quotes key material.
 */
public final class DkimKeys {
  private DkimKeys() {}

  /** Whether a config value is PEM text rather than a file name. */
  public static boolean isPem(String value) {
    return value.strip().startsWith("-----BEGIN");
  }

  /**
   * The key in {@code value}: PEM text, or the name of a PEM file.
   *
   * @throws IllegalArgumentException with a reason that quotes no key material (the file name only)
   */
  public static PrivateKey load(String value) {
    if (isPem(value)) {
      return parse(value);
    }
    Path file;
    try {
      file = Path.of(value.strip());
    } catch (java.nio.file.InvalidPathException e) {
      file = null;
    }
    if (file == null || !Files.isRegularFile(file)) {
      // a file name is shown only when it cannot be key material: base64 has no '.', PEM no BEGIN
      // here
      boolean nameLike =
          file != null && value.contains(".") && value.length() < 256 && !value.contains("\n");
      throw new IllegalArgumentException(
          "is neither PEM text (-----BEGIN PRIVATE KEY-----) nor an existing file"
              + (nameLike
                  ? ": " + file.toAbsolutePath()
                  : " (the value is not shown: it may be key material)"));
    }
    try {
      return parse(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the key file " + file.toAbsolutePath() + ": " + e.getMessage());
    }
  }

  /**
   * @throws IllegalArgumentException when the text is not an RSA or Ed25519 private key in PEM
   */
  public static PrivateKey parse(String pem) {
    String text = pem.strip();
    boolean pkcs1 = text.startsWith("-----BEGIN RSA PRIVATE KEY-----");
    if (!pkcs1 && !text.startsWith("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          "must be an unencrypted private key in PEM (-----BEGIN PRIVATE KEY----- "
              + "or -----BEGIN RSA PRIVATE KEY-----); make one with: authmail dkim keygen");
    }
    byte[] der;
    try {
      String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      der = Base64.getDecoder().decode(body);
      if (pkcs1) {
        der =
            new PrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    ASN1Primitive.fromByteArray(der))
                .getEncoded();
      }
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException("is not valid PEM: its base64 body does not decode");
    }
    for (String algorithm : new String[] {"RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next kind
      }
    }
    throw new IllegalArgumentException("is not an RSA or Ed25519 private key (PKCS #8)");
  }

  /** The PKCS #8 PEM text of a key, as written by {@code authmail dkim keygen}. */
  public static String pem(PrivateKey key) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  /**
   * The {@code p=} value that the DNS record of this private key must hold.
   *
   * @throws IllegalArgumentException for a key that is not RSA (with CRT parameters) or Ed25519
   */
  public static String publicKeyData(PrivateKey key) {
    DkimAlgorithm algorithm =
        DkimAlgorithm.of(key)
            .orElseThrow(() -> new IllegalArgumentException("is not an RSA or Ed25519 key"));
    try {
      if (key instanceof RSAPrivateCrtKey rsa) {
        var pub =
            KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        return Base64.getEncoder().encodeToString(algorithm.publicKeyData(pub));
      }
      if (key instanceof EdECPrivateKey ed) {
        Optional<byte[]> seed = ed.getBytes();
        if (seed.isPresent()) {
          // the JDK 17 has no way to derive an Ed25519 public key; BouncyCastle's RFC 8032 code
          // does
          byte[] raw =
              new Ed25519PrivateKeyParameters(seed.get(), 0).generatePublicKey().getEncoded();
          return Base64.getEncoder().encodeToString(raw);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot derive an RSA public key", e);
    }
    throw new IllegalArgumentException("holds no public part that can be derived");
  }

  /**
   * The text of the TXT record at {@code selector._domainkey.domain}: {@code v=DKIM1; k=…; p=…}.
   */
  public static String txtRecord(PrivateKey key) {
    DkimAlgorithm algorithm =
        DkimAlgorithm.of(key)
            .orElseThrow(() -> new IllegalArgumentException("is not an RSA or Ed25519 key"));
    return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKeyData(key);
  }

  /** Where the record lives: {@code selector._domainkey.domain}. */
  public static String recordName(String selector, String domain) {
    return selector + "._domainkey." + domain;
  }
}
