package dev.authmail.runtime.suppression;

import java.time.Instant;
import java.util.Objects;

/**
 * One address on a tenant's suppression list.
 *
 * @param address the normalized address (as the outbox's per-recipient limit keys it)
 * @param source what put it there: {@code manual}, or {@code ses:<connector>} for a provider event
 * @param count how many events (or manual additions) were recorded for it
 */
public record Suppression(
    String tenant,
    String address,
    Reason reason,
    String source,
    Instant firstSeen,
    Instant lastSeen,
    int count) {
  public Suppression {
    Objects.requireNonNull(tenant, "tenant is null");
    Objects.requireNonNull(address, "address is null");
    Objects.requireNonNull(reason, "reason is null");
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(firstSeen, "firstSeen is null");
    Objects.requireNonNull(lastSeen, "lastSeen is null");
  }

  /** Whether sends to the address are refused. */
  public boolean blocks() {
    return reason.blocks();
  }

  /** Addresses are personal data: never in logs. */
  @Override
  public String toString() {
    return "Suppression[" + tenant + ", " + reason + ", " + source + ", count=" + count + "]";
  }
}
