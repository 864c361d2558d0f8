package dev.authmail.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.node.ManagementServer;
import dev.authmail.runtime.node.ManagementServer.Answer;
import dev.authmail.runtime.node.ManagementTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins what {@code GET /api/connector-factories} answers for every bundled factory: the console
 * builds its forms from {@code formItems} (Logto's shape) and checks them with {@code configSpec},
 * so a change to either must be deliberate. Compared as JSON: arrays (factories, form items, spec
 * keys, select items) in order, object members in any order, since the localized names and some
 * defaults are {@code Map.copyOf}/{@code Map.of} maps whose order changes from one JVM to the next.
 * When a change is intended, copy {@code target/connector-factories.actual.json} over the resource
 * and review the diff.
 */
class FactoryListPinTest extends ManagementTest {

  @Test
  void theFactoryListIsExactlyThePinnedOne() throws IOException {
    Answer list = api.call("GET", "/api/connector-factories", ManagementServer.DEFAULT_KEY, null);
    assertThat(list.status()).isEqualTo(200);
    String actual = list.json().toPrettyString() + "\n";
    Files.writeString(Path.of("target", "connector-factories.actual.json"), actual);

    String pinned;
    try (InputStream in = getClass().getResourceAsStream("/registry/connector-factories.json")) {
      assertThat(in).as("pinned resource registry/connector-factories.json").isNotNull();
      pinned = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JsonNode expected = new ObjectMapper().readTree(pinned);
    assertThat(list.json())
        .as(
            "GET /api/connector-factories against registry/connector-factories.json (diff"
                + " it with target/connector-factories.actual.json)")
        .isEqualTo(expected);
  }
}
