package dev.authmail.runtime.metrics;

import dev.authmail.connector.api.UsageType;
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
 *   <li>{@code authmail_attempt_errors_total{connector,type,code}}: every failed attempt, by ErrorCode
 *   <li>{@code authmail_retries_total{connector,type}}: retries scheduled after a retryable error
 *   <li>{@code authmail_expiries_total{connector,type}}: messages whose time to live ran out
 *       ({@code connector="none"} when none was tried)
 *   <li>{@code authmail_queue_depth}: messages not yet final, all nodes (a database count per scrape)
 *   <li>{@code authmail_delivery_latency_seconds{connector,type}}: accept → delivered, a histogram
 * </ul>
 *
 * Tenants are not a tag (their number is unbounded). Thread-safe.
 */
public final class OutboxMetrics implements OutboxListener, AutoCloseable {
  private static final String NONE = "none";

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
  public void attempted(String tenant, UsageType type, String connector, AttemptView.Outcome outcome,
      String errorCode) {
    if (outcome != AttemptView.Outcome.DELIVERED) {
      Counter.builder("authmail.attempt.errors").description("Failed attempts by error code")
          .tag("connector", tag(connector)).tag("type", type.wireName())
          .tag("code", errorCode == null ? "UNKNOWN" : errorCode)
          .register(registry).increment();
    }
  }

  @Override
  public void completed(String tenant, UsageType type, String connector, MessageStatus status,
      Duration sinceCreated) {
    String c = tag(connector);
    switch (status) {
      case DELIVERED -> {
        counter("authmail.sends", "Messages delivered", c, type).increment();
        Timer.builder("authmail.delivery.latency").description("Time from accept to delivery")
            .tag("connector", c).tag("type", type.wireName())
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry).record(sinceCreated.isNegative() ? Duration.ZERO : sinceCreated);
      }
      case FAILED -> counter("authmail.failures", "Messages that failed for good", c, type).increment();
      case QUEUED -> counter("authmail.retries", "Retries scheduled", c, type).increment();
      case EXPIRED -> counter("authmail.expiries", "Messages expired before delivery", c, type).increment();
      default -> { }
    }
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
    return Counter.builder(name).description(description)
        .tag("connector", connector).tag("type", type.wireName()).register(registry);
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
