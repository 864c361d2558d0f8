package dev.authmail.connector.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.connector.okhttp.testing.ApiPeer;
import dev.authmail.connector.tck.Fault;
import dev.authmail.connector.tck.ReceivedEmail;
import java.io.IOException;
import java.util.Base64;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * SendGrid's v3 API on 127.0.0.1 (a JUnit extension): mail send answers 202 with an {@code
 * X-Message-Id}, {@code /v3/scopes} lists {@code mail.send}, unless an answer was enqueued.
 */
final class SendGridPeer extends ApiPeer {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String MESSAGE_ID = "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0";

  SendGridPeer() {
    super(
        "SendGrid",
        new Routes()
            .send(
                "POST",
                "/v3/mail/send",
                new MockResponse.Builder().code(202).addHeader("X-Message-Id", MESSAGE_ID).build())
            .answer(
                "GET",
                "/v3/scopes",
                new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "application/json")
                    .body("{\"scopes\":[\"alerts.read\",\"mail.send\",\"mail.batch.read\"]}")
                    .build())
            .otherwise(
                new MockResponse.Builder()
                    .code(404)
                    .body("{\"errors\":[{\"message\":\"not found\"}]}")
                    .build()));
  }

  /**
   * A v3 mail send body as SendGrid reads it ({@code personalizations[0].to[0]}, {@code from},
   * {@code reply_to}, {@code subject}, {@code content[]} by type, {@code attachments[]} with {@code
   * disposition: inline}); the credentials are {@code Authorization: Bearer <the contract test's
   * key>}.
   */
  @Override
  protected ReceivedEmail decode(RecordedRequest request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody().utf8());
    } catch (IOException e) {
      throw new AssertionError("the mail send body is not JSON", e);
    }
    ReceivedEmail.Builder received =
        ReceivedEmail.builder()
            .credentialsValid(
                ("Bearer " + SendGridConnectorContractTest.API_KEY)
                    .equals(request.getHeaders().get("Authorization")))
            .to(body.path("personalizations").path(0).path("to").path(0).path("email").asText(null))
            .from(body.path("from").path("email").asText(null))
            .replyTo(body.path("reply_to").path("email").asText(null))
            .subject(body.path("subject").asText(null));
    for (JsonNode part : body.path("content")) {
      if ("text/html".equals(part.path("type").asText())) {
        received.html(part.path("value").asText());
      } else if ("text/plain".equals(part.path("type").asText())) {
        received.text(part.path("value").asText());
      }
    }
    for (JsonNode attachment : body.path("attachments")) {
      if ("inline".equals(attachment.path("disposition").asText())) {
        received.inlineImage(
            attachment.path("content_id").asText(),
            Base64.getDecoder().decode(attachment.path("content").asText()));
      }
    }
    if (body.has("template_id")) {
      received.content(body.toString()); // a dynamic template: SendGrid renders from the data
    }
    return received.build();
  }

  /**
   * SendGrid's answers: 400 for an unverified sender, 401 for a revoked key, 429, 503, or no answer
   * in time.
   */
  @Override
  public void arrangeFault(Fault fault) {
    switch (fault) {
      case REJECTED ->
          enqueueError(400, "The from address does not match a verified Sender Identity.");
      case AUTHENTICATION_FAILED ->
          enqueueError(401, "The provided authorization grant is invalid, expired, or revoked");
      case RATE_LIMITED -> enqueueError(429, "too many requests");
      case UNAVAILABLE -> enqueueError(503, "service unavailable");
      case TIMEOUT -> enqueueSlow(4);
    }
  }

  /** A SendGrid error answer: {@code {"errors": [{"message", "field", "help"}]}}. */
  void enqueueError(int status, String message) {
    enqueue(error(status, message).build());
  }

  static MockResponse.Builder error(int status, String message) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(
            "{\"errors\":[{\"message\":\""
                + message
                + "\",\"field\":\"from.email\",\"help\":\"https://sendgrid.com/docs\"}]}");
  }
}
