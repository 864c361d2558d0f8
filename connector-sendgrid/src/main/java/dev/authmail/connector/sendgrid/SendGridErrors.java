package dev.authmail.connector.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.okhttp.HttpCalls;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;

/**
 * Reads SendGrid's error answers for the one status mapping ({@link
 * dev.authmail.connector.toolkit.HttpErrors#forStatus}, applied by {@link HttpCalls#execute}): the
 * detail is the {@code errors[].message} texts (not the whole JSON, which may echo the request),
 * stripped of addresses; a 429 without {@code Retry-After} waits until SendGrid's {@code
 * X-RateLimit-Reset} (Unix seconds).
 *
 * <p>Thread-safe.
 */
final class SendGridErrors implements HttpCalls.ErrorReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;

  SendGridErrors(Clock clock) {
    this.clock = clock;
  }

  @Override
  public HttpCalls.ProviderError read(Response response, String body) {
    String retryAfter = response.header("Retry-After");
    String reset = response.header("X-RateLimit-Reset");
    if (response.code() == 429 && retryAfter == null && reset != null) {
      retryAfter = retryAfterFromReset(reset);
    }
    return new HttpCalls.ProviderError(messages(body), retryAfter);
  }

  /** SendGrid's {@code errors[].message}, joined; empty when the body is not SendGrid's JSON. */
  static String messages(String body) {
    List<String> out = new ArrayList<>();
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      for (JsonNode error : errors) {
        String message = error.path("message").asText("");
        if (!message.isBlank()) {
          out.add(message.strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      return "";
    }
    return String.join("; ", out)
        .replaceAll("[^\\s<>\"',;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+", "<address>");
  }

  /** Seconds until {@code reset} (Unix seconds), or {@code null} when it is not a number. */
  private String retryAfterFromReset(String reset) {
    if (!reset.strip().matches("\\d{1,12}")) {
      return null;
    }
    long wait = Long.parseLong(reset.strip()) - Instant.now(clock).getEpochSecond();
    return Long.toString(Math.max(0, wait));
  }
}
