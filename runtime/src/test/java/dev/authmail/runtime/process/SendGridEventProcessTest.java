package dev.authmail.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code authmail serve} in its own JVM takes a SendGrid Event Webhook post signed with a P-256 key
 * this test makes (its public half in the connector's {@code eventWebhookPublicKey}); then a send
 * to the bounced address is refused with 422 {@code recipient.suppressed}. A forged post gets 401
 * and leaves the list unchanged; a replay counts once. Event shape: Twilio SendGrid's "Event
 * Webhook Reference"; signing: "Getting Started with the Event Webhook Security Features".
 */
class SendGridEventProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  @TempDir Path dir;
  private KeyPair sendgrid;
  private ServeProcess node;

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    sendgrid = generator.generateKeyPair();
    Path config =
        Files.writeString(
            dir.resolve("authmail.yaml"),
            """
            tenants:
              default: {email: [sg]}
            connectors:
              sg:
                factory: sendgrid
                config:
                  apiKey: SG.process-test
                  fromEmail: noreply@example.com
                  eventWebhookPublicKey: "%s"
            """
                .formatted(Base64.getEncoder().encodeToString(sendgrid.getPublic().getEncoded())));
    node =
        ServeProcess.start(config, Files.createDirectories(dir.resolve("data")), "sendgrid-event");
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aSignedBounceSuppressesAndAForgedPostIsRefused() throws Exception {
    String bounce =
        "[{\"email\":\"Gone@Example.com\",\"timestamp\":1733450000,"
            + "\"smtp-id\":\"<14c5d75ce93.dfd.64b469@ismtpd-555>\",\"event\":\"bounce\","
            + "\"category\":\"cat facts\",\"sg_event_id\":\"6g4ZI7SA-xmRDv57GoPIPw==\","
            + "\"sg_message_id\":\"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0\","
            + "\"reason\":\"500 unknown recipient\",\"status\":\"5.0.0\",\"type\":\"bounce\"}]";
    Map<String, String> headers = signed(bounce, "1733450000", sendgrid.getPrivate());

    HttpResponse<String> first = post(bounce, headers);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(JSON.readTree(first.body()).get("recorded").asInt()).isEqualTo(1);
    HttpResponse<String> replay = post(bounce, headers);
    assertThat(JSON.readTree(replay.body()).get("recorded").asInt()).isZero();

    HttpResponse<String> refused =
        api(
            "POST",
            "/api/messages",
            "{\"to\":\"gone@example.com\",\"type\":\"SignIn\",\"payload\":{\"code\":\"123456\"}}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(JSON.readTree(refused.body()).get("code").asText())
        .isEqualTo("recipient.suppressed");

    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    String forged = bounce.replace("Gone@Example.com", "victim@example.com");
    assertThat(
            post(forged, signed(forged, "1733450001", generator.generateKeyPair().getPrivate()))
                .statusCode())
        .isEqualTo(401);
    assertThat(post(forged, headers).statusCode()).isEqualTo(401);

    JsonNode list = JSON.readTree(api("GET", "/api/suppressions", null).body());
    assertThat(list.size()).isEqualTo(1);
    assertThat(list.get(0).get("address").asText()).isEqualTo("gone@example.com");
    assertThat(list.get(0).get("source").asText()).isEqualTo("sendgrid:sg");
    assertThat(list.get(0).get("count").asInt()).isEqualTo(1);
  }

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

  private HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url() + "/api/events/sendgrid/default/sg"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> api(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + ServeProcess.ADMIN_KEY)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
