package dev.authmail.runtime.suppression;

import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.node.ServeModule;
import dev.authmail.runtime.outbox.AcceptGate;
import dev.authmail.runtime.outbox.Outbox;
import dev.authmail.runtime.outbox.OutboxListener;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bounces and complaints as part of {@code authmail serve}: the per-tenant suppression list, its
 * routes, and the gate that refuses sends to suppressed addresses on every accepting route. A
 * tenant with {@code suppression: false} in the configuration file is never refused (its events are
 * still recorded); tenants not in the file (stored connectors only) refuse. Thread-safe.
 */
public final class SuppressionModule implements ServeModule {
  private final Environment environment;

  private final SuppressionList list;
  private final SnsVerifier verifier;

  private SuppressionModule(Environment environment) {
    this.environment = Objects.requireNonNull(environment, "environment is null");
    AuthmailConfig config = environment.config();
    this.list =
        new SuppressionList(
            new SuppressionStore(environment.database()),
            tenant -> config.tenant(tenant).map(AuthmailConfig.Tenant::suppression).orElse(true),
            environment.clock(),
            environment.metrics().registry());
    String origins = environment.env().get(SnsVerifier.ENV_ORIGINS);
    this.verifier =
        new SnsVerifier(
            origins == null || origins.isBlank()
                ? SnsVerifier.AWS_ORIGINS
                : Pattern.compile(origins),
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(),
            environment.clock());
  }

  /**
   * The configuration of {@code connector} when it is a connector of {@code factoryId} in the
   * configuration file and in {@code tenant}'s chain.
   */
  private Optional<ConnectorConfig> connectorOf(String tenant, String connector, String factoryId) {
    AuthmailConfig config = environment.config();
    if (!config.tenant(tenant).map(t -> t.email().contains(connector)).orElse(false)) {
      return Optional.empty();
    }
    return config
        .connector(connector)
        .filter(c -> factoryId.equals(c.factoryId()))
        .map(AuthmailConfig.ConnectorDefinition::config);
  }

  /** The module over a serve environment; one of {@code ServiceNode.MODULES}. */
  public static SuppressionModule create(Environment environment) {
    return new SuppressionModule(environment);
  }

  public SuppressionList list() {
    return list;
  }

  @Override
  public AcceptGate acceptGate() {
    return list;
  }

  /**
   * A message that ended FAILED because the receiving server said its mailbox does not exist (SMTP
   * {@code 550 5.1.1} to RCPT) suppresses its recipient as a hard bounce, source {@code
   * send:<connector>}, once per message. The outbox calls this after the outcome is committed, on
   * its completion thread: one small transaction, and rare.
   */
  @Override
  public OutboxListener outboxListener() {
    return new OutboxListener() {
      @Override
      public void recipientUnknown(
          String tenant, String messageId, String recipient, String connector) {
        EmailAddress address;
        try {
          address = EmailAddress.parse(recipient);
        } catch (IllegalArgumentException e) {
          return; // accepted messages have valid recipients; nothing to suppress otherwise
        }
        list.record(tenant, address, Reason.HARD_BOUNCE, "send:" + connector, "send:" + messageId);
      }
    };
  }

  @Override
  public List<RouteGroup> routes(Outbox outbox) {
    List<RouteGroup> routes = new ArrayList<>();
    routes.add(new SuppressionRoutes(list));
    routes.add(
        new EventRoutes(
            list,
            this::connectorOf,
            List.of(
                new SesIntake(list, verifier),
                new SendGridIntake(),
                new MailgunIntake(list, environment.clock()),
                new PostmarkIntake())));
    routes.add(new SesTopicRoutes(list, this::connectorOf));
    return routes;
  }
}
