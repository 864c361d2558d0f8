package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.EmailAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 fingerprints of recipients and requests. Stateless and thread-safe. */
final class Fingerprints {
  private Fingerprints() {}

  /** The key of a recipient for limits and supersede: SHA-256 of the normalized address. */
  static String recipientKey(EmailAddress to) {
    return sha256(to.normalized());
  }

  /**
   * What makes two requests "the same" for idempotency: recipient as given, usage type, payload
   * (keys sorted, so key order does not matter) and IP. The TTL is not part of it.
   */
  static String requestHash(NewMessage command) {
    String canonical =
        command.to().value()
            + '\u0000'
            + command.type().wireName()
            + '\u0000'
            + PayloadJson.json(sorted(command.payload().asMap()))
            + '\u0000'
            + (command.ip() == null ? "" : command.ip());
    return sha256(canonical);
  }

  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> copy = new TreeMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), sorted(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(sorted(v)));
      return copy;
    }
    return value;
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
