package dev.authmail.runtime.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.runtime.suppression.SuppressionServer.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postmark's Bounce and Spam Complaint webhooks into tenant {@code shop}'s list, authenticated by
 * the connector's {@code webhookSecret} as basic-auth password or path segment. Shapes: Postmark's
 * "Bounce webhook" and "Spam complaint webhook" pages.
 */
class PostmarkIntakeTest {
  private static final String INTAKE = "/api/events/postmark/shop/pm";
  private static final String SECRET = "s3cr3t-path-0f-the-webh00k";

  @TempDir Path dir;
  SuppressionServer api;

  @BeforeEach
  void start() throws Exception {
    api =
        new SuppressionServer(
            dir,
            "  shop: {email: [pm]}\n"
                + "connectors:\n"
                + "  pm:\n"
                + "    factory: postmark-mail\n"
                + "    config:\n"
                + "      serverToken: server-token\n"
                + "      fromEmail: noreply@example.com\n"
                + "      templates:\n"
                + "        - {usageType: Generic, templateAlias: code}\n"
                + "        - {usageType: SignIn, templateAlias: code}\n"
                + "        - {usageType: Register, templateAlias: code}\n"
                + "        - {usageType: ForgotPassword, templateAlias: code}\n"
                + "      webhookSecret: "
                + SECRET
                + "\n",
            SuppressionModule::create);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String bounce(String email, String type, long id) {
    return """
    {"RecordType": "Bounce", "MessageStream": "outbound", "ID": %d, "Type": "%s",
     "TypeCode": 1, "Name": "Hard bounce", "Tag": "Test",
     "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483", "Metadata": {"a_key": "a_value"},
     "ServerID": 23, "Description": "The server was unable to deliver your message.",
     "Details": "Test bounce details", "Email": "%s", "From": "sender@example.com",
     "BouncedAt": "2026-12-06T04:30:00.9070259Z", "DumpAvailable": true, "Inactive": true,
     "CanActivate": true, "Subject": "Test subject", "Content": "Return-Path: <>"}
    """
        .formatted(id, type, email);
  }

  private static String complaint(String email, long id) {
    return """
    {"RecordType": "SpamComplaint", "MessageStream": "outbound", "ID": %d,
     "Type": "SpamComplaint", "TypeCode": 512, "Name": "Spam complaint", "Tag": "Test",
     "MessageID": "00000000-0000-0000-0000-000000000000", "ServerID": 1234,
     "Description": "", "Details": "Test spam complaint details", "Email": "%s",
     "From": "sender@example.com", "BouncedAt": "2026-12-06T04:31:00Z",
     "DumpAvailable": true, "Inactive": true, "CanActivate": false, "Subject": "Test subject"}
    """
        .formatted(id, email);
  }

  private static Map<String, String> basic(String user, String password) {
    return Map.of(
        "Authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
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
  void eachRecordTypeIsRecordedAsItsReasonThroughBasicAuthOrTheSecretPath() {
    Answer hard =
        api.post(
            INTAKE,
            bounce("hard@example.com", "HardBounce", 4323372036854775807L),
            basic("postmark", SECRET));
    assertThat(hard.status()).as(hard.body()).isEqualTo(200);
    assertThat(hard.json().get("recorded").asInt()).isEqualTo(1);
    assertThat(
            api.post(INTAKE + "/" + SECRET, bounce("soft@example.com", "SoftBounce", 42L), Map.of())
                .status())
        .isEqualTo(200);
    assertThat(
            api.post(INTAKE + "/" + SECRET, complaint("spam@example.com", 43L), Map.of()).status())
        .isEqualTo(200);
    Answer delivery =
        api.post(
            INTAKE + "/" + SECRET,
            "{\"RecordType\": \"Delivery\", \"ID\": 44, \"Email\": \"ok@example.com\"}",
            Map.of());
    assertThat(delivery.json().get("recorded").asInt()).isZero();

    assertThat(entry("hard@example.com").get("reason").asText()).isEqualTo("hard-bounce");
    assertThat(entry("hard@example.com").get("source").asText()).isEqualTo("postmark:pm");
    assertThat(entry("soft@example.com").get("reason").asText()).isEqualTo("soft-bounce");
    assertThat(entry("spam@example.com").get("reason").asText()).isEqualTo("complaint");
    assertThat(entry("ok@example.com")).isNull();
  }

  @Test
  void aRedeliveredEventCountsOnce() {
    String body = complaint("once@example.com", 777L);
    assertThat(api.post(INTAKE, body, basic("u", SECRET)).json().get("recorded").asInt())
        .isEqualTo(1);
    Answer again = api.post(INTAKE, body, basic("u", SECRET));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("recorded").asInt()).isZero();
    assertThat(entry("once@example.com").get("count").asInt()).isEqualTo(1);
  }

  @Test
  void aWrongOrMissingSecretIs401AndChangesNothing() {
    String body = bounce("victim@example.com", "HardBounce", 99L);
    assertThat(api.post(INTAKE, body, basic("postmark", "guess")).status()).isEqualTo(401);
    assertThat(api.post(INTAKE + "/guess", body, Map.of()).status()).isEqualTo(401);
    Answer none = api.post(INTAKE, body, Map.of());
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).doesNotContain(SECRET);
    assertThat(entry("victim@example.com")).isNull();
  }
}
