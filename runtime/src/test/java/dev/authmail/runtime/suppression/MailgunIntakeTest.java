package dev.authmail.runtime.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.suppression.SuppressionServer.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mailgun's signed webhooks into tenant {@code shop}'s list. Shapes: Mailgun's "Securing Webhooks"
 * (signature: timestamp, token, HMAC-SHA256 hex) and "Events" ({@code event-data} of {@code failed}
 * with {@code severity}, and {@code complained}).
 */
class MailgunIntakeTest {
  private static final String INTAKE = "/api/events/mailgun/shop/mg";
  private static final String SIGNING_KEY = "key-7f4a3b9c1d2e5f60718293a4b5c6d7e8";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  SuppressionServer api;

  @BeforeEach
  void start() throws Exception {
    api =
        new SuppressionServer(
            dir,
            "  shop: {email: [mg]}\n"
                + "connectors:\n"
                + "  mg:\n"
                + "    factory: mailgun-email\n"
                + "    config:\n"
                + "      domain: mg.example.com\n"
                + "      apiKey: key-api\n"
                + "      from: noreply@mg.example.com\n"
                + "      deliveries: {Generic: {subject: Code, html: '<p>{{code}}</p>'}}\n"
                + "      webhookSigningKey: "
                + SIGNING_KEY
                + "\n",
            SuppressionModule::create);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String hmac(String key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A webhook post as Mailgun sends it, signed with {@code key} at {@code timestamp}. */
  private static String webhook(Map<String, Object> eventData, String key, long timestamp)
      throws Exception {
    String token = UUID.randomUUID().toString().replace("-", "") + "0123456789abcdef01";
    String ts = Long.toString(timestamp);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "signature", Map.of("timestamp", ts, "token", token, "signature", hmac(key, ts + token)));
    body.put("event-data", eventData);
    return JSON.writeValueAsString(body);
  }

  private static Map<String, Object> failed(String recipient, String severity, String id) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("event", "failed");
    data.put("id", id);
    data.put("timestamp", 1521472262.908181);
    data.put("log-level", "error");
    data.put("severity", severity);
    data.put("reason", "permanent".equals(severity) ? "bounce" : "generic");
    data.put("recipient", recipient);
    data.put("recipient-domain", "example.com");
    data.put(
        "delivery-status",
        Map.of(
            "code",
            "permanent".equals(severity) ? 550 : 452,
            "message",
            "permanent".equals(severity)
                ? "5.1.1 The email account does not exist"
                : "mailbox full",
            "attempt-no",
            1));
    data.put("message", Map.of("headers", Map.of("message-id", "20130503182626.18666.16540@mg")));
    return data;
  }

  private static Map<String, Object> complained(String recipient, String id) {
    return Map.of(
        "event", "complained", "id", id, "timestamp", 1521472262.908181, "recipient", recipient);
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private Answer post(String body) {
    return api.post(INTAKE, body, Map.of());
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

  @Test
  void eachEventKindIsRecordedAsItsReason() throws Exception {
    Answer hard =
        post(webhook(failed("hard@example.com", "permanent", "G9Bn5sl1TC6"), SIGNING_KEY, now()));
    assertThat(hard.status()).as(hard.body()).isEqualTo(200);
    assertThat(hard.json().get("recorded").asInt()).isEqualTo(1);
    assertThat(
            post(webhook(
                    failed("soft@example.com", "temporary", "Ase7i2zsRYe"), SIGNING_KEY, now()))
                .status())
        .isEqualTo(200);
    assertThat(
            post(webhook(
                    complained("spam@example.com", "-Agny091SquKnsrW2NEKUA"), SIGNING_KEY, now()))
                .status())
        .isEqualTo(200);
    Answer delivered =
        post(
            webhook(
                Map.of("event", "delivered", "id", "W3X4JOhFT", "recipient", "ok@example.com"),
                SIGNING_KEY,
                now()));
    assertThat(delivered.json().get("recorded").asInt()).isZero();

    assertThat(entry("hard@example.com").get("reason").asText()).isEqualTo("hard-bounce");
    assertThat(entry("hard@example.com").get("source").asText()).isEqualTo("mailgun:mg");
    assertThat(entry("soft@example.com").get("reason").asText()).isEqualTo("soft-bounce");
    assertThat(entry("spam@example.com").get("reason").asText()).isEqualTo("complaint");
    assertThat(entry("ok@example.com")).isNull();
  }

  @Test
  void aReplayedTokenIsRefusedAndTheEventCountsOnce() throws Exception {
    String body =
        webhook(
            failed("once@example.com", "permanent", "czsjqFATSlC3QtAK-C80nw"), SIGNING_KEY, now());
    assertThat(post(body).json().get("recorded").asInt()).isEqualTo(1);
    Answer replay = post(body);
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.body()).contains("replayed");
    // the same event redelivered with a fresh token: believed, but counted once
    Answer redelivered =
        post(
            webhook(
                failed("once@example.com", "permanent", "czsjqFATSlC3QtAK-C80nw"),
                SIGNING_KEY,
                now()));
    assertThat(redelivered.status()).isEqualTo(200);
    assertThat(redelivered.json().get("recorded").asInt()).isZero();
    assertThat(entry("once@example.com").get("count").asInt()).isEqualTo(1);
  }

  @Test
  void forgedStaleAndUnsignedPostsAre401AndChangeNothing() throws Exception {
    Map<String, Object> victim = failed("victim@example.com", "permanent", "Zm9yZ2Vk");
    Answer forged = post(webhook(victim, "key-not-the-signing-key", now()));
    assertThat(forged.status()).isEqualTo(401);
    Answer stale = post(webhook(victim, SIGNING_KEY, now() - 3600));
    assertThat(stale.status()).isEqualTo(401);
    assertThat(stale.body()).contains("stale");
    Answer unsigned = post(JSON.writeValueAsString(Map.of("event-data", victim)));
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(entry("victim@example.com")).isNull();
    assertThat(
            api.call("GET", "/api/suppressions?tenant=shop", SuppressionServer.ADMIN, null)
                .json()
                .size())
        .isZero();
  }
}
