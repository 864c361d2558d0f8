package dev.authmail.runtime.suppression;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * Postmark's Bounce and Spam Complaint webhooks (Postmark: "Bounce webhook", "Spam complaint
 * webhook"). Postmark does not sign them, so a post is believed when it carries the connector's
 * {@code webhookSecret}: as the basic-auth password (Postmark sends the credentials of a URL like
 * {@code https://user:secret@host/…}) or as the last path segment. {@code RecordType} {@code
 * Bounce} of {@code Type} {@code HardBounce} is a hard bounce, of any other type a soft one; {@code
 * SpamComplaint} is a complaint; other record types are ignored. The event's id is {@code ID}.
 * Thread-safe.
 */
final class PostmarkIntake implements EventIntake {
  static final String FACTORY = "postmark-mail";

  /** Declared, secret, by the Postmark connector's spec (connector-postmark). */
  static final String KEY = "webhookSecret";

  @Override
  public String provider() {
    return "postmark";
  }

  @Override
  public String factoryId() {
    return FACTORY;
  }

  @Override
  public boolean takesSecretPath() {
    return true;
  }

  @Override
  public String summary() {
    return "Postmark bounces and spam complaints, authenticated by the connector's webhookSecret";
  }

  @Override
  public String description() {
    return "Add a Bounce and a Spam Complaint webhook in the message stream with this URL and the"
        + " connector's webhookSecret as basic-auth password (any user name), or append the"
        + " secret as the last path segment. Postmark does not sign webhooks: the secret is what"
        + " is believed.";
  }

  @Override
  public Received receive(Request request) throws Rejected {
    String secret =
        request
            .config()
            .string(KEY)
            .filter(s -> !s.isEmpty())
            .orElseThrow(
                () ->
                    new Rejected(
                        "the connector has no " + KEY + "; set one and put it in the webhook URL"));
    String offered =
        request.pathSecret() != null
            ? request.pathSecret()
            : basicPassword(request.http().header("Authorization"));
    if (offered == null
        || !MessageDigest.isEqual(
            offered.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
      throw new Rejected(
          offered == null
              ? "no credentials: send the webhook secret as basic-auth password or path segment"
              : "the webhook secret does not match");
    }
    JsonNode body = request.http().body();
    String type = body.path("RecordType").asText("");
    Reason reason =
        switch (type) {
          case "Bounce" ->
              "HardBounce".equals(body.path("Type").asText(""))
                  ? Reason.HARD_BOUNCE
                  : Reason.SOFT_BOUNCE;
          case "SpamComplaint" -> Reason.COMPLAINT;
          default -> null;
        };
    String email = body.path("Email").asText("");
    if (reason == null || email.isBlank()) {
      return new Received(type, List.of());
    }
    String id = body.path("ID").asText("");
    return new Received(
        type, List.of(new ProviderEvent(email, reason, id.isEmpty() ? null : "postmark:" + id)));
  }

  /** The password of a {@code Basic} Authorization header, or {@code null}. */
  private static String basicPassword(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
