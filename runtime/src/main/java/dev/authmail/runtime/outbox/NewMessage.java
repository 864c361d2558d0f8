package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import java.time.Duration;
import java.util.Objects;

/**
 * A request to send one email, already validated by the caller (the HTTP API or an embedding
 * application).
 *
 * @param tenant the tenant whose connector chain and limits apply
 * @param to the recipient
 * @param type the usage type
 * @param payload the code, link, locale and context objects
 * @param ip the end user's IP address, or {@code null}
 * @param idempotencyKey the caller's idempotency key, or {@code null}: the same key with the same
 *     request returns the same message and sends nothing new
 * @param ttl how long the message is worth sending; after that it is expired, not sent
 */
public record NewMessage(
    String tenant,
    EmailAddress to,
    UsageType type,
    Payload payload,
    String ip,
    String idempotencyKey,
    Duration ttl) {
  /** A code's lifetime, as Logto's: 10 minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  public NewMessage {
    Objects.requireNonNull(tenant, "tenant is null");
    Objects.requireNonNull(to, "to is null");
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(payload, "payload is null");
    if (ttl == null) {
      ttl = DEFAULT_TTL;
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, not " + ttl);
    }
    if (idempotencyKey != null && idempotencyKey.isBlank()) {
      idempotencyKey = null;
    }
  }

  /** A command without IP, idempotency key, with the default TTL. */
  public static NewMessage of(String tenant, EmailAddress to, UsageType type, Payload payload) {
    return new NewMessage(tenant, to, type, payload, null, null, DEFAULT_TTL);
  }

  public NewMessage withIdempotencyKey(String key) {
    return new NewMessage(tenant, to, type, payload, ip, key, ttl);
  }

  public NewMessage withTtl(Duration newTtl) {
    return new NewMessage(tenant, to, type, payload, ip, idempotencyKey, newTtl);
  }

  public NewMessage withIp(String newIp) {
    return new NewMessage(tenant, to, type, payload, newIp, idempotencyKey, ttl);
  }

  /** Shows neither the address nor the payload: they are personal data. */
  @Override
  public String toString() {
    return "NewMessage[tenant=" + tenant + ", type=" + type + "]";
  }
}
