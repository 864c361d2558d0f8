package dev.authmail.connector.ses;

import dev.authmail.connector.okhttp.testing.ApiPeer;
import dev.authmail.connector.tck.Fault;
import mockwebserver3.MockResponse;

/**
 * Amazon SES v2 (REST-JSON) on 127.0.0.1 (a JUnit extension): {@code SendEmail} answers 200 with a
 * MessageId and {@code GetAccount} answers an enabled account, unless an answer was enqueued.
 */
final class SesPeer extends ApiPeer {
  static final String SEND_PATH = "/v2/email/outbound-emails";
  static final String ACCOUNT_PATH = "/v2/email/account";
  static final String MESSAGE_ID = "0102018f-ses-message-id-000001";

  SesPeer() {
    super("SES", new Routes()
        .send("POST", SEND_PATH, json("{\"MessageId\":\"" + MESSAGE_ID + "\"}"))
        .answer("GET", ACCOUNT_PATH, json("{\"SendingEnabled\":true,\"ProductionAccessEnabled\":true,"
            + "\"SendQuota\":{\"Max24HourSend\":50000,\"MaxSendRate\":14,\"SentLast24Hours\":12}}"))
        .otherwise(new MockResponse.Builder().code(404).addHeader("x-amzn-ErrorType", "NotFoundException").body("{}").build()));
  }

  /** SES's answers: an unverified address, a bad token, throttling, an internal error, or no answer in time. */
  @Override
  public void arrangeFault(Fault fault) {
    switch (fault) {
      case REJECTED -> enqueueError(400, "MessageRejected", "Email address is not verified.");
      case AUTHENTICATION_FAILED -> enqueueError(403, "UnrecognizedClientException",
          "The security token included in the request is invalid.");
      case RATE_LIMITED -> enqueueError(429, "TooManyRequestsException", "Too many requests.");
      case UNAVAILABLE -> enqueueError(500, "InternalServiceErrorException", "Internal error.");
      case TIMEOUT -> enqueueSlow(4);
    }
  }

  /** Answers the next request with an SES error: the status, {@code x-amzn-ErrorType} and a JSON message. */
  void enqueueError(int status, String errorType, String message) {
    MockResponse.Builder b = new MockResponse.Builder().code(status)
        .addHeader("Content-Type", "application/json")
        .body("{\"message\":\"" + message + "\"}");
    if (errorType != null) {
      b.addHeader("x-amzn-ErrorType", errorType + ":http://internal.amazon.com/coral/com.amazonaws.sesv2/");
    }
    enqueue(b.build());
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }
}
