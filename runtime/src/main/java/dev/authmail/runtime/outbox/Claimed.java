package dev.authmail.runtime.outbox;

import dev.authmail.connector.api.UsageType;
import java.time.Instant;

/**
 * A message this node holds a lease on: what a worker needs to send it.
 *
 * @param leaseUntil the lease's end as claimed (renewals extend it in {@link Lease})
 */
record Claimed(
    String id,
    String tenant,
    String recipient,
    UsageType type,
    String payloadJson,
    String ip,
    int attemptCount,
    int position,
    int connectorFailures,
    Instant createdAt,
    Instant expiresAt,
    boolean maybeDuplicate,
    String leaseOwner,
    Instant leaseUntil) {
  @Override
  public String toString() {
    return "Claimed[" + id + "]";
  }
}
