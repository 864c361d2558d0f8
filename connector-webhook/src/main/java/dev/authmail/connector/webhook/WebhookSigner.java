package dev.authmail.connector.webhook;

import dev.authmail.connector.okhttp.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Standard Webhooks' symmetric signature scheme (standardwebhooks.com, spec 1.0.0): each secret is
 * {@code whsec_} followed by the base64 of 24 to 64 random bytes; a signature is {@code v1,<base64
 * HMAC-SHA256(secret bytes, "{msg_id}.{timestamp}.{body}")>}; with several secrets (during a
 * rotation) the {@code webhook-signature} header lists one signature per secret, separated by
 * spaces, and a receiver accepts the message when any of them verifies.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows how many secrets, never their values.
 */
public final class WebhookSigner {
  static final String PREFIX = "whsec_";
  static final int MIN_KEY_BYTES = 24;
  static final int MAX_KEY_BYTES = 64;

  private final List<byte[]> keys;

  private WebhookSigner(List<byte[]> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one secret is needed");
    }
    this.keys = keys.stream().map(byte[]::clone).toList();
  }

  /** A signer for {@code whsec_…} secrets, all checked. */
  /**
   * A signer for {@code whsec_…} secrets, in the order given.
   *
   * @throws IllegalArgumentException naming the position of a secret that is not one (never its
   *     value)
   */
  public static WebhookSigner of(List<String> secrets) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < secrets.size(); i++) {
      int index = i;
      keys.add(
          decode(secrets.get(i))
              .orElseThrow(
                  () -> new IllegalArgumentException("secret [" + index + "] " + PROBLEM)));
    }
    return new WebhookSigner(keys);
  }

  /** What is wrong with a secret that {@link #decode} refuses; never quotes it. */
  static final String PROBLEM =
      "must be a Standard Webhooks secret: whsec_ followed by the base64 of "
          + MIN_KEY_BYTES
          + " to "
          + MAX_KEY_BYTES
          + " random bytes (generate one with: echo whsec_$(openssl rand -base64 32))";

  /** The key bytes of a {@code whsec_…} secret, or empty when it is not one. */
  static Optional<byte[]> decode(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      return Optional.empty();
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()).strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES
        ? Optional.empty()
        : Optional.of(key);
  }

  /** The {@code webhook-signature} header value: one {@code v1,…} per secret, space-separated. */
  public String sign(String messageId, long timestamp, String body) {
    byte[] content = (messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
    StringBuilder header = new StringBuilder();
    for (byte[] key : keys) {
      if (header.length() > 0) {
        header.append(' ');
      }
      header.append("v1,").append(Base64.getEncoder().encodeToString(Hmac.sha256(key, content)));
    }
    return header.toString();
  }

  int size() {
    return keys.size();
  }

  @Override
  public String toString() {
    return "WebhookSigner[" + keys.size() + (keys.size() == 1 ? " secret]" : " secrets]");
  }
}
