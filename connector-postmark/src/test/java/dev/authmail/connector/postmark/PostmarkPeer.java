package dev.authmail.connector.postmark;

import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.okhttp.testing.ApiPeer;
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.ReceivedEmail;
import dev.authmail.connector.toolkit.Json;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Postmark's API on 127.0.0.1 (a JUnit extension), from its API reference: {@code POST /email} with
 * {@code X-Postmark-Server-Token} answers 200 {@code {"To", "SubmittedAt", "MessageID",
 * "ErrorCode": 0, "Message": "OK"}}; {@code GET /server} answers the server; errors are {@code
 * {"ErrorCode": n, "Message": "…"}}, mostly as 422.
 */
final class PostmarkPeer extends ApiPeer {
  static final String MESSAGE_ID = "b7bc2f4a-e38e-4336-af7d-e6c392c2f817";

  private final String token;

  PostmarkPeer(String token) {
    super(
        "Postmark",
        new Routes()
            .send("POST", "/email", accepted())
            .answer("POST", "/email/withTemplate", accepted())
            .answer(
                "GET",
                "/server",
                json(200, "{\"ID\": 1, \"Name\": \"Staging\", \"DeliveryType\": \"Live\"}"))
            .otherwise(json(404, "{\"ErrorCode\": 0, \"Message\": \"Not found\"}")));
    this.token = token;
  }

  private static MockResponse accepted() {
    return json(
        200,
        "{\"To\": \"alice@example.com\", \"SubmittedAt\": \"2026-01-01T00:00:00.0000000-05:00\", "
            + "\"MessageID\": \""
            + MESSAGE_ID
            + "\", \"ErrorCode\": 0, \"Message\": \"OK\"}");
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse error(int status, int errorCode, String message) {
    return json(status, "{\"ErrorCode\": " + errorCode + ", \"Message\": \"" + message + "\"}");
  }

  /** A {@code POST /email} body as Postmark reads it; the token header must be the test's. */
  @Override
  protected ReceivedEmail decode(RecordedRequest request) {
    Object body;
    try {
      body = Json.read(request.getBody().utf8());
    } catch (IllegalArgumentException e) {
      throw new AssertionError("the /email body is not JSON", e);
    }
    ReceivedEmail.Builder received =
        ReceivedEmail.builder()
            .credentialsValid(token.equals(request.getHeaders().get("X-Postmark-Server-Token")))
            .to(Json.textAt(body, "To"))
            .from(
                Objects.requireNonNullElse(Json.textAt(body, "From"), "")
                    .replaceAll("^.*<([^>]+)>\\s*$", "$1"))
            .replyTo(Json.textAt(body, "ReplyTo"))
            .subject(Json.textAt(body, "Subject"))
            .html(Json.textAt(body, "HtmlBody"))
            .text(Json.textAt(body, "TextBody"));
    for (Object attachment :
        Json.at(body, "Attachments") instanceof List<?> list ? list : List.of()) {
      String id = Objects.requireNonNullElse(Json.textAt(attachment, "ContentID"), "");
      if (id.startsWith("cid:")) {
        received.inlineImage(
            id.substring(4), Base64.getDecoder().decode(Json.textAt(attachment, "Content")));
      }
    }
    return received.build();
  }

  /** Postmark's answers: 406 inactive recipient, 401 bad token, 429, 503, or no answer in time. */
  @Override
  public void arrangeFault(Fault fault) {
    switch (fault) {
      case REJECTED ->
          enqueue(
              error(
                  422,
                  406,
                  "You tried to send to recipient(s) that have been marked as inactive."));
      case AUTHENTICATION_FAILED ->
          enqueue(
              error(
                  401,
                  10,
                  "The Server Token you provided in the X-Postmark-Server-Token request header was"
                      + " invalid."));
      case RATE_LIMITED ->
          enqueue(
              new MockResponse.Builder()
                  .code(429)
                  .addHeader("Retry-After", "7")
                  .addHeader("Content-Type", "application/json")
                  .body("{\"ErrorCode\": 429, \"Message\": \"Rate limit exceeded\"}")
                  .build());
      case UNAVAILABLE ->
          enqueue(json(503, "{\"ErrorCode\": 0, \"Message\": \"Service unavailable\"}"));
      case TIMEOUT -> enqueueSlow(4);
    }
  }

  /** Postmark's ErrorCodes in a 422 that the status alone does not classify. */
  @Override
  public Map<String, ErrorCode> declaredFaults() {
    return Map.of(
        "405 out of credits", ErrorCode.QUOTA_EXCEEDED,
        "10 bad token in a 422", ErrorCode.AUTHENTICATION_FAILED,
        "300 invalid email request", ErrorCode.INVALID_REQUEST,
        "406 inactive recipient", ErrorCode.REJECTED,
        "400 sender signature not found", ErrorCode.INVALID_CONFIG);
  }

  @Override
  public void arrangeDeclaredFault(String name) {
    enqueue(
        switch (name) {
          case "405 out of credits" ->
              error(422, 405, "Not allowed to send: you have run out of credits.");
          case "10 bad token in a 422" -> error(422, 10, "Bad or missing Server API token.");
          case "300 invalid email request" ->
              error(422, 300, "Invalid 'To' address: 'alice at example.com'.");
          case "406 inactive recipient" ->
              error(
                  422, 406, "You tried to send to recipient(s) that have been marked as inactive.");
          case "400 sender signature not found" ->
              error(
                  422,
                  400,
                  "The 'From' address you supplied is not a Sender Signature on your account.");
          default -> throw new IllegalArgumentException(name);
        });
  }
}
