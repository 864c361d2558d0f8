package dev.authmail.runtime.suppression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiJson;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/events/ses/{tenant}/{connector}}: Amazon SES bounce and complaint notifications
 * delivered by an SNS HTTPS subscription. Public (SNS sends no API key): each message is believed
 * only once its SNS signature verifies ({@link SnsVerifier}); a forged or unsigned one is answered
 * 401 and changes nothing. The path names whose list the events go to: the tenant and its SES
 * connector, which must be in the tenant's chain. The first confirmed subscription binds the intake
 * to its topic; notifications of other topics are refused (401). Events are idempotent by SNS
 * MessageId.
 */
public final class SesEventRoutes implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(SesEventRoutes.class);

  private final SuppressionList list;
  private final SnsVerifier verifier;
  private final BiPredicate<String, String> sesConnectorOf;

  /**
   * @param sesConnectorOf whether (tenant, connector) names an SES connector in the tenant's chain
   */
  SesEventRoutes(
      SuppressionList list, SnsVerifier verifier, BiPredicate<String, String> sesConnectorOf) {
    this.list = Objects.requireNonNull(list, "list is null");
    this.verifier = Objects.requireNonNull(verifier, "verifier is null");
    this.sesConnectorOf = Objects.requireNonNull(sesConnectorOf, "sesConnectorOf is null");
  }

  @Override
  public void register(ApiRouter router) {
    router
        .post("/api/events/ses/{tenant}/{connector}", Scope.PUBLIC, this::receive)
        .tag("suppressions")
        .summary("Amazon SES bounces and complaints through an SNS HTTPS subscription")
        .description(
            "Subscribe this URL to the SNS topic of the SES identity's (or configuration set's)"
                + " bounce and complaint notifications. The SNS signature (SignatureVersion 1 or 2)"
                + " is verified with a certificate fetched only from"
                + " https://sns.<region>.amazonaws.com; the subscription is confirmed"
                + " automatically. Permanent bounces and complaints suppress the address; other"
                + " bounces are recorded only.")
        .response(
            200,
            "Verified: the subscription confirmed, or the events recorded (a repeat counts once)",
            Schemas.object("type", Schemas.string(), "recorded", Schemas.integer()))
        .response(400, "Not an SNS message (not JSON)", Schemas.error())
        .response(401, "Unsigned or forged: nothing changed", Schemas.error())
        .response(
            404,
            "No such tenant, or the connector is not an SES connector in its chain",
            Schemas.error());
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
    if (!tenant.equals(ctx.tenant()) || !sesConnectorOf.test(tenant, connector)) {
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

  private void receive(ApiContext ctx) {
    String tenant = ctx.pathParam("tenant");
    String connector = ctx.pathParam("connector");
    if (!sesConnectorOf.test(tenant, connector)) {
      throw ApiErrors.notFound(
          "No SES connector " + connector + " in the chain of tenant " + tenant + ".");
    }
    // SNS posts JSON with Content-Type text/plain; body() parses it whatever the type, within the
    // size limit
    JsonNode json = ctx.body();
    SnsMessage message;
    try {
      message = SnsMessage.parse(json);
      verifier.verify(message);
    } catch (IllegalArgumentException | SnsVerifier.Rejected e) {
      LOG.warn(
          "refused an SES event for tenant {} connector {}: {}", tenant, connector, e.getMessage());
      throw ApiErrors.unauthorized(
          "The SNS message is not signed by Amazon SNS: " + e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", message.type());
    switch (message.type()) {
      case SnsMessage.SUBSCRIPTION_CONFIRMATION -> {
        // the first confirmed topic is the intake's; any AWS account can sign SNS messages, so
        // another account's topic must not be able to subscribe to (and suppress for) this tenant
        if (list.topic(tenant, connector).filter(t -> !t.equals(message.topicArn())).isPresent()) {
          throw ApiErrors.unauthorized(
              "This intake is bound to another SNS topic; unbind it with DELETE "
                  + "/api/events/ses/"
                  + tenant
                  + "/"
                  + connector
                  + "/topic to subscribe a new one.");
        }
        try {
          verifier.confirm(message);
        } catch (SnsVerifier.Rejected e) {
          throw ApiErrors.unavailable("The subscription could not be confirmed: " + e.getMessage());
        }
        list.bindTopic(tenant, connector, message.topicArn());
        LOG.info(
            "confirmed the SNS subscription of topic {} for tenant {} connector {}",
            message.topicArn(),
            tenant,
            connector);
        out.put("recorded", 0);
      }
      case SnsMessage.NOTIFICATION -> {
        if (!list.topic(tenant, connector).map(message.topicArn()::equals).orElse(false)) {
          throw ApiErrors.unauthorized(
              "The notification's topic is not the one this intake's subscription confirmed.");
        }
        out.put("recorded", record(tenant, connector, message));
      }
      default -> out.put("recorded", 0);
    }
    ctx.json(out);
  }

  private int record(String tenant, String connector, SnsMessage message) {
    List<SesEvents.Event> events;
    try {
      events = SesEvents.parse(ApiJson.mapper(), message.message());
    } catch (IllegalArgumentException e) {
      throw ApiErrors.invalidInput(
          "The SNS notification is not an SES notification: " + e.getMessage());
    }
    int recorded = 0;
    for (int i = 0; i < events.size(); i++) {
      SesEvents.Event event = events.get(i);
      EmailAddress address;
      try {
        address = EmailAddress.parse(event.address());
      } catch (IllegalArgumentException e) {
        continue; // SES reported an address we could never have sent to; nothing to suppress
      }
      // one SNS message, several recipients: each its own event id, so a redelivery counts none of
      // them twice
      if (list.record(
              tenant,
              address,
              event.reason(),
              "ses:" + connector,
              "sns:" + message.messageId() + "#" + i)
          .isPresent()) {
        recorded++;
      }
    }
    LOG.info(
        "SES notification {} for tenant {}: {} of {} recipients recorded",
        message.messageId(),
        tenant,
        recorded,
        events.size());
    return recorded;
  }
}
