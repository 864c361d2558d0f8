package dev.authmail.connector.ses;

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
 * Amazon SES v2 (REST-JSON) on 127.0.0.1 (a JUnit extension): {@code SendEmail} answers 200 with a
 * MessageId and {@code GetAccount} answers an enabled account, unless an answer was enqueued.
 */
final class SesPeer extends ApiPeer {
  static final String SEND_PATH = "/v2/email/outbound-emails";
  static final String ACCOUNT_PATH = "/v2/email/account";
  static final String MESSAGE_ID = "0102018f-ses-message-id-000001";

  /** The access key id of the contract test's config. */
  static final String ACCESS_KEY_ID = "AKIDTCKEXAMPLE";

  private static final ObjectMapper JSON = new ObjectMapper();

  SesPeer() {
    super(
        "SES",
        new Routes()
            .send("POST", SEND_PATH, json("{\"MessageId\":\"" + MESSAGE_ID + "\"}"))
            .answer(
                "GET",
                ACCOUNT_PATH,
                json(
                    "{\"SendingEnabled\":true,\"ProductionAccessEnabled\":true,"
                        + "\"SendQuota\":{\"Max24HourSend\":50000,\"MaxSendRate\":14,"
                        + "\"SentLast24Hours\":12}}"))
            .otherwise(
                new MockResponse.Builder()
                    .code(404)
                    .addHeader("x-amzn-ErrorType", "NotFoundException")
                    .body("{}")
                    .build()));
  }

  /**
   * A SendEmail body as SES v2 reads it ({@code FromEmailAddress}, {@code Destination.ToAddresses},
   * {@code ReplyToAddresses}, {@code Content.Simple} with its subject, bodies and INLINE {@code
   * Attachments}). Credentials: a SigV4 {@code Authorization} header for the contract test's access
   * key id with a signature (the peer does not recompute the signature).
   */
  @Override
  protected ReceivedEmail decode(RecordedRequest request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody().utf8());
    } catch (IOException e) {
      throw new AssertionError("the SendEmail body is not JSON", e);
    }
    String authorization = request.getHeaders().get("Authorization");
    JsonNode simple = body.path("Content").path("Simple");
    ReceivedEmail.Builder received =
        ReceivedEmail.builder()
            .credentialsValid(
                authorization != null
                    && authorization.startsWith(
                        "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/")
                    && authorization.contains("Signature="))
            .to(body.path("Destination").path("ToAddresses").path(0).asText(null))
            .from(address(body.path("FromEmailAddress").asText(null)))
            .replyTo(body.path("ReplyToAddresses").path(0).asText(null))
            .subject(simple.path("Subject").path("Data").asText(null))
            .html(simple.path("Body").path("Html").path("Data").asText(null))
            .text(simple.path("Body").path("Text").path("Data").asText(null));
    for (JsonNode attachment : simple.path("Attachments")) {
      if ("INLINE".equals(attachment.path("ContentDisposition").asText())) {
        received.inlineImage(
            attachment.path("ContentId").asText(),
            Base64.getDecoder().decode(attachment.path("RawContent").asText()));
      }
    }
    return received.build();
  }

  /** {@code Name <a@b>} → {@code a@b}. */
  private static String address(String mailbox) {
    if (mailbox == null) {
      return null;
    }
    int open = mailbox.lastIndexOf('<');
    return open < 0 ? mailbox : mailbox.substring(open + 1, mailbox.indexOf('>', open));
  }

  /**
   * SES's answers: an unverified address, a bad token, throttling, an internal error, or no answer
   * in time.
   */
  @Override
  public void arrangeFault(Fault fault) {
    switch (fault) {
      case REJECTED -> enqueueError(400, "MessageRejected", "Email address is not verified.");
      case AUTHENTICATION_FAILED ->
          enqueueError(
              403,
              "UnrecognizedClientException",
              "The security token included in the request is invalid.");
      case RATE_LIMITED -> enqueueError(429, "TooManyRequestsException", "Too many requests.");
      case UNAVAILABLE -> enqueueError(500, "InternalServiceErrorException", "Internal error.");
      case TIMEOUT -> enqueueSlow(4);
    }
  }

  /**
   * Answers the next request with an SES error: the status, {@code x-amzn-ErrorType} and a JSON
   * message.
   */
  void enqueueError(int status, String errorType, String message) {
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(status)
            .addHeader("Content-Type", "application/json")
            .body("{\"message\":\"" + message + "\"}");
    if (errorType != null) {
      b.addHeader(
          "x-amzn-ErrorType", errorType + ":http://internal.amazon.com/coral/com.amazonaws.sesv2/");
    }
    enqueue(b.build());
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
