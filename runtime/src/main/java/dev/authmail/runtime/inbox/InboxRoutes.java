package dev.authmail.runtime.inbox;

import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.Bodies;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The capture inbox (the platform transport out of the box) over HTTP: {@code GET /api/inbox} and
 * {@code GET /api/inbox/{id}}; the same inbox {@code authmail inbox} reads ({@link
 * CaptureInbox#forStorage}). Admin scope: the inbox is the operator's and holds every tenant's
 * codes.
 */
public final class InboxRoutes implements RouteGroup {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final CaptureInbox inbox;

  public InboxRoutes(CaptureInbox inbox) {
    this.inbox = Objects.requireNonNull(inbox, "inbox is null");
  }

  @Override
  public void register(ApiRouter router) {
    router.schema(
        "InboxEmailSummary",
        Schemas.object(
            "id",
            Schemas.string(),
            "receivedAt",
            Schemas.dateTime(),
            "to",
            Schemas.string(),
            "from?",
            Schemas.string(),
            "fromName?",
            Schemas.string(),
            "subject",
            Schemas.string(),
            "type?",
            Schemas.string(),
            "messageId?",
            Schemas.string()));
    router.schema(
        "InboxEmail",
        Schemas.object(
            "id",
            Schemas.string(),
            "receivedAt",
            Schemas.dateTime(),
            "to",
            Schemas.string(),
            "from?",
            Schemas.string(),
            "fromName?",
            Schemas.string(),
            "replyTo?",
            Schemas.string(),
            "subject",
            Schemas.string(),
            "html?",
            Schemas.string(),
            "text",
            Schemas.string(),
            "type?",
            Schemas.string(),
            "messageId?",
            Schemas.string(),
            "headers",
            Schemas.anyObject()));
    router
        .get("/api/inbox", Scope.ADMIN, this::list)
        .tag("inbox")
        .summary("Captured emails, newest first")
        .query("to", "only emails to this address (case ignored)")
        .query(
            "limit",
            "at most this many (1 to " + MAX_LIMIT + ", default " + DEFAULT_LIMIT + ")",
            Schemas.integer())
        .response(
            200,
            "The emails, without their bodies",
            Schemas.arrayOf(Schemas.ref("InboxEmailSummary")));
    router
        .get("/api/inbox/{id}", Scope.ADMIN, this::get)
        .tag("inbox")
        .summary("One captured email with its HTML and text")
        .response(200, "The email", Schemas.ref("InboxEmail"))
        .response(404, "No such email", Schemas.error());
  }

  private void list(ApiContext ctx) {
    int limit = Bodies.queryInt(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    String to = ctx.queryParam("to");
    List<CapturedEmail> emails = to == null ? inbox.list(limit) : inbox.list(to, limit);
    ctx.json(emails.stream().map(InboxRoutes::summary).toList());
  }

  private void get(ApiContext ctx) {
    CapturedEmail email =
        inbox
            .get(ctx.pathParam("id"))
            .orElseThrow(() -> ApiErrors.notFound("The inbox has no email with this id."));
    Map<String, Object> out = summary(email);
    out.put("replyTo", email.replyTo());
    out.put("html", email.html());
    out.put("text", email.text());
    out.put("headers", email.headers());
    ctx.json(out);
  }

  private static Map<String, Object> summary(CapturedEmail email) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", email.id());
    out.put("receivedAt", email.receivedAt());
    out.put("to", email.to());
    out.put("from", email.from());
    out.put("fromName", email.fromName());
    out.put("subject", email.subject());
    out.put("type", email.type());
    out.put("messageId", email.messageId());
    return out;
  }
}
