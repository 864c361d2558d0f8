package dev.authmail.runtime.api;

import static dev.authmail.runtime.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.runtime.node.ServiceNode;
import dev.authmail.runtime.outbox.OutboxConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newer code cancels the queued older one. On an accept-only node (no workers), so the first
 * message is certainly still queued when the second arrives.
 */
class SupersedeApiTest {
  @TempDir Path dir;

  @Test
  void newerMessageForTheSameRecipientAndTypeCancelsTheQueuedOne() throws Exception {
    OutboxConfig acceptOnly = TestNodes.fastOutbox().toBuilder().workerThreads(0).build();
    try (ServiceNode node =
        TestNodes.start(
            TestNodes.config(
                Map.of("mail", TestNodes.smtp(TestNodes.deadPort())),
                Map.of("default", List.of("mail"))),
            dir,
            acceptOnly)) {
      ApiClient client = new ApiClient(node.url(), TestNodes.tenantKey(node, "default"));
      Map<String, Object> older =
          Map.of("to", "sam@example.com", "type", "SignIn", "payload", Map.of("code", "111111"));
      Map<String, Object> newer =
          Map.of("to", "sam@example.com", "type", "SignIn", "payload", Map.of("code", "222222"));
      Map<String, Object> otherType =
          Map.of("to", "sam@example.com", "type", "Register", "payload", Map.of("code", "3"));

      String olderId = json(client.post("/api/messages", older)).get("id").asText();
      String otherId = json(client.post("/api/messages", otherType)).get("id").asText();
      String newerId = json(client.post("/api/messages", newer)).get("id").asText();

      JsonNode cancelled = json(client.get("/api/messages/" + olderId));
      assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
      assertThat(cancelled.get("lastErrorCode").asText()).isEqualTo("SUPERSEDED");
      assertThat(json(client.get("/api/messages/" + newerId)).get("status").asText())
          .isEqualTo("QUEUED");
      assertThat(json(client.get("/api/messages/" + otherId)).get("status").asText())
          .isEqualTo("QUEUED");
    }
  }
}
