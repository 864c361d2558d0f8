package dev.authmail.runtime.console;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.runtime.api.ApiContext;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiRouter;
import dev.authmail.runtime.api.RouteGroup;
import dev.authmail.runtime.api.Schemas;
import dev.authmail.runtime.api.Scope;
import dev.authmail.runtime.preview.EmailPreviewer;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console: its static files at {@code /console/} ({@code /} redirects there) and the routes it
 * needs that the rest of the API does not have ({@link PreviewRoutes}). The files are plain HTML,
 * CSS and JavaScript modules from the class path ({@code console/} in the jar): no build step.
 *
 * <p>The pages are public (they hold no data); every piece of data comes from the API with the
 * admin key the person signs in with, kept in the browser's session storage and sent as a bearer
 * header, never in a URL. Thread-safe.
 */
public final class ConsoleRoutes implements RouteGroup {
  public static final String PATH = "/console";
  private static final String RESOURCES = "/console/";
  private static final Pattern FILE =
      Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg|png|ico)");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");
  /*
   * Why these: scripts only from here (no inline script, so injected markup cannot run); inline
   * styles are allowed because the previews' srcdoc iframes inherit this policy and emails carry
   * inline CSS; images from data: (uploaded logos) and https: (a logo URL in an email).
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data: https:; font-src 'self'; frame-src 'self'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  private final PreviewRoutes preview;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  /**
   * @param registry the connector registry, whose {@code logto-email} factory renders previews
   * @param platformSender the operator's fixed sender address for the built-in service
   */
  public ConsoleRoutes(ConnectorRegistry registry, EmailAddress platformSender, Clock clock) {
    this(new EmailPreviewer(registry, platformSender, clock));
  }

  public ConsoleRoutes(EmailPreviewer previewer) {
    this.preview = new PreviewRoutes(Objects.requireNonNull(previewer, "previewer is null"));
  }

  @Override
  public void register(ApiRouter router) {
    router
        .get("/", Scope.PUBLIC, ctx -> ctx.http().redirect(PATH + "/"))
        .tag("console")
        .summary("Redirects to the console at /console/")
        .response(302, "To /console/");
    router
        .get(PATH, Scope.PUBLIC, ctx -> serve(ctx, "index.html"))
        .tag("console")
        .summary("The console's page (sign in with the admin API key)")
        .response(200, "HTML");
    router
        .get(PATH + "/{file}", Scope.PUBLIC, ctx -> serve(ctx, ctx.pathParam("file")))
        .tag("console")
        .summary("The console's static files (HTML, CSS, JavaScript modules)")
        .response(200, "The file")
        .response(404, "No such file", Schemas.ref("Error"));
    preview.register(router);
  }

  private void serve(ApiContext ctx, String name) {
    if (!FILE.matcher(name).matches()) {
      throw ApiErrors.notFound("The console has no file " + name.replaceAll("[^\\w.-]", "?") + ".");
    }
    // only files that exist are cached: caching misses would let anyone grow the map without bound
    byte[] bytes = files.get(name);
    if (bytes == null) {
      bytes =
          read(name).orElseThrow(() -> ApiErrors.notFound("The console has no file " + name + "."));
      files.putIfAbsent(name, bytes);
    }
    String extension = name.substring(name.lastIndexOf('.') + 1);
    ctx.http()
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-cache")
        .status(200)
        .contentType(TYPES.get(extension))
        .result(bytes);
  }

  /** How many files are cached (at most the console's own files). */
  int cachedFiles() {
    return files.size();
  }

  private static Optional<byte[]> read(String name) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream(RESOURCES + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console's " + name, e);
    }
  }
}
