package dev.authmail.runtime.api;

import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects routes with their scope, handler and OpenAPI description. The OpenAPI document at {@code
 * /openapi.json} is generated from these routes, so every route is described by construction. Not
 * thread-safe: used while the server is being built.
 *
 * <pre>{@code
 * router.get("/api/messages/{id}", Scope.TENANT, this::find)
 *     .summary("A message's status and attempts")
 *     .response(200, "The message", Schemas.ref("Message"))
 *     .response(404, "No such message");
 * }</pre>
 */
public final class ApiRouter {
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, Object> schemas = new LinkedHashMap<>();

  public Route get(String path, Scope scope, ApiHandler handler) {
    return add(HandlerType.GET, path, scope, handler);
  }

  public Route post(String path, Scope scope, ApiHandler handler) {
    return add(HandlerType.POST, path, scope, handler);
  }

  public Route put(String path, Scope scope, ApiHandler handler) {
    return add(HandlerType.PUT, path, scope, handler);
  }

  public Route patch(String path, Scope scope, ApiHandler handler) {
    return add(HandlerType.PATCH, path, scope, handler);
  }

  public Route delete(String path, Scope scope, ApiHandler handler) {
    return add(HandlerType.DELETE, path, scope, handler);
  }

  /**
   * Adds a route. Paths use Javalin's (and OpenAPI's) {@code {name}} parameters.
   *
   * @throws IllegalArgumentException when the method and path are taken
   */
  public Route add(HandlerType method, String path, Scope scope, ApiHandler handler) {
    Objects.requireNonNull(method, "method is null");
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(scope, "scope is null");
    Objects.requireNonNull(handler, "handler is null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + path);
    }
    for (Route route : routes) {
      if (route.method == method && route.path.equals(path)) {
        throw new IllegalArgumentException("route registered twice: " + method + " " + path);
      }
    }
    Route route = new Route(method, path, scope, handler);
    routes.add(route);
    return route;
  }

  /**
   * A named schema for {@code components.schemas}, referenced with {@link Schemas#ref(String)}.
   *
   * @param schema a JSON schema as a Map, or as a JSON string
   */
  public ApiRouter schema(String name, Object schema) {
    Object previous =
        schemas.putIfAbsent(
            Objects.requireNonNull(name, "name is null"), Schemas.normalize(schema));
    if (previous != null && !previous.equals(Schemas.normalize(schema))) {
      throw new IllegalArgumentException("schema defined twice with different content: " + name);
    }
    return this;
  }

  /** The routes in registration order. */
  public List<Route> routes() {
    return Collections.unmodifiableList(routes);
  }

  /** The named schemas. */
  public Map<String, Object> schemas() {
    return Collections.unmodifiableMap(schemas);
  }

  /** One route and its description; the fluent setters return this route. */
  public static final class Route {
    private final HandlerType method;
    private final String path;
    private final Scope scope;
    private final ApiHandler handler;
    private String summary;
    private String description;
    private String tag;
    private Object requestSchema;
    private final Map<String, Parameter> query = new LinkedHashMap<>();
    private final Map<String, Parameter> headers = new LinkedHashMap<>();
    private final Map<Integer, Response> responses = new LinkedHashMap<>();

    private Route(HandlerType method, String path, Scope scope, ApiHandler handler) {
      this.method = method;
      this.path = path;
      this.scope = scope;
      this.handler = handler;
    }

    public Route summary(String value) {
      summary = value;
      return this;
    }

    public Route description(String value) {
      description = value;
      return this;
    }

    /** The group the route is listed under in the OpenAPI document (e.g. {@code messages}). */
    public Route tag(String value) {
      tag = value;
      return this;
    }

    /** The JSON request body's schema (a Map, a JSON string or {@link Schemas#ref(String)}). */
    public Route request(Object schema) {
      requestSchema = Schemas.normalize(schema);
      return this;
    }

    public Route query(String name, String description) {
      return query(name, description, Schemas.string());
    }

    public Route query(String name, String description, Object schema) {
      query.put(name, new Parameter(name, description, Schemas.normalize(schema)));
      return this;
    }

    public Route header(String name, String description) {
      headers.put(name, new Parameter(name, description, Schemas.string()));
      return this;
    }

    public Route response(int status, String description) {
      return response(status, description, null);
    }

    /** A response; {@code schema} null for none. */
    public Route response(int status, String description, Object schema) {
      responses.put(
          status, new Response(description, schema == null ? null : Schemas.normalize(schema)));
      return this;
    }

    public HandlerType method() {
      return method;
    }

    public String path() {
      return path;
    }

    public Scope scope() {
      return scope;
    }

    public ApiHandler handler() {
      return handler;
    }

    public String summary() {
      return summary;
    }

    public String description() {
      return description;
    }

    public String tag() {
      return tag;
    }

    public Object requestSchema() {
      return requestSchema;
    }

    public Map<String, Parameter> queryParameters() {
      return Collections.unmodifiableMap(query);
    }

    public Map<String, Parameter> headerParameters() {
      return Collections.unmodifiableMap(headers);
    }

    public Map<Integer, Response> responses() {
      return Collections.unmodifiableMap(responses);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** A query or header parameter. */
  public record Parameter(String name, String description, Object schema) {}

  /** A documented response. */
  public record Response(String description, Object schema) {}
}
