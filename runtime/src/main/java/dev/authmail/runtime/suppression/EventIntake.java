package dev.authmail.runtime.suppression;

import dev.authmail.connector.api.ConnectorConfig;
import dev.authmail.runtime.api.ApiContext;
import java.util.List;
import java.util.Objects;

/**
 * One provider's bounce and complaint intake: it verifies a request and turns it into events. The
 * route ({@code POST /api/events/<provider>/{tenant}/{connector}}), the lookup of the connector the
 * events belong to, the 401 for a refused request and the idempotent recording are {@link
 * EventRoutes}'s, shared by every provider. Implementations must be safe for concurrent use.
 */
interface EventIntake {
  /** The path segment after {@code /api/events/} and the source prefix, e.g. {@code sendgrid}. */
  String provider();

  /** Logto's id of the connector factory whose connectors' events this takes. */
  String factoryId();

  /** One line for the OpenAPI document. */
  String summary();

  /** How to set the provider up and what is believed, for the OpenAPI document. */
  String description();

  /**
   * Whether the intake also answers {@code …/{connector}/{secret}}, for providers that cannot sign
   * (Postmark); the secret reaches {@link #receive} as {@link Request#pathSecret()}.
   */
  default boolean takesSecretPath() {
    return false;
  }

  /**
   * Verifies the request and reads its events; nothing is recorded yet.
   *
   * @throws Rejected when the request is unsigned, forged, stale or replayed, or the connector has
   *     no verification key: the caller answers 401 and nothing changes
   */
  Received receive(Request request) throws Rejected;

  /**
   * A request to an intake.
   *
   * @param config the configuration of the connector the path names
   * @param http the request: headers, body
   * @param pathSecret the last path segment on the secret-path route, else {@code null}
   */
  record Request(
      String tenant, String connector, ConnectorConfig config, ApiContext http, String pathSecret) {
    public Request {
      Objects.requireNonNull(tenant, "tenant is null");
      Objects.requireNonNull(connector, "connector is null");
      Objects.requireNonNull(config, "config is null");
      Objects.requireNonNull(http, "http is null");
    }
  }

  /**
   * What a verified request held.
   *
   * @param type the provider's kind of message (for the answer), e.g. {@code Notification}
   */
  record Received(String type, List<ProviderEvent> events) {
    public Received {
      events = List.copyOf(events);
    }
  }

  /** Why a request is not believed; the message is safe to log (no address, no secret). */
  final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message, null, false, false);
    }
  }
}
