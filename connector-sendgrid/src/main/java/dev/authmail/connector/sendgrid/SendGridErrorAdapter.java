package dev.authmail.connector.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.okhttp.HttpCalls;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Turns SendGrid's error answers into plain HTTP that the one status mapping
 * ({@link dev.authmail.connector.api.HttpErrors#forStatus}, applied by {@link HttpCalls#execute})
 * reads the same way for every provider: the body becomes the {@code errors[].message} texts (not
 * the whole JSON, which may echo the request), stripped of addresses; and a 429 without
 * {@code Retry-After} gets one from SendGrid's {@code X-RateLimit-Reset} (Unix seconds).
 * Successful answers pass unchanged.
 *
 * <p>Thread-safe.
 */
final class SendGridErrorAdapter implements Interceptor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

  private final Clock clock;

  SendGridErrorAdapter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (response.isSuccessful() || response.body() == null) {
      return response;
    }
    String body;
    try (ResponseBody original = response.body()) {
      body = HttpCalls.readCapped(original, HttpCalls.MAX_BODY_BYTES);
    } catch (IOException e) {
      body = "";
    }
    Response.Builder adapted = response.newBuilder().body(ResponseBody.create(messages(body), TEXT));
    String reset = response.header("X-RateLimit-Reset");
    if (response.code() == 429 && response.header("Retry-After") == null && reset != null) {
      retryAfterFromReset(reset).ifPresent(seconds -> adapted.header("Retry-After", seconds));
    }
    return adapted.build();
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
    return String.join("; ", out).replaceAll("[^\\s<>\"',;:()\\[\\]]+@[^\\s<>\"',;:()\\[\\]]+", "<address>");
  }

  private java.util.Optional<String> retryAfterFromReset(String reset) {
    if (!reset.strip().matches("\\d{1,12}")) {
      return java.util.Optional.empty();
    }
    long wait = Long.parseLong(reset.strip()) - Instant.now(clock).getEpochSecond();
    return java.util.Optional.of(Long.toString(Math.max(0, wait)));
  }
}
