package dev.authmail.runtime.api;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.runtime.StartupException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: one Javalin (Jetty) server serving every {@link RouteGroup}, with bearer-key
 * authentication by route {@link Scope}, JSON errors ({@link ApiErrors}), a request size limit and
 * the OpenAPI document at {@code /openapi.json} generated from the registered routes.
 *
 * <p>Binds to {@code 127.0.0.1} unless told otherwise ({@code authmail serve} binds to {@code
 * 0.0.0.0}); port 0 picks a free port. Start with {@link #start()}; {@link #close()} stops
 * accepting requests and waits for those in flight (Jetty's graceful stop).
 *
 * <p>Just over 400 lines because its {@link Builder} (about 75 lines of settings) is nested here,
 * so that the settings stay private to the server; the rest is Javalin's configuration and the one
 * authentication and error path every route shares.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String HANDLED = "authmail.handled";

  private final Builder settings;
  private final ApiRouter router = new ApiRouter();
  private final List<String> javalinRoutes = new CopyOnWriteArrayList<>();
  private final Javalin app;
  private volatile Map<String, Object> openApi;

  private ApiServer(Builder b) {
    this.settings = b;
    router.schema("Error", OpenApiDocument.errorSchema());
    for (RouteGroup group : b.groups) {
      group.register(router);
    }
    router
        .get("/openapi.json", Scope.PUBLIC, ctx -> ctx.json(openApi()))
        .tag("meta")
        .summary("This API's OpenAPI 3 description, generated from the registered routes")
        .response(200, "The OpenAPI document", Schemas.anyObject());
    this.app = Javalin.create(this::configure);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts listening; returns this server. */
  public ApiServer start() {
    try {
      app.start(settings.host, settings.port);
    } catch (Exception e) {
      // Jetty's failure to bind surfaces (thrown from Kotlin, undeclared) as "ExecutionException:
      // IllegalStateException: STOPPED", which says nothing about the port; ask the operating
      // system whether the port is taken.
      try {
        app.stop();
      } catch (Exception stop) {
        e.addSuppressed(stop); // stopping a server that never started fails the same way
      }
      if (settings.port != 0 && portInUse(settings.host, settings.port)) {
        throw new StartupException(
            "port "
                + settings.port
                + " on "
                + settings.host
                + " is in use by another"
                + " process: stop that process or choose another port with --port",
            e);
      }
      throw new StartupException(
          "the HTTP server cannot listen on "
              + settings.host
              + ":"
              + settings.port
              + ": "
              + e
              + "; check --host and --port",
          e);
    }
    LOG.info("HTTP API listening on {}:{}", settings.host, app.port());
    return this;
  }

  private static boolean portInUse(String host, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
      return false;
    } catch (BindException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The port the server listens on (the chosen one when started with port 0). */
  public int port() {
    return app.port();
  }

  /**
   * The base URL, e.g. {@code http://127.0.0.1:8080} ({@code 127.0.0.1} when bound to all
   * addresses).
   */
  public String url() {
    String host =
        settings.host.equals("0.0.0.0") || settings.host.equals("::") ? "127.0.0.1" : settings.host;
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** The registered routes with their descriptions. */
  public List<ApiRouter.Route> routes() {
    return router.routes();
  }

  /**
   * Every route as Javalin registered it ("GET /api/messages"), for checking the OpenAPI document.
   */
  public List<String> javalinRoutes() {
    return List.copyOf(javalinRoutes);
  }

  /** The OpenAPI document (generated once). */
  public Map<String, Object> openApi() {
    Map<String, Object> doc = openApi;
    if (doc == null) {
      doc = OpenApiDocument.generate(router, settings.title, settings.version);
      openApi = doc;
    }
    return doc;
  }

  /** Stops accepting requests and waits for those in flight. Idempotent. */
  @Override
  public void close() {
    app.stop();
  }

  private void configure(JavalinConfig config) {
    config.showJavalinBanner = false;
    config.startupWatcherEnabled = false;
    config.http.maxRequestSize = settings.maxRequestBytes;
    config.http.prefer405over404 = true;
    config.jsonMapper(new JavalinJackson(ApiJson.mapper(), false));
    config.events.handlerAdded(
        info -> javalinRoutes.add(info.getHttpMethod() + " " + info.getPath()));
    config.jetty.modifyServer(
        server -> {
          server.setStopTimeout(settings.stopTimeoutMillis);
          server.setErrorHandler(new JsonErrorHandler());
        });
    config.jetty.modifyServletContextHandler(
        handler -> handler.setErrorHandler(new JsonErrorHandler()));
    config.router.mount(
        routing -> {
          for (ApiRouter.Route route : router.routes()) {
            routing.addHttpHandler(route.method(), route.path(), wrap(route));
          }
          routing.exception(ApiException.class, (e, ctx) -> answer(ctx, e));
          routing.exception(
              ConnectorException.class, (e, ctx) -> answer(ctx, ApiErrors.connector(e)));
          routing.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, fromJavalin(e)));
          routing.exception(
              Exception.class,
              (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.endpointHandlerPath(), e);
                answer(
                    ctx,
                    ApiErrors.of(500, ApiErrors.INTERNAL, "Internal error; see the server log."));
              });
          routing.error(
              404,
              ctx ->
                  unhandled(
                      ctx,
                      ApiErrors.of(
                          404,
                          ApiErrors.ROUTE_NOT_FOUND,
                          "No route " + ctx.method() + " " + ctx.path() + "; see /openapi.json.")));
          routing.error(
              405,
              ctx ->
                  unhandled(
                      ctx,
                      ApiErrors.of(
                          405,
                          ApiErrors.METHOD_NOT_ALLOWED,
                          "Method "
                              + ctx.method()
                              + " is not allowed on "
                              + ctx.path()
                              + "; see /openapi.json.")));
        });
    settings.customizers.forEach(c -> c.accept(config));
  }

  private Handler wrap(ApiRouter.Route route) {
    long maxBody = settings.maxRequestBytes;
    return ctx -> {
      ctx.attribute(HANDLED, Boolean.TRUE);
      ApiPrincipal principal = authenticate(ctx, route.scope());
      String tenant = tenant(ctx, principal);
      route.handler().handle(new ApiContext(ctx, principal, tenant, maxBody));
    };
  }

  private ApiPrincipal authenticate(Context ctx, Scope scope) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      if (scope == Scope.PUBLIC) {
        return null;
      }
      throw ApiErrors.of(
              401,
              ApiErrors.HEADER_MISSING,
              "Authorization header is missing; send Authorization: Bearer <key>.")
          .withHeader("WWW-Authenticate", "Bearer");
    }
    String trimmed = header.trim();
    if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
      if (scope == Scope.PUBLIC) {
        return null;
      }
      throw ApiErrors.unauthorized("Authorization must be Bearer <key>.");
    }
    ApiPrincipal principal =
        settings.authenticator.authenticate(trimmed.substring(7).trim()).orElse(null);
    if (principal == null) {
      if (scope == Scope.PUBLIC) {
        return null;
      }
      throw ApiErrors.unauthorized("Unknown or revoked API key.");
    }
    if (scope == Scope.ADMIN && !principal.isAdmin()) {
      throw ApiErrors.forbidden("This route needs the admin key.");
    }
    return principal;
  }

  /** The tenant a request acts for; see {@link ApiContext}. */
  private static String tenant(Context ctx, ApiPrincipal principal) {
    if (principal == null) {
      return null;
    }
    String fromHeader = blankToNull(ctx.header(ApiContext.TENANT_HEADER));
    String fromQuery = blankToNull(ctx.queryParam(ApiContext.TENANT_QUERY));
    if (fromHeader != null && fromQuery != null && !fromHeader.equals(fromQuery)) {
      throw ApiErrors.invalidInput(
          "The "
              + ApiContext.TENANT_HEADER
              + " header and the tenant query "
              + "parameter name different tenants; send one.");
    }
    String requested = fromHeader != null ? fromHeader : fromQuery;
    if (requested != null && !ApiContext.TENANT_NAME.matcher(requested).matches()) {
      throw ApiErrors.invalidInput(
          "Invalid tenant name; use letters, digits, '.', '_' or '-' (at most 64).");
    }
    if (principal.isAdmin()) {
      return requested != null ? requested : ApiContext.DEFAULT_TENANT;
    }
    if (requested != null && !requested.equals(principal.tenant())) {
      throw ApiErrors.forbidden("This key cannot act for another tenant.");
    }
    return principal.tenant();
  }

  private static ApiException fromJavalin(HttpResponseException e) {
    return switch (e.getStatus()) {
      case 404 -> ApiErrors.of(404, ApiErrors.ROUTE_NOT_FOUND, "Not found.");
      case 405 -> ApiErrors.of(405, ApiErrors.METHOD_NOT_ALLOWED, "Method not allowed.");
      case 413 -> ApiErrors.of(413, ApiErrors.PAYLOAD_TOO_LARGE, "The request body is too large.");
      default ->
          ApiErrors.of(
              e.getStatus(),
              e.getStatus() >= 500 ? ApiErrors.INTERNAL : ApiErrors.INVALID_INPUT,
              e.getMessage() == null ? "Request refused." : e.getMessage());
    };
  }

  /** Error pages for requests no route handled (unknown path or method). */
  private static void unhandled(Context ctx, ApiException e) {
    if (ctx.attribute(HANDLED) == null) {
      answer(ctx, e);
    }
  }

  private static void answer(Context ctx, ApiException e) {
    e.headers().forEach(ctx::header);
    try {
      ctx.status(e.status())
          .contentType("application/json")
          .result(ApiJson.mapper().writeValueAsBytes(e.body()));
    } catch (IOException io) {
      ctx.status(500).result("{\"code\":\"request.general\",\"message\":\"Internal error.\"}");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * The runtime's version, written into the jar at build time ({@code unknown} outside a build).
   */
  public static String projectVersion() {
    try (InputStream in =
        ApiServer.class.getResourceAsStream("/dev/authmail/runtime/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Settings of an {@link ApiServer}; not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private Authenticator authenticator;
    private long maxRequestBytes = 1024 * 1024;
    private long stopTimeoutMillis = 10_000;
    private String title = "authmail";
    private String version = projectVersion();
    private final List<RouteGroup> groups = new ArrayList<>();
    private final List<Consumer<JavalinConfig>> customizers = new ArrayList<>();

    private Builder() {}

    /** The address to bind: {@code 127.0.0.1} (default) or {@code 0.0.0.0} for all interfaces. */
    public Builder host(String value) {
      host = Objects.requireNonNull(value, "host is null");
      return this;
    }

    /** The port; 0 (default) picks a free one. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, not " + value);
      }
      port = value;
      return this;
    }

    public Builder authenticator(Authenticator value) {
      authenticator = Objects.requireNonNull(value, "authenticator is null");
      return this;
    }

    /** The largest request body accepted (default 1 MiB); larger ones get 413. */
    public Builder maxRequestBytes(long value) {
      if (value < 1024) {
        throw new IllegalArgumentException("maxRequestBytes must be at least 1024, not " + value);
      }
      maxRequestBytes = value;
      return this;
    }

    /** How long {@link ApiServer#close()} waits for requests in flight (default 10 s). */
    public Builder stopTimeoutMillis(long value) {
      stopTimeoutMillis = value;
      return this;
    }

    public Builder version(String value) {
      version = Objects.requireNonNull(value, "version is null");
      return this;
    }

    public Builder routes(RouteGroup... value) {
      groups.addAll(List.of(value));
      return this;
    }

    public Builder routes(List<? extends RouteGroup> value) {
      groups.addAll(value);
      return this;
    }

    /** Extra Javalin configuration (static files for the console, for example). */
    public Builder configure(Consumer<JavalinConfig> customizer) {
      customizers.add(Objects.requireNonNull(customizer, "customizer is null"));
      return this;
    }

    /** Builds the server (not started). Every route group registers its routes now. */
    public ApiServer build() {
      Objects.requireNonNull(authenticator, "authenticator is not set");
      return new ApiServer(this);
    }
  }
}
