package dev.authmail.runtime.suppression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.runtime.api.ApiErrors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's webhooks (Mailgun: "Securing Webhooks", "Events"): the body's {@code signature} holds
 * {@code timestamp}, {@code token} and {@code signature}, the hex HMAC-SHA256 of timestamp + token
 * under the connector's {@code webhookSigningKey}. A timestamp more than {@link #MAX_AGE} from now
 * is refused, and so is a token seen before (Mailgun's advice against replays). {@code event-data}
 * of event {@code failed} with {@code severity} {@code permanent} is a hard bounce, {@code
 * temporary} a soft one; {@code complained} is a complaint; other events are ignored. The event's
 * id is {@code event-data.id}. Thread-safe.
 */
final class MailgunIntake implements EventIntake {
  static final String FACTORY = "mailgun-email";

  /** Declared, secret, by the Mailgun connector's spec (connector-mailgun). */
  static final String KEY = "webhookSigningKey";

  static final Duration MAX_AGE = Duration.ofMinutes(5);

  private final SuppressionList list;
  private final Clock clock;

  MailgunIntake(SuppressionList list, Clock clock) {
    this.list = Objects.requireNonNull(list, "list is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  @Override
  public String provider() {
    return "mailgun";
  }

  @Override
  public String factoryId() {
    return FACTORY;
  }

  @Override
  public String summary() {
    return "Mailgun permanent and temporary failures and complaints from its signed webhooks";
  }

  @Override
  public String description() {
    return "Add this URL as the domain's webhook for Permanent Failure, Temporary Failure and Spam"
        + " Complaints, and put the HTTP webhook signing key in the connector's"
        + " webhookSigningKey. A post is believed when signature.signature is the HMAC-SHA256 of"
        + " signature.timestamp + signature.token, the timestamp is within 5 minutes of now, and"
        + " the token was not seen before.";
  }

  @Override
  public Received receive(Request request) throws Rejected {
    String key =
        request
            .config()
            .string(KEY)
            .orElseThrow(
                () ->
                    new Rejected(
                        "the connector has no "
                            + KEY
                            + "; set it to Mailgun's HTTP webhook signing key"));
    JsonNode body = request.http().body();
    JsonNode signature = body.path("signature");
    String timestamp = signature.path("timestamp").asText("");
    String token = signature.path("token").asText("");
    String hmac = signature.path("signature").asText("");
    if (timestamp.isEmpty() || token.isEmpty() || hmac.isEmpty()) {
      throw new Rejected("unsigned: signature.timestamp, .token and .signature are required");
    }
    if (!MessageDigest.isEqual(
        hmac(key, timestamp + token).getBytes(StandardCharsets.US_ASCII),
        hmac.getBytes(StandardCharsets.US_ASCII))) {
      throw new Rejected("the signature does not match the timestamp and token");
    }
    long age;
    try {
      age = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
    } catch (NumberFormatException e) {
      throw new Rejected("signature.timestamp is not a number of seconds");
    }
    if (age > MAX_AGE.toSeconds()) {
      throw new Rejected("stale: the timestamp is more than 5 minutes from now");
    }
    if (!list.claimOnce(request.tenant(), "mailgun-token:" + token)) {
      throw new Rejected("replayed: this token was seen before");
    }
    JsonNode data = body.path("event-data");
    if (!data.isObject()) {
      throw ApiErrors.invalidInput("The Mailgun webhook has no event-data object.");
    }
    String event = data.path("event").asText("");
    Reason reason =
        switch (event) {
          case "failed" ->
              "permanent".equals(data.path("severity").asText(""))
                  ? Reason.HARD_BOUNCE
                  : Reason.SOFT_BOUNCE;
          case "complained" -> Reason.COMPLAINT;
          default -> null;
        };
    String recipient = data.path("recipient").asText("");
    if (reason == null || recipient.isBlank()) {
      return new Received(event, List.of());
    }
    String id = data.path("id").asText("");
    return new Received(
        event,
        List.of(new ProviderEvent(recipient, reason, id.isEmpty() ? null : "mailgun:" + id)));
  }

  private static String hmac(String key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
