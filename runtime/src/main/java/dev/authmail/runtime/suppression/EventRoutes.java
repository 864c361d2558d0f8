package dev.authmail.runtime.suppression;

import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/events/<provider>/{tenant}/{connector}} for each {@link EventIntake}: public
 * (providers send no API key), so each request is believed only once its intake has verified it; a
 * refused one is answered 401 and changes nothing. The path names whose list the events go to: the
 * tenant, and a connector of the intake's factory in that tenant's chain (else 404); the
 * connector's configuration holds the verification key. Events are recorded idempotently by their
 * ids, with source {@code <provider>:<connector>}. Thread-safe.
 */
final class EventRoutes implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(EventRoutes.class);

  /** Finds the connectors whose events an intake may take. */
  @FunctionalInterface
  interface Connectors {
    /**
     * The configuration of {@code connector} when it is a connector of {@code factoryId} in {@code
     * tenant}'s chain.
     */
    Optional<ConnectorConfig> find(String tenant, String connector, String factoryId);
  }

  private final SuppressionList list;
  private final Connectors connectors;
  private final List<EventIntake> intakes;

  EventRoutes(SuppressionList list, Connectors connectors, List<EventIntake> intakes) {
    this.list = Objects.requireNonNull(list, "list is null");
    this.connectors = Objects.requireNonNull(connectors, "connectors is null");
    this.intakes = List.copyOf(intakes);
  }

  @Override
  public void register(ApiRouter router) {
    for (EventIntake intake : intakes) {
      String path = "/api/events/" + intake.provider() + "/{tenant}/{connector}";
      document(router.post(path, Scope.PUBLIC, ctx -> receive(intake, ctx, null)), intake);
      if (intake.takesSecretPath()) {
        document(
            router.post(
                path + "/{secret}",
                Scope.PUBLIC,
                ctx -> receive(intake, ctx, ctx.pathParam("secret"))),
            intake);
      }
    }
  }

  private static void document(ApiRouter.Route route, EventIntake intake) {
    route
        .tag("suppressions")
        .summary(intake.summary())
        .description(intake.description())
        .response(
            200,
            "Verified: the events recorded (a repeat counts once)",
            Schemas.object("type", Schemas.string(), "recorded", Schemas.integer()))
        .response(400, "Verified, but not the provider's event format", Schemas.error())
        .response(401, "Unsigned, forged, stale or replayed: nothing changed", Schemas.error())
        .response(
            404,
            "No such tenant, or the connector is not one of this provider's in its chain",
            Schemas.error());
  }

  private void receive(EventIntake intake, ApiContext ctx, String pathSecret) {
    String tenant = ctx.pathParam("tenant");
    String connector = ctx.pathParam("connector");
    ConnectorConfig config =
        connectors
            .find(tenant, connector, intake.factoryId())
            .orElseThrow(
                () ->
                    ApiErrors.notFound(
                        "No "
                            + intake.provider()
                            + " connector "
                            + connector
                            + " in the chain of tenant "
                            + tenant
                            + "."));
    EventIntake.Received received;
    try {
      received =
          intake.receive(new EventIntake.Request(tenant, connector, config, ctx, pathSecret));
    } catch (EventIntake.Rejected e) {
      LOG.warn(
          "refused a {} event for tenant {} connector {}: {}",
          intake.provider(),
          tenant,
          connector,
          e.getMessage());
      throw ApiErrors.unauthorized(
          "The event is not verified as " + intake.provider() + "'s: " + e.getMessage());
    }
    int recorded = record(tenant, intake.provider() + ":" + connector, received.events());
    LOG.info(
        "{} event for tenant {} connector {}: {} of {} recorded",
        intake.provider(),
        tenant,
        connector,
        recorded,
        received.events().size());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", received.type());
    out.put("recorded", recorded);
    ctx.json(out);
  }

  private int record(String tenant, String source, List<ProviderEvent> events) {
    int recorded = 0;
    for (ProviderEvent event : events) {
      EmailAddress address;
      try {
        address = EmailAddress.parse(event.address());
      } catch (IllegalArgumentException e) {
        continue; // the provider reported an address we could never have sent to
      }
      if (list.record(tenant, address, event.reason(), source, event.id()).isPresent()) {
        recorded++;
      }
    }
    return recorded;
  }
}
