package dev.authmail.runtime.metrics;

import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.outbox.AcceptResult;
import dev.authmail.runtime.outbox.AttemptView;
import dev.authmail.runtime.outbox.MessageStatus;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.outbox.OutboxListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * The outbox's metrics, fed by {@link OutboxListener} (so only what was committed is counted) and
 * exposed in Prometheus' text format by {@link #scrape()}:
 *
 * <ul>
 *   <li>{@code authmail_sends_total{connector,type}}: messages delivered
 *   <li>{@code authmail_failures_total{connector,type}}: messages that failed for good
 *   <li>{@code authmail_attempt_errors_total{connector,type,code}}: every failed attempt, by
 *       ErrorCode
 *   <li>{@code authmail_retries_total{connector,type}}: retries scheduled after a retryable error
 *   <li>{@code authmail_expiries_total{connector,type}}: messages whose time to live ran out
 *       ({@code connector="none"} when none was tried)
 *   <li>{@code authmail_queue_depth}: messages not yet final, all nodes (a database count per
 *       scrape)
 *   <li>{@code authmail_delivery_latency_seconds{connector,type}}: accept → delivered, a histogram
 * </ul>
 *
 * and on the accept side, counted by the routes that accept sends ({@link #accepted}, {@link
 * #refused}):
 *
 * <ul>
 *   <li>{@code authmail_accepts_total{type}}: messages accepted (stored; replays not included)
 *   <li>{@code authmail_accept_replays_total{type}}: idempotent replays (same key and body)
 *   <li>{@code authmail_rate_limited_total{scope,type}}: requests over a limit, {@code scope}
 *       {@code recipient} or {@code tenant}
 *   <li>{@code authmail_idempotency_conflicts_total{type}}: a key reused with another body
 *   <li>{@code authmail_accept_refused_total{code,type}}: refused by an accept gate (a suppressed
 *       recipient)
 *   <li>{@code authmail_validation_refusals_total{type}}: requests refused before anything was
 *       stored (invalid fields, malformed JSON, bad parameters); {@code type="unknown"} when the
 *       usage type itself was missing or invalid
 * </ul>
 *
 * Tenants and addresses are never a tag (their number is unbounded, and addresses are personal
 * data). Thread-safe.
 */
public final class OutboxMetrics implements OutboxListener, AutoCloseable {
  private static final String NONE = "none";
  private static final String UNKNOWN = "unknown";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public OutboxMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public OutboxMetrics(PrometheusMeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry is null");
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The queue-depth gauge reads this outbox (call once, after the outbox is made). */
  public void bindQueueDepth(Outbox outbox) {
    Gauge.builder("authmail.queue.depth", outbox, OutboxMetrics::depth)
        .description("Messages not yet final (QUEUED or SENDING), across all nodes")
        .register(registry);
  }

  @Override
  public void attempted(
      String tenant,
      UsageType type,
      String connector,
      AttemptView.Outcome outcome,
      String errorCode) {
    if (outcome != AttemptView.Outcome.DELIVERED) {
      Counter.builder("authmail.attempt.errors")
          .description("Failed attempts by error code")
          .tag("connector", tag(connector))
          .tag("type", type.wireName())
          .tag("code", errorCode == null ? "UNKNOWN" : errorCode)
          .register(registry)
          .increment();
    }
  }

  @Override
  public void completed(
      String tenant,
      UsageType type,
      String connector,
      MessageStatus status,
      Duration sinceCreated) {
    String c = tag(connector);
    switch (status) {
      case DELIVERED -> {
        counter("authmail.sends", "Messages delivered", c, type).increment();
        Timer.builder("authmail.delivery.latency")
            .description("Time from accept to delivery")
            .tag("connector", c)
            .tag("type", type.wireName())
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry)
            .record(sinceCreated.isNegative() ? Duration.ZERO : sinceCreated);
      }
      case FAILED ->
          counter("authmail.failures", "Messages that failed for good", c, type).increment();
      case QUEUED -> counter("authmail.retries", "Retries scheduled", c, type).increment();
      case EXPIRED ->
          counter("authmail.expiries", "Messages expired before delivery", c, type).increment();
      default -> {}
    }
  }

  /** Counts what an accept decided. */
  public void accepted(UsageType type, AcceptResult result) {
    String t = type.wireName();
    if (result instanceof AcceptResult.Accepted accepted) {
      if (accepted.replayed()) {
        typed(
                "authmail.accept.replays",
                "Idempotent replays: the same key and body, nothing new stored",
                t)
            .increment();
      } else {
        typed("authmail.accepts", "Messages accepted into the outbox", t).increment();
      }
    } else if (result instanceof AcceptResult.RateLimited limited) {
      Counter.builder("authmail.rate.limited")
          .description("Requests refused over a rate limit")
          .tag("scope", limited.scope())
          .tag("type", t)
          .register(registry)
          .increment();
    } else if (result instanceof AcceptResult.Refused refused) {
      Counter.builder("authmail.accept.refused")
          .description("Sends refused before storing (e.g. a suppressed recipient)")
          .tag("code", refused.code())
          .tag("type", t)
          .register(registry)
          .increment();
    } else {
      typed("authmail.idempotency.conflicts", "Idempotency keys reused with another request", t)
          .increment();
    }
  }

  /**
   * Counts a send refused before anything was stored.
   *
   * @param rawType the request's usage type as sent, or {@code null}; an invalid one is counted as
   *     {@code unknown}, so the tag's values stay Logto's nine
   */
  public void refused(String rawType) {
    String t = UNKNOWN;
    if (rawType != null) {
      try {
        t = UsageType.parse(rawType).wireName();
      } catch (IllegalArgumentException e) {
        // stays unknown
      }
    }
    typed("authmail.validation.refusals", "Sends refused as invalid before anything was stored", t)
        .increment();
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }

  private Counter counter(String name, String description, String connector, UsageType type) {
    return Counter.builder(name)
        .description(description)
        .tag("connector", connector)
        .tag("type", type.wireName())
        .register(registry);
  }

  private Counter typed(String name, String description, String type) {
    return Counter.builder(name).description(description).tag("type", type).register(registry);
  }

  private static String tag(String connector) {
    return connector == null || connector.isEmpty() ? NONE : connector;
  }

  private static double depth(Outbox outbox) {
    try {
      return outbox.queueDepth();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
