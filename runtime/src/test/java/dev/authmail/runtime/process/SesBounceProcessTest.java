package dev.authmail.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's process test: {@code authmail serve} in its own JVM receives an SES bounce through an
 * SNS-style notification signed with a certificate this test makes ({@code keytool}) and serves on
 * 127.0.0.1 (the SNS origin restriction opened to it through {@code AUTHMAIL_SNS_ORIGINS}); then a
 * send to that address is refused with 422 {@code recipient.suppressed}. Forged and unsigned
 * notifications get 401 and leave the list unchanged. Message shapes: AWS's "Amazon SNS message and
 * JSON formats" and "Amazon SES notification contents" pages.
 */
class SesBounceProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:ses-bounces";

  @TempDir Path dir;
  private HttpServer certServer;
  private final AtomicInteger confirmations = new AtomicInteger();
  private PrivateKey key;
  private PrivateKey otherKey;
  private String certUrl;
  private ServeProcess node;

  @BeforeEach
  void start() throws Exception {
    KeyStore.PrivateKeyEntry signer = keyPair("sns");
    KeyStore.PrivateKeyEntry other = keyPair("forger");
    key = signer.getPrivateKey();
    otherKey = other.getPrivateKey();
    byte[] pem =
        ("-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(((X509Certificate) signer.getCertificate()).getEncoded())
                + "\n-----END CERTIFICATE-----\n")
            .getBytes(StandardCharsets.US_ASCII);
    certServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    certServer.createContext(
        "/SimpleNotificationService-test.pem",
        exchange -> {
          exchange.sendResponseHeaders(200, pem.length);
          exchange.getResponseBody().write(pem);
          exchange.close();
        });
    certServer.createContext(
        "/confirm",
        exchange -> {
          confirmations.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    certServer.start();
    certUrl =
        "http://127.0.0.1:"
            + certServer.getAddress().getPort()
            + "/SimpleNotificationService-test.pem";

    Path config =
        Files.writeString(
            dir.resolve("authmail.yaml"),
            """
            tenants:
              default: {email: [aws]}
            connectors:
              aws:
                factory: ses
                config:
                  region: us-east-1
                  emailAddress: noreply@example.com
                  accessKeyId: AKIAIOSFODNN7EXAMPLE
                  accessKeySecret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                  templates:
                    - {usageType: Generic, subject: "Code {{code}}", content: "<p>{{code}}</p>"}
                    - {usageType: SignIn, subject: "Code {{code}}", content: "<p>{{code}}</p>"}
                    - {usageType: Register, subject: "Code {{code}}", content: "<p>{{code}}</p>"}
                    - {usageType: ForgotPassword, subject: "Code {{code}}",
                       content: "<p>{{code}}</p>"}
            """);
    Path data = Files.createDirectories(dir.resolve("data"));
    node =
        ServeProcess.start(
            config,
            data,
            "ses-bounce",
            Map.of("AUTHMAIL_SNS_ORIGINS", "http://127\\.0\\.0\\.1:\\d+"));
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (certServer != null) {
      certServer.stop(0);
    }
  }

  @Test
  void aSignedPermanentBounceSuppressesAndAForgedOneIsRefused() throws Exception {
    String intake = "/api/events/ses/default/aws";

    // the subscription: confirmed by calling SubscribeURL (signature version 2)
    Map<String, String> confirmation =
        sns(
            "SubscriptionConfirmation",
            "2",
            "You have chosen to subscribe to the topic "
                + TOPIC
                + ".\nTo confirm the subscription, visit the SubscribeURL.");
    confirmation.put("Token", "2336412f37fb687f5d51e6e2425dacbba");
    confirmation.put(
        "SubscribeURL",
        "http://127.0.0.1:"
            + certServer.getAddress().getPort()
            + "/confirm?Action=ConfirmSubscription&TopicArn="
            + TOPIC
            + "&Token=2336412f37fb687f5d51e6e2425dacbba");
    HttpResponse<String> confirmed = post(intake, signed(confirmation, key));
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    assertThat(confirmations.get()).isEqualTo(1);
    assertThat(JSON.readTree(api("GET", intake + "/topic", null).body()).get("topicArn").asText())
        .isEqualTo(TOPIC);

    // an SES permanent bounce (signature version 1), delivered twice: counted once
    Map<String, String> bounce =
        signed(sns("Notification", "1", sesBounce("Bounced.User@Example.COM", "Permanent")), key);
    HttpResponse<String> first = post(intake, bounce);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(JSON.readTree(first.body()).get("recorded").asInt()).isEqualTo(1);
    assertThat(JSON.readTree(post(intake, bounce).body()).get("recorded").asInt()).isZero();

    HttpResponse<String> refused =
        api(
            "POST",
            "/api/messages",
            JSON.writeValueAsString(
                Map.of(
                    "to",
                    "bounced.user@example.com",
                    "type",
                    "SignIn",
                    "payload",
                    Map.of("code", "123456"))));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    JsonNode error = JSON.readTree(refused.body());
    assertThat(error.get("code").asText()).isEqualTo("recipient.suppressed");
    assertThat(error.get("details").get(0).get("message").asText()).isEqualTo("hard-bounce");

    String listBefore = api("GET", "/api/suppressions", null).body();
    assertThat(JSON.readTree(listBefore).size()).isEqualTo(1);
    assertThat(JSON.readTree(listBefore).get(0).get("source").asText()).isEqualTo("ses:aws");
    assertThat(JSON.readTree(listBefore).get(0).get("count").asInt()).isEqualTo(1);

    // forged: signed with another key; tampered: a signed message with another recipient; unsigned;
    // a certificate from a host that is not SNS's
    Map<String, String> forged =
        signed(sns("Notification", "1", sesBounce("victim@example.com", "Permanent")), otherKey);
    Map<String, String> tampered = new LinkedHashMap<>(bounce);
    tampered.put("Message", sesBounce("victim@example.com", "Permanent"));
    Map<String, String> unsigned =
        sns("Notification", "1", sesBounce("victim@example.com", "Permanent"));
    Map<String, String> elsewhere =
        sns("Notification", "2", sesBounce("victim@example.com", "Permanent"));
    elsewhere.put("SigningCertURL", "https://sns.us-east-1.amazonaws.com.evil.example/cert.pem");
    elsewhere = signed(elsewhere, key);
    // validly signed by SNS, but from another account's topic than the one this intake confirmed
    Map<String, String> otherTopic =
        sns("Notification", "1", sesBounce("victim@example.com", "Permanent"));
    otherTopic.put("TopicArn", "arn:aws:sns:us-east-1:999999999999:someone-else");
    otherTopic = signed(otherTopic, key);
    Map<String, String> otherSubscription = new LinkedHashMap<>(confirmation);
    otherSubscription.put("TopicArn", "arn:aws:sns:us-east-1:999999999999:someone-else");
    otherSubscription = signed(otherSubscription, key);
    for (Map<String, String> bad :
        List.of(forged, tampered, unsigned, elsewhere, otherTopic, otherSubscription)) {
      HttpResponse<String> answer = post(intake, bad);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
    }
    // a soft bounce is recorded, not suppressed
    HttpResponse<String> soft =
        post(
            intake,
            signed(
                sns("Notification", "2", sesBounce("full.mailbox@example.com", "Transient")), key));
    assertThat(soft.statusCode()).isEqualTo(200);
    assertThat(
            api(
                    "POST",
                    "/api/messages",
                    JSON.writeValueAsString(
                        Map.of(
                            "to",
                            "full.mailbox@example.com",
                            "type",
                            "SignIn",
                            "payload",
                            Map.of("code", "123456"))))
                .statusCode())
        .isEqualTo(202);
    JsonNode after = JSON.readTree(api("GET", "/api/suppressions?reason=hard-bounce", null).body());
    assertThat(after.size()).isEqualTo(1);
    assertThat(after.get(0).get("address").asText()).isEqualTo("bounced.user@example.com");
    assertThat(api("GET", "/api/suppressions/victim%40example.com", null).statusCode())
        .isEqualTo(404);
    assertThat(confirmations.get()).isEqualTo(1);

    // a connector that is not the tenant's SES connector
    assertThat(post("/api/events/ses/default/other", bounce).statusCode()).isEqualTo(404);
  }

  /** An SES bounce notification's Message (AWS: "Amazon SES notification examples"). */
  private static String sesBounce(String recipient, String bounceType) throws IOException {
    return JSON.writeValueAsString(
        Map.of(
            "notificationType", "Bounce",
            "bounce",
                Map.of(
                    "bounceType",
                    bounceType,
                    "bounceSubType",
                    "General",
                    "bouncedRecipients",
                    List.of(
                        Map.of(
                            "emailAddress",
                            recipient,
                            "action",
                            "failed",
                            "status",
                            "5.1.1",
                            "diagnosticCode",
                            "smtp; 550 5.1.1 user unknown")),
                    "timestamp",
                    "2026-12-06T02:00:00.000Z",
                    "feedbackId",
                    "0100015e1234abcd-example-000000",
                    "reportingMTA",
                    "dsn; a27-23.smtp-out.us-east-1.amazonses.com"),
            "mail",
                Map.of(
                    "timestamp",
                    "2026-12-06T01:59:59.000Z",
                    "source",
                    "noreply@example.com",
                    "messageId",
                    "0100015e1234abcd-example-000001",
                    "destination",
                    List.of(recipient))));
  }

  private Map<String, String> sns(String type, String version, String message) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Type", type);
    m.put("MessageId", UUID.randomUUID().toString());
    m.put("TopicArn", TOPIC);
    m.put("Message", message);
    m.put("Timestamp", "2026-12-06T02:00:01.000Z");
    m.put("SignatureVersion", version);
    m.put("SigningCertURL", certUrl);
    return m;
  }

  /**
   * Signs as SNS does: the fields in name order as "name\nvalue\n", SHA1 (v1) or SHA256 (v2) with
   * RSA.
   */
  private static Map<String, String> signed(Map<String, String> m, PrivateKey with)
      throws Exception {
    StringBuilder text = new StringBuilder();
    List<String> names =
        "Notification".equals(m.get("Type"))
            ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
            : List.of(
                "Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
    for (String name : names) {
      if (m.containsKey(name)) {
        text.append(name).append('\n').append(m.get(name)).append('\n');
      }
    }
    Signature signature =
        Signature.getInstance(
            "1".equals(m.get("SignatureVersion")) ? "SHA1withRSA" : "SHA256withRSA");
    signature.initSign(with);
    signature.update(text.toString().getBytes(StandardCharsets.UTF_8));
    Map<String, String> out = new LinkedHashMap<>(m);
    out.put("Signature", Base64.getEncoder().encodeToString(signature.sign()));
    return out;
  }

  private KeyStore.PrivateKeyEntry keyPair(String alias) throws Exception {
    Path store = dir.resolve(alias + ".p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=sns.amazonaws.com",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue())
        .as(new String(keytool.getInputStream().readAllBytes()))
        .isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    return (KeyStore.PrivateKeyEntry)
        ks.getEntry(alias, new KeyStore.PasswordProtection("changeit".toCharArray()));
  }

  private HttpResponse<String> post(String path, Map<String, String> snsMessage) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "text/plain; charset=UTF-8")
            .header("x-amz-sns-message-type", snsMessage.get("Type"))
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(snsMessage)))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
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
