package dev.authmail.runtime.hosted;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiException;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.Bodies;
import dev.authmail.runtime.api.InvalidInput;
import dev.authmail.runtime.api.MessageRoutes;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import dev.authmail.runtime.metrics.OutboxMetrics;
import dev.authmail.runtime.outbox.AcceptResult;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.storage.StorageException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in service's hosted contract (Logto Cloud's): {@code POST /api/services/mails} and
 * {@code GET /api/services/mails/usage}. A tenant key (or the admin key for a tenant) is the bearer
 * token a remote {@code logto-email} connector is configured with.
 */
public final class ServiceMailRoutes implements RouteGroup {
  private final HostedMails hosted;
  private final Outbox outbox;
  private final OutboxMetrics metrics;

  public ServiceMailRoutes(HostedMails hosted, Outbox outbox, OutboxMetrics metrics) {
    this.hosted = Objects.requireNonNull(hosted, "hosted is null");
    this.outbox = Objects.requireNonNull(outbox, "outbox is null");
    this.metrics = Objects.requireNonNull(metrics, "metrics is null");
  }

  @Override
  public void register(ApiRouter router) {
    router
        .post("/api/services/mails", Scope.TENANT, Bodies.guarded(this::send))
        .tag("services")
        .summary("Sends through the built-in email service with the branding in the payload")
        .description(
            "Logto Cloud's body: {\"data\": {\"to\", \"type\", \"payload\": {…, senderName?,"
                + " companyInformation?, appLogo?}}}. Goes through the outbox under the service"
                + " tenant <tenant>:mails.")
        .header(
            "Idempotency-Key", "the same key and body return the same message and send nothing new")
        .request(
            Schemas.object(
                "data",
                Schemas.object(
                    "to",
                    Schemas.string(),
                    "type",
                    Schemas.string(),
                    "payload?",
                    Schemas.anyObject())))
        .response(
            202, "Accepted", Schemas.object("id", Schemas.string(), "status", Schemas.string()))
        .response(
            400,
            "Invalid request (guard.invalid_input) or branding (connector.invalid_config), with"
                + " details",
            Schemas.error())
        .response(
            422,
            "The Idempotency-Key was used with another body, or the recipient is suppressed"
                + " (recipient.suppressed)",
            Schemas.error())
        .response(
            429,
            "connector.usage_limit_exceeded (the tenant's limit) or request.message_rate_limited"
                + " (per recipient and type), with Retry-After",
            Schemas.error())
        .response(
            503,
            "Storage unavailable; nothing was accepted (as POST /api/messages), with Retry-After",
            Schemas.error());
    router
        .get("/api/services/mails/usage", Scope.TENANT, this::usage)
        .tag("services")
        .summary("How many emails the hosted service accepted for the tenant since a time")
        .query("from", "an ISO 8601 time or date; default: the start of the current month (UTC)")
        .response(200, "The count", Schemas.object("count", Schemas.integer()))
        .response(400, "from is not a time", Schemas.error())
        .response(
            503,
            "Storage unavailable; the count could not be read, with Retry-After",
            Schemas.error());
  }

  private void send(ApiContext ctx) {
    String tenant = ctx.tenant();
    Object data = null;
    HostedMails.Mail mail;
    String idempotencyKey;
    try {
      idempotencyKey = MessageRoutes.idempotencyKey(ctx.headers("Idempotency-Key"));
      data = Bodies.map(ctx).get("data");
      mail = hosted.validate(tenant, data);
      hosted.refuseUnsendable(outbox, tenant, mail);
    } catch (InvalidInput | ConnectorException | ApiException e) {
      metrics.refused(
          data instanceof Map<?, ?> map && map.get("type") instanceof String type ? type : null);
      throw e;
    }
    AcceptResult result;
    try {
      result = hosted.accept(outbox, tenant, mail, idempotencyKey);
    } catch (StorageException | IllegalStateException e) {
      throw MessageRoutes.notStored(); // as POST /api/messages: 503, nothing of the cause
    }
    metrics.accepted(mail.type(), result);
    if (result instanceof AcceptResult.Accepted accepted) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", accepted.messageId());
      out.put("status", "QUEUED");
      ctx.json(accepted.replayed() ? 200 : 202, out);
    } else if (result instanceof AcceptResult.RateLimited limited
        && AcceptResult.RateLimited.RECIPIENT.equals(limited.scope())) {
      // the same answer whether or not the address belongs to an account
      throw ApiErrors.rateLimited(limited.retryAfter());
    } else if (result instanceof AcceptResult.RateLimited limited) {
      long seconds = Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000);
      throw ApiErrors.of(
              429,
              "connector.usage_limit_exceeded",
              "The email usage limit is reached; retry after " + seconds + " s.")
          .withHeader("Retry-After", Long.toString(seconds));
    } else if (result instanceof AcceptResult.Refused refused) {
      throw ApiErrors.refused(refused, "data.to");
    } else {
      throw ApiErrors.of(
          422,
          ApiErrors.IDEMPOTENCY_CONFLICT,
          "This Idempotency-Key was used with a different request; use a new key for a new"
              + " message.");
    }
  }

  private void usage(ApiContext ctx) {
    String from = ctx.queryParam("from");
    Instant since;
    if (from == null) {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      since = today.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    } else {
      since = parseTime(from);
    }
    long count;
    try {
      count = hosted.usage(ctx.tenant(), since);
    } catch (StorageException e) {
      // as a send that could not be stored: 503 with Retry-After, nothing of the cause
      throw ApiErrors.unavailable("The usage could not be read. Retry shortly.");
    }
    ctx.json(Map.of("count", count));
  }

  private static Instant parseTime(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        throw ApiErrors.invalidInput(
            "Query parameter from must be an ISO 8601 time such as 2026-11-01T00:00:00Z.");
      }
    }
  }
}
