package dev.authmail.runtime.api;

import dev.authmail.runtime.outbox.CircuitBreaker;
import dev.authmail.runtime.outbox.ConnectorChains;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.storage.Database;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code GET /health}: 200 while storage answers, 503 when it does not (a load balancer then takes
 * the node out). A provider that is down does not make the node unhealthy — the outbox fails over
 * and retries — it makes the answer {@code degraded}. Without a key the answer says only that; with
 * a tenant key it lists that tenant's chain and circuit states, with the admin key every tenant's.
 */
public final class HealthRoutes implements RouteGroup {
  private final Database database;
  private final Outbox outbox;
  private final ConnectorChains chains;
  private final Supplier<? extends Collection<String>> tenants;

  /**
   * @param tenants the tenants to report with the admin key
   */
  public HealthRoutes(
      Database database,
      Outbox outbox,
      ConnectorChains chains,
      Supplier<? extends Collection<String>> tenants) {
    this.database = Objects.requireNonNull(database, "database is null");
    this.outbox = Objects.requireNonNull(outbox, "outbox is null");
    this.chains = Objects.requireNonNull(chains, "chains is null");
    this.tenants = Objects.requireNonNull(tenants, "tenants is null");
  }

  @Override
  public void register(ApiRouter router) {
    router
        .get("/health", Scope.PUBLIC, this::health)
        .tag("meta")
        .summary("Storage and connector health")
        .description(
            "Without a key: the status only. With a tenant key: that tenant's connectors and their "
                + "circuit states; with the admin key: every tenant's.")
        .response(
            200,
            "Storage reachable (status ok, or degraded when a connector's circuit is open or a "
                + "tenant has no connector)",
            healthSchema())
        .response(503, "Storage unreachable", healthSchema());
  }

  private void health(ApiContext ctx) {
    boolean storageUp = database.isHealthy();
    Collection<String> visible =
        ctx.principal()
            .map(p -> p.isAdmin() ? new TreeSet<>(tenants.get()) : List.of(p.tenant()))
            .orElse(List.of());
    boolean degraded = false;
    Map<String, Object> tenantsOut = new LinkedHashMap<>();
    for (String tenant : visible) {
      List<Map<String, Object>> connectors = new ArrayList<>();
      List<NamedConnector> chain = chains.chain(tenant);
      for (int i = 0; i < chain.size(); i++) {
        String name = chain.get(i).name();
        CircuitBreaker.State state = outbox.circuitState(tenant, name);
        degraded |= state != CircuitBreaker.State.CLOSED;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("position", i);
        c.put("circuit", state.name());
        connectors.add(c);
      }
      degraded |= chain.isEmpty();
      tenantsOut.put(tenant, Map.of("connectors", connectors));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", !storageUp ? "down" : degraded ? "degraded" : "ok");
    body.put("storage", storageUp ? "up" : "down");
    if (ctx.principal().isPresent()) {
      body.put("tenants", tenantsOut);
    }
    ctx.http().header("Cache-Control", "no-store");
    ctx.json(storageUp ? 200 : 503, body);
  }

  private static Map<String, Object> healthSchema() {
    return Schemas.object(
        "status", Schemas.enumOf("ok", "degraded", "down"),
        "storage", Schemas.enumOf("up", "down"),
        "tenants?",
            Map.of(
                "type",
                "object",
                "additionalProperties",
                Schemas.object(
                    "connectors",
                    Schemas.arrayOf(
                        Schemas.object(
                            "name",
                            Schemas.string(),
                            "position",
                            Schemas.integer(),
                            "circuit",
                            Schemas.enumOf("CLOSED", "OPEN", "HALF_OPEN"))))));
  }
}
