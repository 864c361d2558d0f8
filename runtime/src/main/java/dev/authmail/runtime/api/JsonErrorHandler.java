package dev.authmail.runtime.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's error answers in the API's JSON error shape ({@code {"code", "message"}}) instead of its
 * HTML page: the requests Jetty refuses before any route runs (a header block over the limit → 431,
 * a control character in a header → 400, an ambiguous path such as {@code /console/..%2f..} → 400).
 * A client of a JSON API must be able to read every error the same way. Thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final String HEADERS_TOO_LARGE = "request.header_fields_too_large";
  private static final String URI_TOO_LONG = "request.uri_too_long";

  /** The parser's refusals (bad request line or headers): no request object exists yet. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    return ByteBuffer.wrap(body(status, reason));
  }

  /** Errors raised while dispatching (an ambiguous path, for one). */
  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    byte[] body = body(code, message);
    baseRequest.getResponse().setContentType("application/json");
    baseRequest.getResponse().setContentLength(body.length);
    baseRequest.getResponse().getHttpOutput().sendContent(ByteBuffer.wrap(body));
  }

  static byte[] body(int status, String reason) {
    String code =
        switch (status) {
          case 404 -> ApiErrors.ROUTE_NOT_FOUND;
          case 405 -> ApiErrors.METHOD_NOT_ALLOWED;
          case 413 -> ApiErrors.PAYLOAD_TOO_LARGE;
          case 414 -> URI_TOO_LONG;
          case 415 -> ApiErrors.UNSUPPORTED_MEDIA_TYPE;
          case 431 -> HEADERS_TOO_LARGE;
          default -> status >= 500 ? ApiErrors.INTERNAL : ApiErrors.INVALID_INPUT;
        };
    String message =
        switch (status) {
          case 431 ->
              "The request's headers are too large (a header over the server's limit); send shorter"
                  + " headers.";
          case 414 -> "The request's URI is too long.";
          default -> "The request was refused by the HTTP server: " + printable(reason) + ".";
        };
    try {
      return ApiJson.mapper().writeValueAsBytes(ApiErrors.of(status, code, message).body());
    } catch (IOException e) {
      return ("{\"code\":\"" + code + "\",\"message\":\"Request refused.\"}")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Jetty's reason, without anything a client sent that is not plain ASCII, and short. */
  private static String printable(String reason) {
    if (reason == null || reason.isBlank()) {
      return "bad request";
    }
    String clean = reason.replaceAll("[^\\x20-\\x7E]", "?");
    return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
  }
}
