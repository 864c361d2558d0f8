package dev.authmail.connector.okhttp;

import java.util.Objects;
import okhttp3.Headers;

/**
 * A provider's 2xx answer, read by {@link HttpCalls#execute}.
 *
 * @param status the HTTP status, 200-299
 * @param headers the response headers
 * @param body the start of the body as text, at most {@link HttpCalls#MAX_BODY_BYTES} bytes; empty
 *     when there was none or it could not be read (the provider had accepted by then)
 */
public record HttpReply(int status, Headers headers, String body) {
  public HttpReply {
    Objects.requireNonNull(headers, "headers is null");
    Objects.requireNonNull(body, "body is null");
  }

  /** A response header, or {@code null}. */
  public String header(String name) {
    return headers.get(name);
  }
}
