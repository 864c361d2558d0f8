package dev.authmail.runtime.suppression;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.runtime.outbox.AcceptGate;
import dev.authmail.runtime.outbox.AcceptResult;
import dev.authmail.runtime.outbox.NewMessage;
import dev.authmail.runtime.outbox.TenantScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Each tenant's suppression list, and the {@link AcceptGate} that refuses sends to its blocking
 * entries. Addresses are keyed as the outbox's per-recipient limit keys them ({@link
 * EmailAddress#normalized()}), so {@code Jane@Example.COM} and {@code jane@example.com} are one
 * entry; a hosted-service message ({@code <tenant>:mails}) is checked against its owner's list.
 * Thread-safe.
 */
public final class SuppressionList implements AcceptGate {
  /** The error code of a refused send. */
  public static final String SUPPRESSED = "recipient.suppressed";

  public static final int MAX_LIMIT = 1000;

  private final SuppressionStore store;
  private final Predicate<String> enabled;
  private final Clock clock;
  private final MeterRegistry metrics;

  /**
   * @param enabled whether a tenant refuses its suppressed addresses ({@code
   *     tenants.<name>.suppression})
   * @param metrics where {@code authmail_suppressions_recorded_total{reason,source}} is counted
   */
  SuppressionList(
      SuppressionStore store, Predicate<String> enabled, Clock clock, MeterRegistry metrics) {
    this.store = Objects.requireNonNull(store, "store is null");
    this.enabled = Objects.requireNonNull(enabled, "enabled is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.metrics = Objects.requireNonNull(metrics, "metrics is null");
  }

  /**
   * Records an event for an address.
   *
   * @param source {@code manual} or {@code <provider>:<connector>}
   * @param eventId the provider's event id, so a repeated delivery counts once; {@code null} for
   *     none
   * @return the entry after the event; empty when the event was recorded before
   */
  public Optional<Suppression> record(
      String tenant, EmailAddress address, Reason reason, String source, String eventId) {
    Optional<Suppression> row =
        store.record(
            TenantScope.owner(tenant),
            address.normalized(),
            reason,
            source,
            eventId,
            clock.instant());
    if (row.isPresent()) {
      String kind = source.contains(":") ? source.substring(0, source.indexOf(':')) : source;
      Counter.builder("authmail.suppressions.recorded")
          .description("Bounces, complaints and manual entries recorded")
          .tag("reason", reason.wireName())
          .tag("source", kind)
          .register(metrics)
          .increment();
    }
    return row;
  }

  public Optional<Suppression> find(String tenant, EmailAddress address) {
    return store.find(TenantScope.owner(tenant), address.normalized());
  }

  public List<Suppression> list(String tenant, Reason reason, int limit) {
    return store.list(TenantScope.owner(tenant), reason, Math.max(1, Math.min(limit, MAX_LIMIT)));
  }

  /**
   * @return whether the address was on the list
   */
  public boolean remove(String tenant, EmailAddress address) {
    return store.delete(TenantScope.owner(tenant), address.normalized());
  }

  /**
   * Notes a one-time value of a provider's request (a webhook token) for {@code tenant}.
   *
   * @return whether it is new; false for a replay
   */
  boolean claimOnce(String tenant, String value) {
    return store.claim(TenantScope.owner(tenant), value, clock.instant());
  }

  /** The SNS topic an event intake of {@code tenant} is bound to. */
  Optional<String> topic(String tenant, String connector) {
    return store.topic(TenantScope.owner(tenant), connector);
  }

  /** Binds the intake to {@code topicArn} unless bound already; whether it is bound to it now. */
  boolean bindTopic(String tenant, String connector, String topicArn) {
    return store.bindTopic(TenantScope.owner(tenant), connector, topicArn, clock.instant());
  }

  boolean unbindTopic(String tenant, String connector) {
    return store.unbindTopic(TenantScope.owner(tenant), connector);
  }

  @Override
  public Optional<AcceptResult.Refused> check(NewMessage command) {
    String owner = TenantScope.owner(command.tenant());
    if (!enabled.test(owner)) {
      return Optional.empty();
    }
    return store
        .find(owner, command.to().normalized())
        .filter(Suppression::blocks)
        .map(
            s ->
                new AcceptResult.Refused(
                    SUPPRESSED,
                    "The recipient's address is on this tenant's suppression list ("
                        + s.reason().wireName()
                        + "): mail to it bounced or was reported as spam. Ask the user for another"
                        + " address; an operator can remove it with DELETE"
                        + " /api/suppressions/{address}.",
                    s.reason().wireName()));
  }
}
