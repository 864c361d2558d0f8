package dev.authmail.runtime.api;

import dev.authmail.runtime.metrics.OutboxMetrics;
import java.util.Objects;

/**
 * {@code GET /metrics}: Prometheus' text format. Public, like most scrape targets; it holds no
 * personal data.
 */
public final class MetricsRoutes implements RouteGroup {
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final OutboxMetrics metrics;

  public MetricsRoutes(OutboxMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics is null");
  }

  @Override
  public void register(ApiRouter router) {
    router
        .get(
            "/metrics",
            Scope.PUBLIC,
            ctx -> ctx.http().contentType(CONTENT_TYPE).result(metrics.scrape()))
        .tag("meta")
        .summary("Metrics in Prometheus' text format")
        .description(
            "authmail_sends_total, authmail_failures_total, authmail_attempt_errors_total,"
                + " authmail_retries_total, authmail_expiries_total (by connector and usage type),"
                + " authmail_queue_depth, authmail_delivery_latency_seconds (histogram), and JVM"
                + " metrics.")
        .response(200, "The metrics (text/plain)");
  }
}
