package dev.authmail.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.Optional;

/**
 * One API request: the authenticated caller, the tenant it acts for, and helpers to read JSON
 * bodies and answer JSON with the shared {@link ApiJson#mapper() mapper}. Not thread-safe: it
 * belongs to the request's thread.
 *
 * <p>The tenant: a tenant key acts for its own tenant only; the admin key acts for the tenant named
 * by the header {@value #TENANT_HEADER} (or the query parameter {@code tenant}), by default {@value
 * #DEFAULT_TENANT}.
 */
public final class ApiContext {
  public static final String TENANT_HEADER = "Authmail-Tenant";
  public static final String TENANT_QUERY = "tenant";
  public static final String DEFAULT_TENANT = "default";

  /**
   * A tenant name: letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64.
   */
  public static final java.util.regex.Pattern TENANT_NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final Context http;
  private final ApiPrincipal principal;
  private final String tenant;
  private final long maxBodyBytes;
  private JsonNode body;

  ApiContext(Context http, ApiPrincipal principal, String tenant, long maxBodyBytes) {
    this.http = http;
    this.principal = principal;
    this.tenant = tenant;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The underlying Javalin context: headers, status, raw body. */
  public Context http() {
    return http;
  }

  /** The key's owner; empty on a {@link Scope#PUBLIC} route called without a key. */
  public Optional<ApiPrincipal> principal() {
    return Optional.ofNullable(principal);
  }

  public boolean isAdmin() {
    return principal != null && principal.isAdmin();
  }

  /**
   * The tenant the request acts for.
   *
   * @throws ApiException 401 on a public route called without a key
   */
  public String tenant() {
    if (tenant == null) {
      throw ApiErrors.unauthorized(
          "This route needs an API key: send Authorization: Bearer <key>.");
    }
    return tenant;
  }

  public String pathParam(String name) {
    return http.pathParam(name);
  }

  /** A query parameter, or {@code null} when absent or blank. */
  public String queryParam(String name) {
    String value = http.queryParam(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** Every value of a header, in the order sent; empty when it is absent. */
  public java.util.List<String> headers(String name) {
    return java.util.Collections.list(http().req().getHeaders(name));
  }

  public String header(String name) {
    return http.header(name);
  }

  public ObjectMapper mapper() {
    return ApiJson.mapper();
  }

  /**
   * The body parsed as JSON (any JSON value).
   *
   * @throws ApiException 400 when empty or malformed (saying where), 413 when over the size limit
   */
  public JsonNode body() {
    if (body == null) {
      byte[] bytes = rawBody();
      if (bytes.length == 0) {
        throw ApiErrors.invalidInput("The request body is empty; send a JSON object.");
      }
      try {
        body = ApiJson.mapper().readTree(bytes);
      } catch (JsonProcessingException e) {
        throw ApiErrors.malformedJson(e);
      } catch (IOException e) {
        throw ApiErrors.invalidInput("The request body could not be read: " + e.getMessage());
      }
      if (body == null || body.isMissingNode()) {
        throw ApiErrors.invalidInput("The request body is empty; send a JSON object.");
      }
    }
    return body;
  }

  /**
   * The raw body, for checking a signature over the exact bytes sent.
   *
   * @throws ApiException 413 when over the size limit
   */
  public byte[] bodyBytes() {
    return rawBody();
  }

  /** The body, which must be a JSON object. */
  public ObjectNode bodyObject() {
    JsonNode node = body();
    if (!(node instanceof ObjectNode object)) {
      throw ApiErrors.invalidInput(
          "The request body must be a JSON object, not " + describe(node) + ".");
    }
    return object;
  }

  /**
   * The body bound to {@code type} with the shared mapper.
   *
   * @throws ApiException 400 {@code guard.invalid_input} naming the field that does not fit
   */
  public <T> T bodyAs(Class<T> type) {
    JsonNode node = bodyObject();
    try {
      return ApiJson.mapper().treeToValue(node, type);
    } catch (MismatchedInputException e) {
      String path = pathOf(e);
      throw ApiErrors.guard(path.isEmpty() ? "body" : path, e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw ApiErrors.guard("body", e.getOriginalMessage());
    }
  }

  /** Answers {@code status} with {@code value} as JSON. */
  public void json(int status, Object value) {
    try {
      http.status(status)
          .contentType("application/json")
          .result(ApiJson.mapper().writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON", e);
    }
  }

  /** Answers 200 with {@code value} as JSON. */
  public void json(Object value) {
    json(200, value);
  }

  /** Answers 204 without a body. */
  public void noContent() {
    http.status(204);
  }

  private byte[] rawBody() {
    long declared = http.contentLength();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    try {
      byte[] bytes = http.bodyAsBytes();
      if (bytes.length > maxBodyBytes) {
        throw tooLarge();
      }
      return bytes;
    } catch (HttpResponseException e) {
      if (e.getStatus() == 413) {
        throw tooLarge();
      }
      throw e;
    }
  }

  private ApiException tooLarge() {
    return ApiErrors.of(
        413,
        ApiErrors.PAYLOAD_TOO_LARGE,
        "The request body is larger than " + maxBodyBytes + " bytes.");
  }

  private static String pathOf(MismatchedInputException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
