package dev.authmail.runtime.hosted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.EmailConnector;
import dev.authmail.connector.api.EmailRequest;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.Payload;
import dev.authmail.connector.api.SendResult;
import dev.authmail.connector.api.UsageType;
import dev.authmail.runtime.api.InvalidInput;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.outbox.AcceptResult;
import dev.authmail.runtime.outbox.NamedConnector;
import dev.authmail.runtime.outbox.NewMessage;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.outbox.TenantScope;
import dev.authmail.runtime.storage.Database;
import dev.authmail.runtime.storage.SqlTime;
import dev.authmail.runtime.stored.ConnectorBuilder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in email service's hosted contract, Logto Cloud's {@code POST /api/services/mails}: a
 * remote platform's {@code logto-email} connector posts {@code {"data": {"to", "type", "payload":
 * {…, senderName?, companyInformation?, appLogo?}}}} and authmail sends it through the built-in
 * service with that branding.
 *
 * <p>These messages go through the outbox (durable, retried, rate-limited) under the <em>service
 * tenant</em> {@code <tenant>:mails} ({@link #serviceTenant}), whose chain is always the built-in
 * service, whatever connectors the tenant itself uses; the branding travels in the payload and is
 * checked with the built-in service's own rules before anything is stored. The service tenant's
 * messages are the usage that {@code GET /api/services/mails/usage} counts.
 *
 * <p>Thread-safe.
 */
public final class HostedMails {
  /** The branding keys the hosted contract carries in the payload (Logto's). */
  static final List<String> BRANDING_KEYS = List.of("senderName", "companyInformation", "appLogo");

  /**
   * The payload may carry an uploaded logo (at most 256 KB, base64): the limit leaves room for it.
   */
  static final int MAX_PAYLOAD_BYTES = 512 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CACHED_BRANDINGS = 64;

  private final ConnectorBuilder builder;
  private final Database db;
  private final Duration ttl;
  private final Map<String, EmailConnector> connectors = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * @param ttl each message's time to live ({@code outbox.ttlSeconds})
   */
  public HostedMails(ConnectorBuilder builder, Database db, Duration ttl) {
    this.builder = Objects.requireNonNull(builder, "builder is null");
    this.db = Objects.requireNonNull(db, "db is null");
    this.ttl = Objects.requireNonNull(ttl, "ttl is null");
  }

  /** The tenant under which {@code tenant}'s hosted-service messages are kept. */
  public static String serviceTenant(String tenant) {
    return TenantScope.serviceTenant(tenant);
  }

  /** Whether {@code tenant} is a service tenant. */
  public static boolean isServiceTenant(String tenant) {
    return TenantScope.isServiceTenant(tenant);
  }

  /** A validated hosted send. */
  public record Mail(EmailAddress to, UsageType type, Payload payload) {}

  /**
   * Checks Logto Cloud's {@code data} object: the address, the usage type, the payload (JSON
   * object, size) and the branding (the built-in service's rules).
   *
   * @throws InvalidInput naming each bad field under {@code data.}
   * @throws ConnectorException INVALID_CONFIG naming each bad branding key under {@code
   *     data.payload.}
   */
  public Mail validate(String tenant, Object data) {
    if (!(data instanceof Map<?, ?> map)) {
      throw new InvalidInput("data", "is required: {\"data\": {\"to\", \"type\", \"payload\"}}");
    }
    List<ConfigProblem> problems = new ArrayList<>();
    EmailAddress to = null;
    Object rawTo = map.get("to");
    if (!(rawTo instanceof String s)) {
      problems.add(new ConfigProblem("data.to", "is required: the recipient's email address"));
    } else {
      try {
        to = EmailAddress.parse(s);
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem("data.to", "is not a valid email address"));
      }
    }
    UsageType type = null;
    Object rawType = map.get("type");
    try {
      type = UsageType.parse(rawType instanceof String s ? s : null);
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem("data.type", e.getMessage()));
    }
    Payload payload = null;
    Object rawPayload = map.get("payload");
    if (rawPayload == null) {
      payload = Payload.empty();
    } else if (!(rawPayload instanceof Map<?, ?>)) {
      problems.add(new ConfigProblem("data.payload", "must be a JSON object"));
    } else {
      @SuppressWarnings("unchecked")
      Map<String, ?> values = (Map<String, ?>) rawPayload;
      try {
        payload = Payload.of(values);
        int size = json(payload.asMap()).getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_PAYLOAD_BYTES) {
          problems.add(
              new ConfigProblem(
                  "data.payload", "is " + size + " bytes; at most " + MAX_PAYLOAD_BYTES));
          payload = null;
        }
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem("data.payload", e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    checkBranding(tenant, branding(payload));
    return new Mail(to, type, payload);
  }

  /**
   * Refuses at the door what could never be sent (the outbox's {@link Outbox#problems}: a code for
   * code types, an invitation link, http(s) links), paths under {@code data.}.
   *
   * @throws InvalidInput naming each problem
   */
  public void refuseUnsendable(Outbox outbox, String tenant, Mail mail) {
    List<ConfigProblem> problems = outbox.problems(command(tenant, mail, null));
    if (!problems.isEmpty()) {
      throw new InvalidInput(
          problems.stream().map(p -> new ConfigProblem("data." + p.path(), p.message())).toList());
    }
  }

  private NewMessage command(String tenant, Mail mail, String idempotencyKey) {
    return new NewMessage(
        serviceTenant(tenant), mail.to(), mail.type(), mail.payload(), null, idempotencyKey, ttl);
  }

  /**
   * Stores the send in the outbox under the service tenant.
   *
   * @param idempotencyKey the caller's key, or {@code null}
   */
  public AcceptResult accept(Outbox outbox, String tenant, Mail mail, String idempotencyKey) {
    return outbox.accept(command(tenant, mail, idempotencyKey));
  }

  /** How many hosted sends the tenant made since {@code from}: Logto Cloud's usage. */
  public long usage(String tenant, Instant from) {
    return db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM messages WHERE tenant = ? AND created_at >= ?")) {
            ps.setString(1, serviceTenant(tenant));
            SqlTime.set(ps, 2, from);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /** The service tenant's chain: the built-in service, branded per message. */
  public List<NamedConnector> chain(String serviceTenant) {
    String tenant = TenantScope.owner(serviceTenant);
    return List.of(new NamedConnector(AuthmailConfig.BUILT_IN_SERVICE, new Branded(tenant)));
  }

  private static Map<String, Object> branding(Payload payload) {
    Map<String, Object> branding = new LinkedHashMap<>();
    for (String key : BRANDING_KEYS) {
      Object value = payload.get(key);
      if (value != null) {
        branding.put(key, value);
      }
    }
    return branding;
  }

  private void checkBranding(String tenant, Map<String, Object> branding) {
    try {
      connector(tenant, branding);
    } catch (ConnectorException e) {
      if (e.code() == ErrorCode.INVALID_CONFIG) {
        throw ConnectorException.invalidConfig(
            e.problems().stream()
                .map(
                    p ->
                        new ConfigProblem(
                            p.path().replaceFirst("^config", "data.payload"), p.message()))
                .toList());
      }
      throw e;
    }
  }

  /** The built-in service configured with this branding, made once per tenant and branding. */
  private EmailConnector connector(String tenant, Map<String, Object> branding) {
    String key = tenant + '\u0000' + json(branding);
    synchronized (connectors) {
      EmailConnector cached = connectors.get(key);
      if (cached != null) {
        return cached;
      }
    }
    ConnectorFactory factory = builder.factory(AuthmailConfig.BUILT_IN_SERVICE);
    EmailConnector created = builder.build(tenant, factory, branding);
    synchronized (connectors) {
      EmailConnector raced = connectors.putIfAbsent(key, created);
      if (raced != null) {
        created.close();
        return raced;
      }
      if (connectors.size() > CACHED_BRANDINGS) {
        var eldest = connectors.entrySet().iterator().next();
        connectors.remove(eldest.getKey());
        // not closed: a send may still be using it, and the built-in service holds no resources
      }
      return created;
    }
  }

  /** Sends through the built-in service with the branding the message carries. */
  private final class Branded implements EmailConnector {
    private final String tenant;

    Branded(String tenant) {
      this.tenant = tenant;
    }

    @Override
    public SendResult send(EmailRequest request) {
      return connector(tenant, branding(request.payload())).send(request);
    }

    @Override
    public String toString() {
      return "HostedMails.Branded[" + tenant + "]";
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a payload or branding cannot be written as JSON", e);
    }
  }
}
