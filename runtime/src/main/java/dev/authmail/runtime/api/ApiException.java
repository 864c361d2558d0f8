package dev.authmail.runtime.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An API error answered as JSON {@code {"code": "...", "message": "...", "details": [...]?}} with
 * its HTTP status and headers. Create them through {@link ApiErrors}. The message is shown to the
 * caller: it must not contain a secret, a recipient address or a code.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * One problem of an invalid request or configuration, next to the field it concerns.
   *
   * @param path the field's path, e.g. {@code to}, {@code config.auth.pass}, {@code
   *     templates[2].usageType}
   */
  public record Detail(String path, String message) {
    public Detail {
      Objects.requireNonNull(path, "path is null");
      Objects.requireNonNull(message, "message is null");
    }
  }

  private final int status;
  private final String code;
  private final List<Detail> details;
  private final Map<String, String> headers;

  ApiException(
      int status,
      String code,
      String message,
      List<Detail> details,
      Map<String, String> headers,
      Throwable cause) {
    super(Objects.requireNonNull(message, "message is null"), cause, false, false);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code is null");
    this.details = List.copyOf(details);
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  /**
   * Logto-style code, e.g. {@code request.invalid_input} or {@code connector.template_not_found}.
   */
  public String code() {
    return code;
  }

  public List<Detail> details() {
    return details;
  }

  /** Headers to answer with, e.g. {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The same error with an extra response header. */
  public ApiException withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiException(status, code, getMessage(), details, more, getCause());
  }

  /** The same error listing these problems. */
  public ApiException withDetails(List<Detail> more) {
    return new ApiException(status, code, getMessage(), more, headers, getCause());
  }

  /** The JSON body: {@code code}, {@code message} and, when there are any, {@code details}. */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", getMessage());
    if (!details.isEmpty()) {
      body.put("details", details);
    }
    return body;
  }

  @Override
  public String toString() {
    return "ApiException[" + status + " " + code + "]: " + getMessage();
  }
}
