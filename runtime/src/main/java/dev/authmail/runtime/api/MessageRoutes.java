package dev.authmail.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.metrics.OutboxMetrics;
import dev.authmail.runtime.outbox.AcceptResult;
import dev.authmail.runtime.outbox.MessageStatus;
import dev.authmail.runtime.outbox.MessageView;
import dev.authmail.runtime.outbox.NewMessage;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.outbox.PayloadRules;
import dev.authmail.runtime.storage.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code /api/messages}: accept a send (the body of Logto's HTTP email connector), follow it.
 * Validates before anything is stored; see docs/api.md for each rule.
 *
 * <p>Over 400 lines because it holds two things: the route table with each route's OpenAPI schema
 * ({@link #register}, about 120 lines) and the reading of Logto's body into a {@code NewMessage}
 * ({@code parse}, {@code payload}, the duration and key checks, about 150). The reading is the part
 * to move into a class of its own; it stays here while the HTTP path of a send is being reworked
 * for speed, so that those edits and the move do not collide.
 */
public final class MessageRoutes implements RouteGroup {
  /** The largest payload accepted, as compact JSON. */
  public static final int MAX_PAYLOAD_BYTES = 32 * 1024;

  public static final Duration MAX_WAIT = Duration.ofSeconds(30);
  public static final Duration MIN_TTL = Duration.ofSeconds(1);
  public static final Duration MAX_TTL = Duration.ofHours(24);
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

  /**
   * {@code ip} is informational (Logto passes its proxy header's value: "unknown", fe80::1%eth0).
   */
  public static final int MAX_IP_LENGTH = 64;

  private static final Comparator<MessageView> NEWEST_FIRST =
      Comparator.comparing(MessageView::createdAt).thenComparing(MessageView::id).reversed();

  private final Outbox outbox;
  private final Duration defaultTtl;
  private final OutboxMetrics metrics;
  private final Function<String, List<String>> visibleTenants;

  /**
   * @param defaultTtl a message's time to live when the request has no {@code ?ttl} ({@code
   *     outbox.ttlSeconds})
   * @param metrics counts each accept's outcome and each refused request
   * @param visibleTenants the tenants whose messages a tenant reads: itself first, then those kept
   *     on its behalf (its hosted-service messages)
   */
  public MessageRoutes(
      Outbox outbox,
      Duration defaultTtl,
      OutboxMetrics metrics,
      Function<String, List<String>> visibleTenants) {
    this.outbox = Objects.requireNonNull(outbox, "outbox is null");
    this.defaultTtl = Objects.requireNonNull(defaultTtl, "defaultTtl is null");
    this.metrics = Objects.requireNonNull(metrics, "metrics is null");
    this.visibleTenants = Objects.requireNonNull(visibleTenants, "visibleTenants is null");
  }

  @Override
  public void register(ApiRouter router) {
    router.schema(
        "Attempt",
        Schemas.object(
            "number",
            Schemas.integer(),
            "connector",
            Schemas.string(),
            "node",
            Schemas.string(),
            "startedAt",
            Schemas.dateTime(),
            "finishedAt",
            Schemas.dateTime(),
            "outcome",
            Schemas.enumOf("DELIVERED", "RETRYABLE_FAILURE", "PERMANENT_FAILURE"),
            "errorCode?",
            Schemas.string("An ErrorCode name, e.g. UNAVAILABLE"),
            "errorMessage?",
            Schemas.string(),
            "providerMessageId?",
            Schemas.string(),
            "maybeDelivered",
            Schemas.bool()));
    router.schema(
        "Message",
        Schemas.object(
            "id",
            Schemas.string(),
            "tenant",
            Schemas.string(),
            "status",
            statusSchema(),
            "type",
            typeSchema(),
            "createdAt",
            Schemas.dateTime(),
            "updatedAt",
            Schemas.dateTime(),
            "expiresAt",
            Schemas.dateTime(),
            "nextAttemptAt?",
            Schemas.dateTime(),
            "connector?",
            Schemas.string(),
            "providerMessageId?",
            Schemas.string(),
            "lastErrorCode?",
            Schemas.string(),
            "lastErrorMessage?",
            Schemas.string(),
            "maybeDuplicate",
            Schemas.bool(),
            "attempts",
            Schemas.arrayOf(Schemas.ref("Attempt"))));

    router
        .post("/api/messages", Scope.TENANT, this::send)
        .tag("messages")
        .summary("Send an email (the body of Logto's HTTP email connector)")
        .description(
            "Validated, rate-limited and stored before the answer; delivered by the outbox's"
                + " workers. Same Idempotency-Key and body: the same message, nothing new sent.")
        .request(
            Schemas.object(
                "to",
                Schemas.string("The recipient's address"),
                "type",
                typeSchema(),
                "payload?",
                Schemas.anyObject(),
                "ip?",
                Schemas.string("The end user's IP address")))
        .header(
            "Idempotency-Key", "Makes retries safe: the same key and body return the same message")
        .query(
            "wait",
            "Wait up to this long for the first delivery outcome, e.g. 5s or 500ms (at most 30s)")
        .query(
            "ttl",
            "The message's time to live, e.g. 60s, 10m or 1h (1s to 24h; default outbox.ttlSeconds,"
                + " 10m)")
        .response(
            202,
            "Accepted (stored); Location names the message",
            Schemas.object("id", Schemas.string(), "status", statusSchema()))
        .response(
            200,
            "An idempotent replay, or the message after ?wait once it has an outcome",
            Schemas.ref("Message"))
        .response(
            422,
            "The Idempotency-Key was used with a different body (request.idempotency_key_reused),"
                + " or the recipient is on the tenant's suppression list (recipient.suppressed;"
                + " details[0].message is the reason)",
            Schemas.error())
        .response(429, "Over a rate limit; Retry-After says when to retry", Schemas.error())
        .response(503, "Storage unavailable; nothing was accepted", Schemas.error());
    router
        .get("/api/messages/{id}", Scope.TENANT, this::find)
        .tag("messages")
        .summary("A message's status and attempts (never the recipient, code or payload)")
        .response(200, "The message", Schemas.ref("Message"))
        .response(404, "No such message for this tenant", Schemas.error());
    router
        .get("/api/messages", Scope.TENANT, this::list)
        .tag("messages")
        .summary("The tenant's recent messages, newest first")
        .description(
            "Also those sent through the hosted service (/api/services/mails), whose tenant is"
                + " <tenant>:mails.")
        .query("status", "Only this status", statusSchema())
        .query("type", "Only this usage type", typeSchema())
        .query("limit", "At most this many (1 to 500, default 50)", Schemas.integer())
        .response(200, "The messages", Schemas.arrayOf(Schemas.ref("Message")));
  }

  private void send(ApiContext ctx) {
    String tenant = ctx.tenant();
    NewMessage command;
    Duration wait;
    ObjectNode body = null;
    try {
      String idempotencyKey = idempotencyKey(ctx.headers("Idempotency-Key"));
      wait =
          ctx.queryParam("wait") == null
              ? Duration.ZERO
              : duration("wait", ctx.queryParam("wait"), Duration.ZERO, MAX_WAIT);
      Duration ttl =
          ctx.queryParam("ttl") == null
              ? defaultTtl
              : duration("ttl", ctx.queryParam("ttl"), MIN_TTL, MAX_TTL);
      body = ctx.bodyObject();
      command = parse(tenant, body).withIdempotencyKey(idempotencyKey).withTtl(ttl);
      refuse(outbox.problems(command));
    } catch (ApiException e) {
      metrics.refused(body == null ? null : body.path("type").textValue());
      throw e;
    }

    AcceptResult result;
    try {
      result = outbox.accept(command);
    } catch (StorageException | IllegalStateException e) {
      throw notStored();
    }
    metrics.accepted(command.type(), result);
    if (result instanceof AcceptResult.Accepted accepted) {
      answerAccepted(ctx, tenant, accepted, wait);
    } else if (result instanceof AcceptResult.RateLimited limited) {
      // the same answer for either scope and whether or not the address has an account
      throw ApiErrors.rateLimited(limited.retryAfter());
    } else if (result instanceof AcceptResult.Refused refused) {
      throw ApiErrors.refused(refused, "to");
    } else {
      throw ApiErrors.of(
          422,
          ApiErrors.IDEMPOTENCY_CONFLICT,
          "This Idempotency-Key was used before with a different request; use a new key for a new"
              + " message.");
    }
  }

  private void answerAccepted(
      ApiContext ctx, String tenant, AcceptResult.Accepted accepted, Duration wait) {
    String id = accepted.messageId();
    ctx.http().header("Location", "/api/messages/" + id);
    if (!wait.isZero()) {
      MessageView view =
          outbox
              .await(tenant, id, wait)
              .orElseThrow(() -> ApiErrors.notFound("No message " + id + "."));
      ctx.json(view.hasOutcome() || accepted.replayed() ? 200 : 202, view);
      return;
    }
    if (accepted.replayed()) {
      MessageView view =
          outbox.find(tenant, id).orElseThrow(() -> ApiErrors.notFound("No message " + id + "."));
      ctx.json(200, view);
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("status", MessageStatus.QUEUED);
    ctx.json(202, body);
  }

  /** 400 naming each problem's path when the outbox says the send could never be delivered. */
  private static void refuse(List<ConfigProblem> problems) {
    if (!problems.isEmpty()) {
      List<ApiException.Detail> details =
          problems.stream().map(p -> new ApiException.Detail(p.path(), p.message())).toList();
      throw ApiErrors.guard(
          "Invalid message: "
              + problems.stream()
                  .map(p -> p.path() + ": " + p.message())
                  .collect(Collectors.joining("; ")),
          details);
    }
  }

  /** The body of Logto's HTTP email connector, every problem listed at once. */
  static NewMessage parse(String tenant, ObjectNode body) {
    List<ApiException.Detail> problems = new ArrayList<>();
    EmailAddress to = null;
    JsonNode toNode = body.get("to");
    if (toNode == null || toNode.isNull()) {
      problems.add(new ApiException.Detail("to", "required: the recipient's email address"));
    } else if (!toNode.isTextual()) {
      problems.add(
          new ApiException.Detail("to", "must be a string, not " + ApiContext.describe(toNode)));
    } else {
      try {
        to = EmailAddress.parse(toNode.asText());
      } catch (IllegalArgumentException e) {
        problems.add(new ApiException.Detail("to", e.getMessage()));
      }
    }
    UsageType type = null;
    JsonNode typeNode = body.get("type");
    if (typeNode == null || typeNode.isNull()) {
      problems.add(new ApiException.Detail("type", "required: one of " + UsageType.valid()));
    } else if (!typeNode.isTextual()) {
      problems.add(
          new ApiException.Detail("type", "must be a string, one of " + UsageType.valid()));
    } else {
      try {
        type = UsageType.parse(typeNode.asText());
      } catch (IllegalArgumentException e) {
        problems.add(new ApiException.Detail("type", e.getMessage()));
      }
    }
    Payload payload = payload(body.get("payload"), problems);
    String ip = null;
    JsonNode ipNode = body.get("ip");
    if (ipNode != null && !ipNode.isNull()) {
      if (!ipNode.isTextual() || !printable(ipNode.asText(), MAX_IP_LENGTH)) {
        problems.add(
            new ApiException.Detail(
                "ip",
                "must be a string of 1 to "
                    + MAX_IP_LENGTH
                    + " printable characters (an address, or whatever the platform's proxy header"
                    + " held)"));
      } else {
        ip = ipNode.asText();
      }
    }
    if (payload != null) { // what the usage type needs, with the other problems
      PayloadRules.problems(type, payload)
          .forEach(p -> problems.add(new ApiException.Detail(p.path(), p.message())));
    }
    if (!problems.isEmpty()) {
      throw ApiErrors.guard(
          "Invalid message: "
              + problems.stream()
                  .map(p -> p.path() + ": " + p.message())
                  .collect(Collectors.joining("; ")),
          problems);
    }
    return new NewMessage(tenant, to, type, payload, ip, null, null);
  }

  private static Payload payload(JsonNode node, List<ApiException.Detail> problems) {
    if (node == null || node.isNull()) {
      return Payload.empty();
    }
    if (!node.isObject()) {
      problems.add(
          new ApiException.Detail(
              "payload", "must be a JSON object, not " + ApiContext.describe(node)));
      return null;
    }
    long size = ApiJson.compactSize(node);
    if (size > MAX_PAYLOAD_BYTES) {
      problems.add(
          new ApiException.Detail(
              "payload",
              "is " + size + " bytes as JSON; at most " + MAX_PAYLOAD_BYTES + " are accepted"));
      return null;
    }
    try {
      return Payload.of(ApiJson.plainObject(node));
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "is not usable" : e.getMessage();
      String path =
          message.startsWith("payload.")
              ? message.substring(0, Math.max(message.indexOf(' '), 0))
              : "payload";
      problems.add(new ApiException.Detail(path.isEmpty() ? "payload" : path, message));
      return null;
    }
  }

  private static boolean printable(String value, int max) {
    return !value.isEmpty()
        && value.length() <= max
        && value
            .codePoints()
            .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
  }

  private void find(ApiContext ctx) {
    String id = ctx.pathParam("id");
    ctx.json(
        visibleTenants.apply(ctx.tenant()).stream()
            .map(tenant -> outbox.find(tenant, id))
            .flatMap(Optional::stream)
            .findFirst()
            .orElseThrow(() -> ApiErrors.notFound("No message " + id + ".")));
  }

  private void list(ApiContext ctx) {
    MessageStatus status = null;
    String statusParam = ctx.queryParam("status");
    if (statusParam != null) {
      try {
        status = MessageStatus.valueOf(statusParam.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiErrors.invalidInput(
            "Unknown status \""
                + printable(statusParam)
                + "\"; valid: "
                + Arrays.stream(MessageStatus.values())
                    .map(Enum::name)
                    .collect(Collectors.joining(", "))
                + ".");
      }
    }
    UsageType type = null;
    if (ctx.queryParam("type") != null) {
      try {
        type = UsageType.parse(ctx.queryParam("type"));
      } catch (IllegalArgumentException e) {
        throw ApiErrors.invalidInput(e.getMessage());
      }
    }
    int limit = DEFAULT_LIMIT;
    if (ctx.queryParam("limit") != null) {
      try {
        limit = Integer.parseInt(ctx.queryParam("limit").trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiErrors.invalidInput("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
      }
    }
    List<MessageView> messages = new ArrayList<>();
    for (String tenant : visibleTenants.apply(ctx.tenant())) {
      messages.addAll(outbox.list(tenant, status, type, limit));
    }
    messages.sort(NEWEST_FIRST);
    ctx.json(messages.size() > limit ? messages.subList(0, limit) : messages);
  }

  /**
   * The {@code Idempotency-Key} header's value (every value the request sent), or {@code null} when
   * it is absent. An empty header is refused, not taken as "no key": a client that meant to send a
   * key and sent nothing would get a second message on its retry. Two different values are refused
   * (which one would be meant?); the same value repeated is one key.
   *
   * @throws ApiException 400 when it is empty, longer than 255 characters, not visible ASCII, or
   *     sent twice with different values
   */
  public static String idempotencyKey(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    String key = null;
    for (String value : values) {
      String one = value == null ? "" : value.trim();
      if (one.isEmpty()
          || one.length() > 255
          || !one.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
        throw ApiErrors.invalidInput(
            "Idempotency-Key must be 1 to 255 visible ASCII characters"
                + (one.isEmpty() ? "; it is empty: send a key or leave the header out." : "."));
      }
      if (key != null && !key.equals(one)) {
        throw ApiErrors.invalidInput(
            "Idempotency-Key is sent twice with different values; send one key.");
      }
      key = one;
    }
    return key;
  }

  /**
   * The answer when the outbox could not store a send ({@link StorageException}, or a closed
   * outbox's {@link IllegalStateException}): 503 {@value ApiErrors#UNAVAILABLE} with {@code
   * Retry-After: 1}, saying nothing was accepted and nothing of the cause. Every route that accepts
   * sends answers with it.
   */
  public static ApiException notStored() {
    return ApiErrors.unavailable(
        "The message could not be stored; nothing was accepted. Retry shortly.");
  }

  /** {@code 5s}, {@code 500ms}, {@code 10m} or plain seconds, within [min, max]. */
  static Duration duration(String name, String value, Duration min, Duration max) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw ApiErrors.invalidInput(
          name
              + " must be a duration such as 5s, 500ms, 10m or 1h, not \""
              + printable(value)
              + "\".");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d =
        switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofSeconds(amount);
        };
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw ApiErrors.invalidInput(
          name + " must be from " + human(min) + " to " + human(max) + ".");
    }
    return d;
  }

  private static String human(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
      return d.toHours() + "h";
    }
    return d.toSeconds() + "s";
  }

  private static String printable(String value) {
    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  private static Map<String, Object> statusSchema() {
    return Schemas.enumOf(
        Arrays.stream(MessageStatus.values()).map(Enum::name).toArray(String[]::new));
  }

  private static Map<String, Object> typeSchema() {
    return Schemas.enumOf(
        Arrays.stream(UsageType.values()).map(UsageType::wireName).toArray(String[]::new));
  }
}
