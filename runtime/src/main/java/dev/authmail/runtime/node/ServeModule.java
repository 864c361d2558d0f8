package dev.authmail.runtime.node;

import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.context.ConnectorInstances;
import dev.authmail.runtime.inbox.CaptureInbox;
import dev.authmail.runtime.metrics.OutboxMetrics;
import dev.authmail.runtime.outbox.AcceptGate;
import dev.authmail.runtime.outbox.ConnectorChains;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.outbox.OutboxListener;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A part of the runtime that {@code authmail serve} (and the API tests) assemble around the outbox:
 * it may put its own connectors in front of the configuration file's chains, and it serves route
 * groups. {@link ServiceNode#MODULES} lists the node's modules (management, console, domain doctor,
 * suppression); they are constructed there, not discovered.
 *
 * <p>Order of calls: {@link Factory#create} (storage and configuration ready), {@link #chains}, the
 * outbox is created and started, {@link #routes}, the server starts; on shutdown {@link #close()}
 * after the outbox has drained.
 */
public interface ServeModule extends AutoCloseable {
  /**
   * The chains the outbox sends through, given those of the configuration file (for example stored
   * connectors that replace or extend them). Default: unchanged.
   */
  default ConnectorChains chains(ConnectorChains fromConfig) {
    return fromConfig;
  }

  /**
   * Its route groups; {@code outbox} accepts sends (for routes such as {@code
   * /api/services/mails}).
   */
  List<RouteGroup> routes(Outbox outbox);

  /**
   * What it refuses before the outbox stores a send (the suppression list); asked by {@link
   * Outbox#accept} for every route that accepts sends. Default: nothing.
   */
  default AcceptGate acceptGate() {
    return AcceptGate.OPEN;
  }

  /** What this module hears of the workers' outcomes, besides the metrics. */
  default OutboxListener outboxListener() {
    return OutboxListener.NONE;
  }

  /** Tenants it knows beyond the configuration file's (for {@code /health}). */
  default Collection<String> tenants() {
    return List.of();
  }

  /**
   * The tenants under which it stores messages on behalf of {@code tenant} (the hosted service's
   * {@code <tenant>:mails}): {@code GET /api/messages} shows {@code tenant} their messages too.
   */
  default List<String> messageTenants(String tenant) {
    return List.of();
  }

  /** Closes what it opened; the database stays open (the server owns it). */
  @Override
  default void close() {}

  /**
   * Makes a module from the node's environment: {@link ServiceNode#MODULES} holds the node's, a
   * test passes its own (a module with test settings, or a subset).
   */
  @FunctionalInterface
  interface Factory {
    ServeModule create(Environment environment);
  }

  /**
   * What a module may use.
   *
   * @param metrics the node's metrics; routes that accept sends count them there
   * @param dataDir the data directory (the SQLite database, {@code secret.key}, the capture inbox)
   * @param env the process environment (e.g. {@code AUTHMAIL_SECRET_KEY})
   */
  record Environment(
      Database database,
      AuthmailConfig config,
      ConnectorRegistry registry,
      ConnectorInstances instances,
      CaptureInbox inbox,
      OutboxMetrics metrics,
      Path dataDir,
      Map<String, String> env,
      Clock clock) {
    public Environment {
      Objects.requireNonNull(database, "database is null");
      Objects.requireNonNull(config, "config is null");
      Objects.requireNonNull(registry, "registry is null");
      Objects.requireNonNull(instances, "instances is null");
      Objects.requireNonNull(inbox, "inbox is null");
      Objects.requireNonNull(metrics, "metrics is null");
      Objects.requireNonNull(dataDir, "dataDir is null");
      env = Map.copyOf(env);
      Objects.requireNonNull(clock, "clock is null");
    }
  }
}
