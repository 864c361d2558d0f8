package dev.authmail.runtime.stored;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals stored connector secrets with AES-256-GCM: {@code enc:v1:} followed by base64 of a random
 * 96-bit nonce and the ciphertext with its 128-bit tag. The key comes from the environment variable
 * {@value #ENV} (base64 of 32 bytes); without it a key is generated once into {@code <data
 * dir>/secret.key} (owner read/write only) and a warning says to set the variable, because a key
 * next to the database protects a copied database but not a copied data directory.
 *
 * <p>Thread-safe (a {@link Cipher} per call).
 */
public final class SecretBox {
  private static final Logger LOG = LoggerFactory.getLogger(SecretBox.class);

  /** The environment variable holding the base64 key. */
  public static final String ENV = "AUTHMAIL_SECRET_KEY";

  /** The file name of a generated key in the data directory. */
  public static final String KEY_FILE = "secret.key";

  static final String PREFIX = "enc:v1:";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;
  private final String source;

  /**
   * A sealed secret that this box's key does not open (another key sealed it, or it was altered).
   */
  public static final class CannotOpen extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    CannotOpen(String message) {
      super(message);
    }
  }

  private SecretBox(byte[] key) {
    this(key, "the secret key");
  }

  private SecretBox(byte[] key, String source) {
    this.source = source;
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "the secret key must be 32 bytes (AES-256), not " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** A box with this 32-byte key. */
  public static SecretBox of(byte[] key) {
    return new SecretBox(Objects.requireNonNull(key, "key is null"));
  }

  /** A box with a fresh random key: for tests and throw-away data directories. */
  public static SecretBox random() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return new SecretBox(key);
  }

  /**
   * The key from {@value #ENV}, else from {@code dataDir/secret.key}, generated there when absent.
   *
   * @throws IllegalArgumentException when the variable or the file is not base64 of 32 bytes
   * @throws IllegalStateException when the key file cannot be read or written
   */
  public static SecretBox fromEnvironment(Map<String, String> env, Path dataDir) {
    String value = env.get(ENV);
    if (value != null && !value.isBlank()) {
      return new SecretBox(decodeKey(value, ENV), ENV);
    }
    Path file = dataDir.resolve(KEY_FILE);
    try {
      if (!Files.exists(file)) {
        generate(file);
        LOG.warn(
            "{} is not set: generated a secret key for stored connector secrets into {};"
                + " set {} (base64 of 32 bytes) to keep the key apart from the data",
            ENV,
            file,
            ENV);
      }
      return new SecretBox(
          decodeKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString()),
          "the key in " + file + " (" + ENV + " is not set)");
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read or create the secret key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void generate(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    byte[] text =
        (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.write(file, text, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    } catch (FileAlreadyExistsException e) {
      // another process generated it first: use theirs
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] decodeKey(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source + " is not base64; generate a key with: openssl rand -base64 32");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          source
              + " holds "
              + key.length
              + " bytes; AES-256 needs 32"
              + " (generate one with: openssl rand -base64 32)");
    }
    return key;
  }

  /** Whether {@code value} is a sealed secret. */
  public static boolean isSealed(Object value) {
    return value instanceof String s && s.startsWith(PREFIX);
  }

  /** Seals a secret text. */
  public String seal(String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Opens a sealed secret.
   *
   * @throws CannotOpen when it was sealed with another key or altered (the message names the key
   *     variable, never the value)
   */
  public String open(String sealed) {
    if (!isSealed(sealed)) {
      throw new IllegalArgumentException("not a sealed secret");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      return new String(
          cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CannotOpen(
          "a stored secret cannot be decrypted: it was sealed with another key"
              + " (is "
              + ENV
              + " the key used when it was saved?) or it was altered");
    }
  }

  /** Where the key came from, for messages: {@value #ENV}, or the key file. Never the key. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "SecretBox[AES-256-GCM]";
  }
}
