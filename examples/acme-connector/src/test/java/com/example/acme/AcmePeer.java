// tag::peer[]
package com.example.acme;

import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.okhttp.testing.ApiPeer;
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.ReceivedEmail;
import dev.authmail.connector.toolkit.Json;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Acme Mail's API on 127.0.0.1 for the tests (a JUnit extension): {@code POST /v1/messages} answers
 * 202 with an id, unless a fault was arranged; {@link #decode} reads a request as Acme would,
 * credentials included.
 */
final class AcmePeer extends ApiPeer {
  static final String API_KEY = "acme-test-key-3f9c2b7e";

  AcmePeer() {
    super(
        "Acme Mail",
        new Routes().send("POST", "/v1/messages", json(202, "{\"id\":\"acme-msg-1\"}")));
  }

  @Override
  protected ReceivedEmail decode(RecordedRequest request) {
    Object body = Json.read(request.getBody().utf8());
    ReceivedEmail.Builder received =
        ReceivedEmail.builder()
            .credentialsValid(
                ("Bearer " + API_KEY).equals(request.getHeaders().get("Authorization")))
            .to(Json.textAt(body, "to"))
            .from(Json.textAt(body, "from"))
            .replyTo(Json.textAt(body, "reply_to"))
            .subject(Json.textAt(body, "subject"))
            .html(Json.textAt(body, "html"))
            .text(Json.textAt(body, "text"));
    for (int i = 0; Json.at(body, "inline", i) != null; i++) {
      received.inlineImage(
          Json.textAt(body, "inline", i, "cid"),
          Base64.getDecoder().decode(Json.textAt(body, "inline", i, "content")));
    }
    return received.build();
  }

  /** Acme's answer to each of the contract's faults. */
  @Override
  public void arrangeFault(Fault fault) {
    switch (fault) {
      case REJECTED ->
          enqueue(error(422, "invalid_recipient", "The recipient address is not valid"));
      case AUTHENTICATION_FAILED ->
          enqueue(error(401, "invalid_api_key", "The API key is not valid"));
      case RATE_LIMITED ->
          enqueue(
              error(429, "rate_limited", "Slow down")
                  .newBuilder()
                  .setHeader("Retry-After", "20")
                  .build());
      case UNAVAILABLE -> enqueue(error(503, "unavailable", "Try again later"));
      case TIMEOUT -> enqueueSlow(4);
    }
  }

  /** The faults only Acme's body tells apart from a plain 422. */
  @Override
  public Map<String, ErrorCode> declaredFaults() {
    return Map.of(
        "out of credits", ErrorCode.QUOTA_EXCEEDED, "inactive recipient", ErrorCode.REJECTED);
  }

  @Override
  public void arrangeDeclaredFault(String name) {
    enqueue(
        switch (name) {
          case "out of credits" -> error(422, "out_of_credits", "The account has no credits left");
          case "inactive recipient" ->
              error(422, "inactive_recipient", "The recipient unsubscribed");
          default -> throw new IllegalArgumentException(name);
        });
  }

  static MockResponse error(int status, String code, String message) {
    return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
// end::peer[]
