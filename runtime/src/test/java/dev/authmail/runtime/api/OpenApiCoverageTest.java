package dev.authmail.runtime.api;

import static dev.authmail.runtime.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authmail.runtime.config.ConfigLoader;
import dev.authmail.runtime.node.ServiceNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as {@code serve} assembles it (with every module of {@link ServiceNode#MODULES}): the
 * OpenAPI document names exactly the routes Javalin serves, each with a summary and its scope.
 */
class OpenApiCoverageTest {
  @TempDir Path dir;

  @Test
  void everyRouteOfEveryModuleIsDescribed() throws Exception {
    try (ServiceNode node =
        ServiceNode.builder(
                new ConfigLoader(TestNodes.REGISTRY, Map.of()).defaults().orThrow(),
                TestNodes.REGISTRY)
            .dataDir(dir)
            .env(Map.of(ApiKeys.ENV_ADMIN_KEY, TestNodes.ADMIN_KEY))
            .start()) {
      JsonNode doc = json(new ApiClient(node.url(), null).get("/openapi.json"));
      Set<String> described = new HashSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
          paths.hasNext(); ) {
        Map.Entry<String, JsonNode> path = paths.next();
        path.getValue()
            .fields()
            .forEachRemaining(
                op -> {
                  described.add(op.getKey().toUpperCase() + " " + path.getKey());
                  assertThat(op.getValue().path("summary").asText())
                      .as(op.getKey() + " " + path.getKey())
                      .isNotBlank();
                  assertThat(op.getValue().path("x-authmail-scope").asText())
                      .isIn("PUBLIC", "TENANT", "ADMIN");
                });
      }

      assertThat(described).containsExactlyInAnyOrderElementsOf(node.server().javalinRoutes());
      assertThat(described).contains("POST /api/messages", "GET /health", "GET /openapi.json");
    }
  }
}
