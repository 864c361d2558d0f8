package dev.authmail.runtime.suppression;

import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET}/{@code DELETE /api/events/ses/{tenant}/{connector}/topic}: the SNS topic an SES
 * intake ({@link SesIntake}) is bound to, and unbinding it so that the next confirmed subscription
 * binds its own. The intake itself is an {@link EventRoutes} route. Thread-safe.
 */
final class SesTopicRoutes implements RouteGroup {
  private final SuppressionList list;
  private final EventRoutes.Connectors connectors;

  SesTopicRoutes(SuppressionList list, EventRoutes.Connectors connectors) {
    this.list = Objects.requireNonNull(list, "list is null");
    this.connectors = Objects.requireNonNull(connectors, "connectors is null");
  }

  @Override
  public void register(ApiRouter router) {
    router
        .get("/api/events/ses/{tenant}/{connector}/topic", Scope.TENANT, this::topic)
        .tag("suppressions")
        .summary("The SNS topic this intake is bound to (its first confirmed subscription's)")
        .response(200, "The topic", Schemas.object("topicArn", Schemas.string()))
        .response(404, "Not bound yet, or not this tenant's SES connector", Schemas.error());
    router
        .delete("/api/events/ses/{tenant}/{connector}/topic", Scope.TENANT, this::unbind)
        .tag("suppressions")
        .summary("Unbind the intake, so that the next confirmed subscription binds its topic")
        .response(204, "Unbound")
        .response(404, "Not bound, or not this tenant's SES connector", Schemas.error());
  }

  private String ownIntake(ApiContext ctx) {
    String tenant = ctx.pathParam("tenant");
    String connector = ctx.pathParam("connector");
    if (!tenant.equals(ctx.tenant())
        || connectors.find(tenant, connector, SesIntake.FACTORY).isEmpty()) {
      throw ApiErrors.notFound("No SES connector " + connector + " in this tenant's chain.");
    }
    return connector;
  }

  private void topic(ApiContext ctx) {
    String connector = ownIntake(ctx);
    String topic =
        list.topic(ctx.tenant(), connector)
            .orElseThrow(
                () ->
                    ApiErrors.notFound(
                        "No SNS subscription has been confirmed for this intake yet."));
    ctx.json(Map.of("topicArn", topic));
  }

  private void unbind(ApiContext ctx) {
    String connector = ownIntake(ctx);
    if (!list.unbindTopic(ctx.tenant(), connector)) {
      throw ApiErrors.notFound("This intake is not bound to a topic.");
    }
    ctx.noContent();
  }
}
