package dev.authmail.runtime.suppression;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The recipients of an Amazon SES bounce or complaint notification (the {@code Message} of an SNS
 * notification): SES notifications carry {@code notificationType}, SES event publishing (a
 * configuration set) carries {@code eventType}; both have {@code bounce.bounceType} and {@code
 * bounce.bouncedRecipients[].emailAddress}, or {@code complaint.complainedRecipients[]}. A {@code
 * Permanent} bounce is a hard bounce; {@code Transient} and {@code Undetermined} are soft. Other
 * types (Delivery, Send, Open…) yield nothing. Stateless.
 */
final class SesEvents {
  /** One recipient's event. */
  record Event(String address, Reason reason) {}

  private SesEvents() {}

  /**
   * @throws IllegalArgumentException when the message is not JSON
   */
  static List<Event> parse(ObjectMapper mapper, String message) {
    JsonNode root;
    try {
      root = mapper.readTree(message);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the notification's Message is not JSON");
    }
    String type = root.path("notificationType").asText(root.path("eventType").asText(""));
    List<Event> events = new ArrayList<>();
    if ("Bounce".equals(type)) {
      Reason reason =
          "Permanent".equals(root.path("bounce").path("bounceType").asText())
              ? Reason.HARD_BOUNCE
              : Reason.SOFT_BOUNCE;
      root.path("bounce")
          .path("bouncedRecipients")
          .forEach(r -> add(events, r.path("emailAddress").asText(null), reason));
    } else if ("Complaint".equals(type)) {
      root.path("complaint")
          .path("complainedRecipients")
          .forEach(r -> add(events, r.path("emailAddress").asText(null), Reason.COMPLAINT));
    }
    return events;
  }

  private static void add(List<Event> events, String address, Reason reason) {
    if (address != null && !address.isBlank()) {
      events.add(new Event(address, reason));
    }
  }
}
