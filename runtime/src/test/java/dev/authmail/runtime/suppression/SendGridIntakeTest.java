package dev.authmail.runtime.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.runtime.suppression.SuppressionServer.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SendGrid's signed Event Webhook into tenant {@code shop}'s list: signed with a P-256 key pair
 * this test makes, its public half in the connector's {@code eventWebhookPublicKey} as SendGrid
 * shows it (base64 DER). Event shapes: Twilio SendGrid's "Event Webhook Reference".
 */
class SendGridIntakeTest {
  private static final String INTAKE = "/api/events/sendgrid/shop/sg";

  @TempDir Path dir;
  SuppressionServer api;
  KeyPair sendgrid;
  KeyPair forger;

  @BeforeEach
  void start() throws Exception {
    sendgrid = p256();
    forger = p256();
    String publicKey = Base64.getEncoder().encodeToString(sendgrid.getPublic().getEncoded());
    api =
        new SuppressionServer(
            dir,
            "  shop: {email: [sg, nokey]}\n"
                + "connectors:\n"
                + "  sg:\n"
                + "    factory: sendgrid\n"
                + "    config: {apiKey: SG.test, fromEmail: noreply@example.com,"
                + " eventWebhookPublicKey: \""
                + publicKey
                + "\"}\n"
                + "  nokey:\n"
                + "    factory: sendgrid\n"
                + "    config: {apiKey: SG.test, fromEmail: noreply@example.com}\n",
            SuppressionModule::create);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static KeyPair p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** Signs as SendGrid does: ECDSA with SHA-256 over the timestamp then the body, base64 DER. */
  private static Map<String, String> signed(String body, String timestamp, PrivateKey key)
      throws Exception {
    Signature signature = Signature.getInstance("SHA256withECDSA");
    signature.initSign(key);
    signature.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
    return Map.of(
        "X-Twilio-Email-Event-Webhook-Signature",
        Base64.getEncoder().encodeToString(signature.sign()),
        "X-Twilio-Email-Event-Webhook-Timestamp",
        timestamp);
  }

  private static String event(String email, String event, String id, String extra) {
    return "{\"email\":\""
        + email
        + "\",\"timestamp\":1513299569,\"smtp-id\":\"<14c5d75ce93.dfd.64b469@ismtpd-555>\","
        + "\"event\":\""
        + event
        + "\",\"category\":\"cat facts\",\"sg_event_id\":\""
        + id
        + "\",\"sg_message_id\":\"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0\""
        + extra
        + "}";
  }

  private Answer post(String body, Map<String, String> headers) {
    return api.post(INTAKE, body, headers);
  }

  private JsonNode entry(String address) {
    Answer a =
        api.call(
            "GET",
            "/api/suppressions/" + address.replace("@", "%40") + "?tenant=shop",
            SuppressionServer.ADMIN,
            null);
    return a.status() == 200 ? a.json() : null;
  }

  private int listSize() {
    return api.call("GET", "/api/suppressions?tenant=shop", SuppressionServer.ADMIN, null)
        .json()
        .size();
  }

  @Test
  void eachEventKindIsRecordedAsItsReasonAndOthersAreIgnored() throws Exception {
    String body =
        "["
            + event(
                "hard@example.com",
                "bounce",
                "ZGVsaXZlcmVkLTAtMjQ5NDc5NjYtZEtmOGY3UDFRV21Nb1FIM3RPMk5MUS0w",
                ",\"reason\":\"500 unknown recipient\",\"status\":\"5.0.0\",\"type\":\"bounce\"")
            + ","
            + event(
                "blocked@example.com",
                "bounce",
                "Ym91bmNlLTQtNTA0ODUxOTUtZXVvMmlLeGRTYXlQRjRZRTQtLUk3QS0w",
                ",\"reason\":\"550 blocked by policy\",\"status\":\"5.7.1\",\"type\":\"blocked\"")
            + ","
            + event(
                "dropped@example.com",
                "dropped",
                "ZHJvcHBlZC0xLTI0OTQ3OTY2LWRLZjhmN1AxUVdtTW9RSDN0TzJOTFEtMA",
                ",\"reason\":\"Bounced Address\",\"status\":\"5.0.0\"")
            + ","
            + event(
                "reported.before@example.com",
                "dropped",
                "ZHJvcHBlZC0yLTI0OTQ3OTY2LWRLZjhmN1AxUVdtTW9RSDN0TzJOTFEtMA",
                ",\"reason\":\"Spam Reporting Address\",\"status\":\"5.0.0\"")
            + ","
            + event(
                "unsubscribed@example.com",
                "dropped",
                "ZHJvcHBlZC0zLTI0OTQ3OTY2LWRLZjhmN1AxUVdtTW9RSDN0TzJOTFEtMA",
                ",\"reason\":\"Unsubscribed Address\",\"status\":\"5.0.0\"")
            + ","
            + event(
                "Spam.Reporter@Example.com",
                "spamreport",
                "c3BhbXJlcG9ydC0wLTI0OTQ3OTY2LWRLZjhmN1AxUVdtTW9RSDN0TzJOTFEtMA",
                "")
            + ","
            + event(
                "delivered@example.com",
                "delivered",
                "ZGVsaXZlcmVkLTEtMjQ5NDc5NjYtZEtmOGY3UDFRV21Nb1FIM3RPMk5MUS0w",
                ",\"response\":\"250 OK\"")
            + "]";

    Answer answer = post(body, signed(body, "1733450000", sendgrid.getPrivate()));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("recorded").asInt()).isEqualTo(5);
    assertThat(entry("hard@example.com").get("reason").asText()).isEqualTo("hard-bounce");
    assertThat(entry("hard@example.com").get("source").asText()).isEqualTo("sendgrid:sg");
    assertThat(entry("blocked@example.com").get("reason").asText()).isEqualTo("soft-bounce");
    assertThat(entry("blocked@example.com").get("blocks").asBoolean()).isFalse();
    assertThat(entry("dropped@example.com").get("reason").asText()).isEqualTo("hard-bounce");
    assertThat(entry("reported.before@example.com").get("reason").asText()).isEqualTo("complaint");
    assertThat(entry("spam.reporter@example.com").get("reason").asText()).isEqualTo("complaint");
    assertThat(entry("unsubscribed@example.com")).isNull();
    assertThat(entry("delivered@example.com")).isNull();
  }

  @Test
  void aReplayedPostCountsOnce() throws Exception {
    String body =
        "["
            + event(
                "once@example.com",
                "spamreport",
                "c3BhbXJlcG9ydC0xLTI0OTQ3OTY2LWRLZjhmN1AxUVdtTW9RSDN0TzJOTFEtMA",
                "")
            + "]";
    Map<String, String> headers = signed(body, "1733450001", sendgrid.getPrivate());
    assertThat(post(body, headers).json().get("recorded").asInt()).isEqualTo(1);
    Answer again = post(body, headers);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("recorded").asInt()).isZero();
    assertThat(entry("once@example.com").get("count").asInt()).isEqualTo(1);
  }

  @Test
  void forgedTamperedAndUnsignedPostsAre401AndChangeNothing() throws Exception {
    String body =
        "["
            + event(
                "victim@example.com",
                "bounce",
                "Zm9yZ2VkLTAtMjQ5NDc5NjYtZEtmOGY3UDFRV21Nb1FIM3RPMk5MUS0w",
                ",\"reason\":\"500 unknown recipient\",\"status\":\"5.0.0\",\"type\":\"bounce\"")
            + "]";
    Map<String, String> genuine = signed(body, "1733450002", sendgrid.getPrivate());
    String tampered = body.replace("victim@", "other@");
    Map<String, String> otherTimestamp =
        Map.of(
            "X-Twilio-Email-Event-Webhook-Signature",
            genuine.get("X-Twilio-Email-Event-Webhook-Signature"),
            "X-Twilio-Email-Event-Webhook-Timestamp",
            "1733450099");

    assertThat(post(body, signed(body, "1733450002", forger.getPrivate())).status()).isEqualTo(401);
    assertThat(post(tampered, genuine).status()).isEqualTo(401);
    assertThat(post(body, otherTimestamp).status()).isEqualTo(401);
    Answer unsigned = post(body, Map.of());
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(unsigned.body()).contains("X-Twilio-Email-Event-Webhook-Signature");
    // a connector without a verification key believes nothing
    Answer noKey = api.post("/api/events/sendgrid/shop/nokey", body, genuine);
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(noKey.body()).contains("eventWebhookPublicKey");
    assertThat(listSize()).isZero();

    // not a SendGrid connector of this tenant's chain
    assertThat(api.post("/api/events/sendgrid/default/sg", body, genuine).status()).isEqualTo(404);
    assertThat(api.post("/api/events/sendgrid/shop/logto-email", body, genuine).status())
        .isEqualTo(404);
    assertThat(listSize()).isZero();
  }
}
