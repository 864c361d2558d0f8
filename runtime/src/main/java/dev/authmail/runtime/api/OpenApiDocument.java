package dev.authmail.runtime.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the OpenAPI 3 document from the routes of an {@link ApiRouter}. */
final class OpenApiDocument {
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");

  private OpenApiDocument() {}

  static Map<String, Object> generate(ApiRouter router, String title, String version) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put(
        "info",
        Map.of(
            "title",
            title,
            "version",
            version,
            "description",
            "authmail's HTTP API. Authenticate with Authorization: Bearer <key>; the admin key acts"
                + " for the tenant named by the Authmail-Tenant header. See docs/api.md."));
    Map<String, Map<String, Object>> paths = new TreeMap<>();
    for (ApiRouter.Route route : router.routes()) {
      paths
          .computeIfAbsent(route.path(), p -> new LinkedHashMap<>())
          .put(route.method().name().toLowerCase(Locale.ROOT), operation(route));
    }
    doc.put("paths", paths);
    Map<String, Object> schemas = new LinkedHashMap<>(router.schemas());
    Map<String, Object> components = new LinkedHashMap<>();
    components.put(
        "securitySchemes",
        Map.of(
            "bearer",
            Map.of(
                "type",
                "http",
                "scheme",
                "bearer",
                "description",
                "A tenant API key or the admin key")));
    components.put("schemas", schemas);
    doc.put("components", components);
    return doc;
  }

  private static Map<String, Object> operation(ApiRouter.Route route) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", operationId(route));
    if (route.summary() != null) {
      op.put("summary", route.summary());
    }
    if (route.description() != null) {
      op.put("description", route.description());
    }
    if (route.tag() != null) {
      op.put("tags", List.of(route.tag()));
    }
    List<Object> parameters = new ArrayList<>();
    Matcher m = PATH_PARAM.matcher(route.path());
    while (m.find()) {
      parameters.add(parameter(m.group(1), "path", null, Schemas.string(), true));
    }
    route
        .queryParameters()
        .values()
        .forEach(
            p -> parameters.add(parameter(p.name(), "query", p.description(), p.schema(), false)));
    route
        .headerParameters()
        .values()
        .forEach(
            p -> parameters.add(parameter(p.name(), "header", p.description(), p.schema(), false)));
    if (route.scope() != Scope.PUBLIC) {
      parameters.add(
          parameter(
              ApiContext.TENANT_HEADER,
              "header",
              "With the admin key: the tenant to act for (default: default). A tenant key acts for"
                  + " its own tenant only.",
              Schemas.string(),
              false));
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    if (route.requestSchema() != null) {
      op.put(
          "requestBody",
          Map.of(
              "required",
              true,
              "content",
              Map.of("application/json", Map.of("schema", route.requestSchema()))));
    }
    Map<String, Object> responses = new TreeMap<>();
    route
        .responses()
        .forEach((status, response) -> responses.put(status.toString(), response(response)));
    if (route.scope() != Scope.PUBLIC) {
      responses.putIfAbsent("401", errorResponse("No key, or an unknown or revoked key"));
      responses.putIfAbsent(
          "403",
          errorResponse(
              route.scope() == Scope.ADMIN
                  ? "Not the admin key"
                  : "The key belongs to another tenant"));
    }
    if (route.requestSchema() != null) {
      responses.putIfAbsent("400", errorResponse("Malformed JSON or an invalid field"));
    }
    if (responses.isEmpty()) {
      responses.put("200", Map.of("description", "OK"));
    }
    op.put("responses", responses);
    op.put(
        "security",
        route.scope() == Scope.PUBLIC ? List.of() : List.of(Map.of("bearer", List.of())));
    op.put("x-authmail-scope", route.scope().name());
    return op;
  }

  private static Map<String, Object> response(ApiRouter.Response response) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("description", response.description() == null ? "" : response.description());
    if (response.schema() != null) {
      out.put("content", Map.of("application/json", Map.of("schema", response.schema())));
    }
    return out;
  }

  private static Map<String, Object> errorResponse(String description) {
    return Map.of(
        "description",
        description,
        "content",
        Map.of("application/json", Map.of("schema", Schemas.error())));
  }

  private static Map<String, Object> parameter(
      String name, String in, String description, Object schema, boolean required) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("in", in);
    if (description != null) {
      p.put("description", description);
    }
    p.put("required", required);
    p.put("schema", schema);
    return p;
  }

  private static String operationId(ApiRouter.Route route) {
    StringBuilder id = new StringBuilder(route.method().name().toLowerCase(Locale.ROOT));
    for (String part : route.path().split("[/{}.-]+")) {
      if (!part.isEmpty()) {
        id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return id.toString();
  }

  static Map<String, Object> errorSchema() {
    return Schemas.object(
        "code",
            Schemas.string(
                "Logto-style code, e.g. request.invalid_input or connector.template_not_found"),
        "message", Schemas.string("What is wrong and how to fix it"),
        "details?",
            Schemas.arrayOf(Schemas.object("path", Schemas.string(), "message", Schemas.string())));
  }
}
