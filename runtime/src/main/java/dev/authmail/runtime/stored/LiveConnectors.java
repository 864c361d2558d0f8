package dev.authmail.runtime.stored;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.SendResult;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.stored.ConnectorStore.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live instances of the enabled stored connectors, one per row, and the chains they make.
 * {@link #apply} brings them in line with the table's rows: a new or changed row gets a new
 * instance, a removed, disabled or replaced instance is closed after {@code closeGrace} (sends in
 * flight on it finish). A row that no longer builds (its jar is gone) becomes a connector that
 * fails every send with INVALID_CONFIG, so the outbox fails over and the attempts say why.
 *
 * <p>Unlike {@code context.ConnectorInstances} (the configuration file's connectors, made once at
 * start and closed once), these are replaced while the node runs; the two share no state.
 *
 * <p>Thread-safe: {@link #apply} and {@link #close} synchronize; {@link #chain} reads a snapshot
 * and does no I/O.
 */
final class LiveConnectors implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveConnectors.class);

  private record Live(Row row, EmailConnector connector) {}

  private final Function<Row, EmailConnector> build;
  private final Duration closeGrace;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Live> live = new HashMap<>();
  private final Set<Live> closing = ConcurrentHashMap.newKeySet();
  private volatile Map<String, List<NamedConnector>> chains = Map.of();
  private boolean closed;

  /**
   * @param build makes a row's instance; it may throw (the row becomes a failing stand-in)
   * @param scheduler runs the delayed closes
   */
  LiveConnectors(
      Function<Row, EmailConnector> build,
      Duration closeGrace,
      ScheduledExecutorService scheduler) {
    this.build = build;
    this.closeGrace = closeGrace;
    this.scheduler = scheduler;
  }

  /** The tenant's chain of enabled stored connectors in position order; empty when none. */
  List<NamedConnector> chain(String tenant) {
    return chains.getOrDefault(tenant, List.of());
  }

  /** The tenants with at least one enabled stored connector. */
  Set<String> tenants() {
    return chains.keySet();
  }

  /** Brings the instances in line with {@code rows} (all of the table, in chain order). */
  synchronized void apply(List<Row> rows) {
    if (closed) {
      return;
    }
    Map<String, Live> next = new HashMap<>();
    Map<String, List<NamedConnector>> nextChains = new LinkedHashMap<>();
    for (Row row : rows) {
      if (!row.enabled()) {
        continue;
      }
      Live current = live.get(row.id());
      Live l =
          current != null && sameInstance(current.row(), row)
              ? new Live(row, current.connector())
              : instantiate(row);
      next.put(row.id(), l);
      nextChains
          .computeIfAbsent(row.tenant(), t -> new ArrayList<>())
          .add(new NamedConnector(row.id(), l.connector()));
    }
    for (Map.Entry<String, Live> e : live.entrySet()) {
      Live n = next.get(e.getKey());
      if (n == null || n.connector() != e.getValue().connector()) {
        closeLater(e.getValue());
      }
    }
    live.clear();
    live.putAll(next);
    Map<String, List<NamedConnector>> frozen = new LinkedHashMap<>();
    nextChains.forEach((tenant, chain) -> frozen.put(tenant, List.copyOf(chain)));
    chains = Map.copyOf(frozen);
  }

  private static boolean sameInstance(Row a, Row b) {
    return a.factoryId().equals(b.factoryId())
        && a.configJson().equals(b.configJson())
        && a.tenant().equals(b.tenant());
  }

  private Live instantiate(Row row) {
    try {
      return new Live(row, build.apply(row));
    } catch (RuntimeException e) {
      String reason =
          e instanceof ConnectorException ce ? ce.getMessage() : e.getClass().getSimpleName();
      LOG.warn(
          "stored connector {} of tenant {} cannot be created: {}", row.id(), row.tenant(), reason);
      return new Live(row, new Unusable(row.id(), reason));
    }
  }

  /** Stands in for a stored connector that cannot be created: every send fails over. */
  private record Unusable(String id, String reason) implements EmailConnector {
    @Override
    public SendResult send(EmailRequest request) {
      throw new ConnectorException(
          ErrorCode.INVALID_CONFIG, "stored connector " + id + " cannot be created: " + reason);
    }
  }

  private void closeLater(Live l) {
    if (closeGrace.isZero() || closed) {
      closeQuietly(l);
    } else {
      closing.add(l);
      scheduler.schedule(
          () -> {
            if (closing.remove(l)) {
              closeQuietly(l);
            }
          },
          closeGrace.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private static void closeQuietly(Live l) {
    try {
      l.connector().close();
    } catch (RuntimeException e) {
      LOG.warn(
          "stored connector {} failed to close: {}", l.row().id(), e.getClass().getSimpleName());
    }
  }

  /** Closes every instance now, those waiting for their grace period too. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    live.values().forEach(LiveConnectors::closeQuietly);
    closing.forEach(LiveConnectors::closeQuietly);
    closing.clear();
    live.clear();
    chains = Map.of();
  }
}
