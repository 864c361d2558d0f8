package dev.authmail.runtime.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.runtime.suppression.SuppressionServer.Answer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suppression list over HTTP, and the refusal of sends to its addresses on both accepting
 * routes.
 */
class SuppressionApiTest {
  @TempDir Path dir;
  SuppressionServer api;

  @BeforeEach
  void start() throws Exception {
    api = new SuppressionServer(dir);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Answer send(String key, String to) {
    return api.call(
        "POST",
        "/api/messages",
        key,
        Map.of("to", to, "type", "SignIn", "payload", Map.of("code", "123456")));
  }

  private Answer hosted(String key, String to) {
    return api.call(
        "POST",
        "/api/services/mails",
        key,
        Map.of("data", Map.of("to", to, "type", "SignIn", "payload", Map.of("code", "123456"))));
  }

  private long messages(String key) {
    return api.call("GET", "/api/messages", key, null).json().size();
  }

  @Test
  void aManuallySuppressedAddressIsRefusedOnBothRoutesWithNothingQueued() {
    Answer added =
        api.call(
            "POST",
            "/api/suppressions",
            SuppressionServer.DEFAULT_KEY,
            Map.of("address", "Jane.Doe@EXAMPLE.com", "reason", "complaint"));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(added.json().get("address").asText()).isEqualTo("jane.doe@example.com");
    assertThat(added.json().get("reason").asText()).isEqualTo("complaint");
    assertThat(added.json().get("source").asText()).isEqualTo("manual");
    assertThat(added.json().get("count").asInt()).isEqualTo(1);

    // another spelling of the same normalized address
    Answer refused = send(SuppressionServer.DEFAULT_KEY, "jane.doe@Example.Com");
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().get("code").asText()).isEqualTo("recipient.suppressed");
    assertThat(refused.json().get("details").get(0).get("path").asText()).isEqualTo("to");
    assertThat(refused.json().get("details").get(0).get("message").asText()).isEqualTo("complaint");
    assertThat(refused.body()).doesNotContain("jane.doe");

    Answer refusedHosted = hosted(SuppressionServer.DEFAULT_KEY, "JANE.DOE@example.com");
    assertThat(refusedHosted.status()).as(refusedHosted.body()).isEqualTo(422);
    assertThat(refusedHosted.json().get("code").asText()).isEqualTo("recipient.suppressed");
    assertThat(refusedHosted.json().get("details").get(0).get("path").asText())
        .isEqualTo("data.to");
    assertThat(messages(SuppressionServer.DEFAULT_KEY)).isZero();

    // another tenant's list is its own
    assertThat(send(SuppressionServer.ACME_KEY, "jane.doe@example.com").status()).isEqualTo(202);

    // removed: accepted again
    assertThat(
            api.call(
                    "DELETE",
                    "/api/suppressions/Jane.Doe%40example.com",
                    SuppressionServer.DEFAULT_KEY,
                    null)
                .status())
        .isEqualTo(204);
    assertThat(
            api.call(
                    "DELETE",
                    "/api/suppressions/jane.doe%40example.com",
                    SuppressionServer.DEFAULT_KEY,
                    null)
                .status())
        .isEqualTo(404);
    assertThat(send(SuppressionServer.DEFAULT_KEY, "jane.doe@example.com").status()).isEqualTo(202);
    assertThat(messages(SuppressionServer.DEFAULT_KEY)).isEqualTo(1);
  }

  @Test
  void aSoftBounceIsRecordedButDoesNotBlockAndNeverDowngradesAHardBounce() {
    assertThat(
            api.call(
                    "POST",
                    "/api/suppressions",
                    SuppressionServer.DEFAULT_KEY,
                    Map.of("address", "soft@example.com", "reason", "soft-bounce"))
                .status())
        .isEqualTo(201);
    assertThat(send(SuppressionServer.DEFAULT_KEY, "soft@example.com").status()).isEqualTo(202);

    api.call(
        "POST",
        "/api/suppressions",
        SuppressionServer.DEFAULT_KEY,
        Map.of("address", "soft@example.com", "reason", "hard-bounce"));
    Answer again =
        api.call(
            "POST",
            "/api/suppressions",
            SuppressionServer.DEFAULT_KEY,
            Map.of("address", "soft@example.com", "reason", "soft-bounce"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("reason").asText()).isEqualTo("hard-bounce");
    assertThat(again.json().get("count").asInt()).isEqualTo(3);
    assertThat(send(SuppressionServer.DEFAULT_KEY, "soft@example.com").status()).isEqualTo(422);

    JsonNode one =
        api.call("GET", "/api/suppressions/soft%40example.com", SuppressionServer.DEFAULT_KEY, null)
            .json();
    assertThat(one.get("blocks").asBoolean()).isTrue();
    assertThat(
            api.call(
                    "GET",
                    "/api/suppressions?reason=hard-bounce",
                    SuppressionServer.DEFAULT_KEY,
                    null)
                .json()
                .size())
        .isEqualTo(1);
    assertThat(
            api.call(
                    "GET",
                    "/api/suppressions?reason=complaint",
                    SuppressionServer.DEFAULT_KEY,
                    null)
                .json()
                .size())
        .isZero();
  }

  @Test
  void aTenantWithSuppressionOffRecordsButStillSends() {
    api.call(
        "POST",
        "/api/suppressions",
        SuppressionServer.ACME_KEY,
        Map.of("address", "bob@example.com"));
    assertThat(api.call("GET", "/api/suppressions", SuppressionServer.ACME_KEY, null).json().size())
        .isEqualTo(1);
    assertThat(send(SuppressionServer.ACME_KEY, "bob@example.com").status()).isEqualTo(202);
  }

  @Test
  void badInputNamesTheFieldAndTheRoutesNeedAKey() {
    Answer noAddress =
        api.call(
            "POST", "/api/suppressions", SuppressionServer.DEFAULT_KEY, Map.of("reason", "manual"));
    assertThat(noAddress.status()).isEqualTo(400);
    assertThat(noAddress.body()).contains("address");
    Answer badReason =
        api.call(
            "POST",
            "/api/suppressions",
            SuppressionServer.DEFAULT_KEY,
            Map.of("address", "a@example.com", "reason", "annoyed"));
    assertThat(badReason.status()).isEqualTo(400);
    assertThat(badReason.body()).contains("reason").contains("hard-bounce");
    assertThat(
            api.call("GET", "/api/suppressions/not-an-address", SuppressionServer.DEFAULT_KEY, null)
                .status())
        .isEqualTo(400);
    assertThat(
            api.call("GET", "/api/suppressions?limit=0", SuppressionServer.DEFAULT_KEY, null)
                .status())
        .isEqualTo(400);
    assertThat(api.call("GET", "/api/suppressions", null, null).status()).isEqualTo(401);

    String openapi = api.call("GET", "/openapi.json", null, null).body();
    assertThat(openapi).contains("/api/suppressions").contains("/api/suppressions/{address}");
  }

  @Test
  void theMetricsCountRecordedEntriesAndRefusals() {
    api.call(
        "POST",
        "/api/suppressions",
        SuppressionServer.DEFAULT_KEY,
        Map.of("address", "m@example.com"));
    send(SuppressionServer.DEFAULT_KEY, "m@example.com");
    String metrics = api.call("GET", "/metrics", null, null).body();
    assertThat(metrics)
        .contains("authmail_suppressions_recorded_total{reason=\"manual\",source=\"manual\"} 1.0");
    assertThat(metrics)
        .contains(
            "authmail_accept_refused_total{code=\"recipient.suppressed\",type=\"SignIn\"} 1.0");
  }
}
