package dev.authmail.runtime.suppression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.runtime.api.ApiErrors;
import dev.authmail.runtime.api.ApiJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * SendGrid's Event Webhook with signed events (Twilio SendGrid: "Getting Started with the Event
 * Webhook Security Features"): an ECDSA P-256 signature, base64 in {@value #SIGNATURE}, over the
 * timestamp header {@value #TIMESTAMP} followed by the raw body, checked with the connector's
 * {@code eventWebhookPublicKey}. The body is a JSON array of events ("Event Webhook Reference"):
 * {@code bounce} of {@code type} {@code bounce} (or none) is a hard bounce, of {@code type} {@code
 * blocked} a soft one; {@code dropped} because of a {@code Bounced Address} is a hard bounce, of a
 * {@code Spam Reporting Address} a complaint; {@code spamreport} is a complaint; the rest is
 * ignored. Ids are {@code sg_event_id}. A replayed request re-records nothing (the ids were seen),
 * so the timestamp's age is not limited: SendGrid retries a failed post for up to 72 hours.
 * Thread-safe.
 */
final class SendGridIntake implements EventIntake {
  static final String FACTORY = "sendgrid-email-service";

  /** Declared, with its form item, by the SendGrid connector's spec (connector-sendgrid). */
  static final String KEY = "eventWebhookPublicKey";

  static final String SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature";
  static final String TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";

  @Override
  public String provider() {
    return "sendgrid";
  }

  @Override
  public String factoryId() {
    return FACTORY;
  }

  @Override
  public String summary() {
    return "SendGrid bounces, blocks, drops and spam reports from its signed Event Webhook";
  }

  @Override
  public String description() {
    return "Set this URL as the Event Webhook's Post URL, turn on Signed Event Webhook Requests and"
        + " copy the verification key into the connector's eventWebhookPublicKey. Each post is"
        + " believed only when its ECDSA signature (X-Twilio-Email-Event-Webhook-Signature over"
        + " X-Twilio-Email-Event-Webhook-Timestamp followed by the body) verifies with that key.";
  }

  @Override
  public Received receive(Request request) throws Rejected {
    String base64Key =
        request
            .config()
            .string(KEY)
            .orElseThrow(
                () ->
                    new Rejected(
                        "the connector has no "
                            + KEY
                            + "; set it to the Signed Event Webhook's verification key"));
    String signature = request.http().header(SIGNATURE);
    String timestamp = request.http().header(TIMESTAMP);
    if (signature == null || timestamp == null) {
      throw new Rejected("unsigned: " + SIGNATURE + " and " + TIMESTAMP + " are required");
    }
    byte[] body = request.http().bodyBytes();
    if (!verifies(base64Key, signature, timestamp, body)) {
      throw new Rejected("the signature does not match the timestamp and body");
    }
    JsonNode events;
    try {
      events = ApiJson.mapper().readTree(body);
    } catch (IOException e) {
      throw ApiErrors.invalidInput("The SendGrid event post is not JSON.");
    }
    if (events == null || !events.isArray()) {
      throw ApiErrors.invalidInput("The SendGrid event post must be a JSON array of events.");
    }
    return new Received("events", parse(events));
  }

  static boolean verifies(String base64Key, String signature, String timestamp, byte[] body) {
    try {
      PublicKey key =
          KeyFactory.getInstance("EC")
              .generatePublic(
                  new X509EncodedKeySpec(Base64.getDecoder().decode(base64Key.strip())));
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key);
      verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
      verifier.update(body);
      return verifier.verify(Base64.getDecoder().decode(signature.strip()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  static List<ProviderEvent> parse(JsonNode events) {
    List<ProviderEvent> out = new ArrayList<>();
    for (JsonNode event : events) {
      Reason reason = reason(event);
      String address = event.path("email").asText("");
      if (reason != null && !address.isBlank()) {
        String id = event.path("sg_event_id").asText("");
        out.add(new ProviderEvent(address, reason, id.isEmpty() ? null : "sendgrid:" + id));
      }
    }
    return out;
  }

  private static Reason reason(JsonNode event) {
    return switch (event.path("event").asText("")) {
      case "bounce" ->
          "blocked".equals(event.path("type").asText("")) ? Reason.SOFT_BOUNCE : Reason.HARD_BOUNCE;
      case "dropped" ->
          switch (event.path("reason").asText("")) {
            case "Bounced Address" -> Reason.HARD_BOUNCE;
            case "Spam Reporting Address" -> Reason.COMPLAINT;
            default -> null; // unsubscribed, invalid header, spam content: not the address's fault
          };
      case "spamreport" -> Reason.COMPLAINT;
      default -> null;
    };
  }
}
