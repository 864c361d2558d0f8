package dev.authmail.runtime.suppression;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An Amazon SNS HTTP(S) message (Notification, SubscriptionConfirmation or UnsubscribeConfirmation)
 * as SNS posts it, and the text its signature covers.
 *
 * <p>The signed text is the listed fields as {@code name\nvalue\n} in byte order of the names;
 * {@code Subject} only when present; a confirmation signs {@code SubscribeURL} and {@code Token}
 * instead of {@code Subject} (AWS: "Verifying the signatures of Amazon SNS messages").
 */
record SnsMessage(
    String type,
    String messageId,
    String topicArn,
    String subject,
    String message,
    String timestamp,
    String token,
    String subscribeUrl,
    String signatureVersion,
    String signature,
    String signingCertUrl) {
  static final String NOTIFICATION = "Notification";
  static final String SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation";
  static final String UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation";

  /**
   * The message in {@code json}.
   *
   * @throws IllegalArgumentException naming the first missing field
   */
  static SnsMessage parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("not an SNS message: expected a JSON object");
    }
    SnsMessage m =
        new SnsMessage(
            text(json, "Type"),
            text(json, "MessageId"),
            text(json, "TopicArn"),
            text(json, "Subject"),
            text(json, "Message"),
            text(json, "Timestamp"),
            text(json, "Token"),
            text(json, "SubscribeURL"),
            text(json, "SignatureVersion"),
            text(json, "Signature"),
            text(json, "SigningCertURL"));
    require(m.type, "Type");
    require(m.messageId, "MessageId");
    require(m.topicArn, "TopicArn");
    require(m.message, "Message");
    require(m.timestamp, "Timestamp");
    require(m.signatureVersion, "SignatureVersion");
    require(m.signature, "Signature");
    require(m.signingCertUrl, "SigningCertURL");
    if (!NOTIFICATION.equals(m.type)) {
      require(m.subscribeUrl, "SubscribeURL");
      require(m.token, "Token");
    }
    return m;
  }

  /** The text the signature covers. */
  String stringToSign() {
    StringBuilder s = new StringBuilder();
    field(s, "Message", message);
    field(s, "MessageId", messageId);
    if (NOTIFICATION.equals(type)) {
      if (subject != null) {
        field(s, "Subject", subject);
      }
    } else {
      field(s, "SubscribeURL", subscribeUrl);
    }
    field(s, "Timestamp", timestamp);
    if (!NOTIFICATION.equals(type)) {
      field(s, "Token", token);
    }
    field(s, "TopicArn", topicArn);
    field(s, "Type", type);
    return s.toString();
  }

  private static void field(StringBuilder s, String name, String value) {
    s.append(name).append('\n').append(value).append('\n');
  }

  private static String text(JsonNode json, String name) {
    JsonNode node = json.get(name);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static void require(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("not an SNS message: " + name + " is missing");
    }
  }

  @Override
  public String toString() {
    return "SnsMessage[" + type + " " + messageId + "]";
  }
}
