package dev.authmail.connector.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.simplejavamail.utils.mail.dkim.Canonicalization;

/**
 * Signs a finished message, as the bytes that go on the wire, with one DKIM-Signature per key
 * (relaxed/relaxed, RFC 6376; rsa-sha256 and ed25519-sha256, RFC 8463). Canonicalization is Simple
 * Java Mail's ({@code utils-mail-dkim}); the signature is the JDK's. That library's own signer
 * wraps a Jakarta Mail message and re-encodes it while signing, takes Ed25519 keys only as
 * BouncyCastle types and keeps per-message state in the signer; signing the bytes here means the
 * signed message is the sent message, and one signer serves every thread.
 *
 * <p>Immutable and thread-safe. Never logs; no exception quotes key material.
 */
public final class DkimSigner {
  private static final byte[] CRLF = {'\r', '\n'};
  private final List<DkimKey> keys;

  private DkimSigner(List<DkimKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * @throws IllegalArgumentException when {@code keys} is empty
   */
  public static DkimSigner of(List<DkimKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a DKIM signer needs at least one key");
    }
    return new DkimSigner(keys);
  }

  public List<DkimKey> keys() {
    return keys;
  }

  /**
   * The message with a DKIM-Signature header field per key in front of it. Line ends are made CRLF
   * first (what SMTP's DATA sends), so the returned bytes are exactly what a verifier receives.
   *
   * @param message a whole RFC 5322 message: header fields, an empty line, the body
   * @param now the {@code t=} time
   * @throws IllegalArgumentException when the message has no empty line after its header
   */
  public byte[] sign(byte[] message, Instant now) {
    Objects.requireNonNull(now, "now is null");
    byte[] wire = crlf(message);
    int split = headerEnd(wire);
    String header = new String(wire, 0, split, StandardCharsets.ISO_8859_1);
    // the body after the empty line; ISO-8859-1 maps bytes to chars one to one, so nothing is lost
    String body = new String(wire, split + 4, wire.length - split - 4, StandardCharsets.ISO_8859_1);
    List<String[]> fields = fields(header);
    String bodyHash = base64(sha256(Canonicalization.RELAXED.canonicalizeBody(body)));
    ByteArrayOutputStream out = new ByteArrayOutputStream(wire.length + 600 * keys.size());
    for (DkimKey key : keys) {
      out.writeBytes(signature(key, fields, bodyHash, now).getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(CRLF);
    }
    out.writeBytes(wire);
    return out.toByteArray();
  }

  private static String signature(
      DkimKey key, List<String[]> fields, String bodyHash, Instant now) {
    StringBuilder data = new StringBuilder();
    List<String> signed = new ArrayList<>();
    Map<String, Integer> used = new LinkedHashMap<>();
    for (String name : key.headers()) {
      // RFC 6376 5.4.2: instances of one name are signed from the last one upwards
      String[] field = lastUnused(fields, name, used);
      if (field != null) {
        signed.add(name);
        data.append(Canonicalization.RELAXED.canonicalizeHeader(field[0], field[1])).append("\r\n");
      }
    }
    String value =
        " v=1; a="
            + key.algorithm().tag()
            + "; c=relaxed/relaxed;\r\n\td="
            + key.domain()
            + "; s="
            + key.selector()
            + "; t="
            + now.getEpochSecond()
            + ";\r\n\th="
            + String.join(":", signed)
            + ";\r\n\tbh="
            + bodyHash
            + ";\r\n\tb=";
    data.append(Canonicalization.RELAXED.canonicalizeHeader("DKIM-Signature", value));
    byte[] b;
    try {
      b =
          key.algorithm()
              .sign(key.privateKey(), data.toString().getBytes(StandardCharsets.ISO_8859_1));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "DKIM signing with " + key + " failed: " + e.getClass().getSimpleName());
    }
    return "DKIM-Signature:" + value + fold(base64(b));
  }

  private static String[] lastUnused(
      List<String[]> fields, String name, Map<String, Integer> used) {
    int skip = used.getOrDefault(name, 0);
    for (int i = fields.size() - 1; i >= 0; i--) {
      if (fields.get(i)[0].strip().toLowerCase(Locale.ROOT).equals(name) && skip-- == 0) {
        used.merge(name, 1, Integer::sum);
        return fields.get(i);
      }
    }
    return null;
  }

  /** Header fields as {name, raw value with its folding}, in order. */
  private static List<String[]> fields(String header) {
    List<String[]> out = new ArrayList<>();
    StringBuilder current = null;
    for (String line : header.split("\r\n", -1)) {
      if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
        current.append("\r\n").append(line);
      } else {
        if (current != null) {
          out.add(split(current.toString()));
        }
        current = new StringBuilder(line);
      }
    }
    if (current != null && current.length() > 0) {
      out.add(split(current.toString()));
    }
    return out;
  }

  private static String[] split(String field) {
    int colon = field.indexOf(':');
    return colon < 0
        ? new String[] {field, ""}
        : new String[] {field.substring(0, colon), field.substring(colon + 1)};
  }

  private static int headerEnd(byte[] wire) {
    for (int i = 0; i + 3 < wire.length; i++) {
      if (wire[i] == '\r' && wire[i + 1] == '\n' && wire[i + 2] == '\r' && wire[i + 3] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("the message has no empty line after its header fields");
  }

  /** Bare CR or LF become CRLF, as SMTP's DATA would send them. */
  static byte[] crlf(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 64);
    for (int i = 0; i < in.length; i++) {
      byte c = in[i];
      if (c == '\r') {
        out.writeBytes(CRLF);
        if (i + 1 < in.length && in[i + 1] == '\n') {
          i++;
        }
      } else if (c == '\n') {
        out.writeBytes(CRLF);
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  /** The b= value folded at 72 columns, so that no line of the header field runs past 78. */
  private static String fold(String b64) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < b64.length(); i += 72) {
      out.append(i == 0 ? "" : "\r\n\t ").append(b64, i, Math.min(b64.length(), i + 72));
    }
    return out.toString();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.ISO_8859_1));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "DkimSigner" + keys;
  }
}
