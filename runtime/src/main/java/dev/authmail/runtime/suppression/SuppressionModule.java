package dev.authmail.runtime.suppression;

import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.config.AuthmailConfig;
import dev.authmail.runtime.node.ServeModule;
import dev.authmail.runtime.outbox.AcceptGate;
import dev.authmail.runtime.outbox.Outbox;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Bounces and complaints as part of {@code authmail serve}: the per-tenant suppression list, its
 * routes, and the gate that refuses sends to suppressed addresses on every accepting route. A
 * tenant with {@code suppression: false} in the configuration file is never refused (its events are
 * still recorded); tenants not in the file (stored connectors only) refuse. Thread-safe.
 */
public final class SuppressionModule implements ServeModule {
  private final Environment environment;

  /** Logto's id of the SES connector factory. */
  static final String SES_FACTORY = "aws-ses-mail";

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
   * Whether {@code connector} is an SES connector of the configuration file in {@code tenant}'s
   * chain.
   */
  private boolean isSesConnectorOf(String tenant, String connector) {
    AuthmailConfig config = environment.config();
    return config.tenant(tenant).map(t -> t.email().contains(connector)).orElse(false)
        && config.connector(connector).map(c -> SES_FACTORY.equals(c.factoryId())).orElse(false);
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

  @Override
  public List<RouteGroup> routes(Outbox outbox) {
    List<RouteGroup> routes = new ArrayList<>();
    routes.add(new SuppressionRoutes(list));
    routes.add(new SesEventRoutes(list, verifier, this::isSesConnectorOf));
    return routes;
  }
}
