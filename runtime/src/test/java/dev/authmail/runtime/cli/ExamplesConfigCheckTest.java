package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every configuration file in the repository's {@code examples/} passes {@code authmail config
 * check} with the real connectors, given dummy values for the environment variables it refers to.
 * Files named {@code branding*.yaml} are tenant branding files for {@code authmail preview
 * --branding}, not configurations.
 */
class ExamplesConfigCheckTest {
  /** The examples the documentation points to; more may be added. */
  private static final Set<String> EXPECTED =
      Set.of(
          "smtp.yaml",
          "sendgrid.yaml",
          "ses.yaml",
          "http.yaml",
          "webhook.yaml",
          "failover.yaml",
          "local-smtp-sink.yaml",
          "mailgun.yaml",
          "postmark.yaml");

  /** Stand-ins for the secrets the examples take from the environment; each valid in form. */
  private static final Map<String, String> DUMMY_ENV =
      Map.of(
          "SMTP_PASS", "dummy-smtp-password",
          "SENDGRID_API_KEY", "SG.dummy-key.for-config-check",
          "HTTP_EMAIL_TOKEN", "dummy-token",
          "HTTP_EMAIL_SIGNING_SECRET", "dummy-signing-secret-of-at-least-32-chars",
          "WEBHOOK_SECRET", "whsec_" + Base64.getEncoder().encodeToString(new byte[32]),
          "MAILGUN_API_KEY", "dummy-mailgun-key",
          "POSTMARK_SERVER_TOKEN", "dummy-postmark-token");

  private static final Pattern REFERENCE =
      Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();

  @TempDir Path data;

  @Test
  void theDocumentedExamplesAreThere() throws IOException {
    assertThat(configFiles()).extracting(p -> p.getFileName().toString()).containsAll(EXPECTED);
  }

  @TestFactory
  Stream<DynamicTest> everyExamplePassesConfigCheck() throws IOException {
    return configFiles().stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      assertThat(references(file))
                          .as("environment variables %s refers to", file.getFileName())
                          .isSubsetOf(DUMMY_ENV.keySet());

                      CommandLine cli =
                          Main.commandLine(
                              new CliEnvironment(DUMMY_ENV, () -> REGISTRY, Clock.systemUTC()));
                      StringWriter out = new StringWriter();
                      StringWriter err = new StringWriter();
                      cli.setOut(new PrintWriter(out, true));
                      cli.setErr(new PrintWriter(err, true));
                      int exit =
                          cli.execute(
                              "config", "check", file.toString(), "--data", data.toString());

                      assertThat(exit)
                          .as("config check %s:%n%s%s", file.getFileName(), out, err)
                          .isZero();
                      assertThat(out.toString()).startsWith("OK: ");
                      for (String secret : DUMMY_ENV.values()) {
                        assertThat(out.toString() + err).doesNotContain(secret);
                      }
                    }));
  }

  /** The configuration files of {@code examples/}: YAML and JSON, except branding files. */
  private static List<Path> configFiles() throws IOException {
    try (Stream<Path> files = Files.list(examples())) {
      return files
          .filter(p -> p.getFileName().toString().matches(".+\\.(yaml|yml|json)"))
          .filter(p -> !p.getFileName().toString().startsWith("branding"))
          .sorted()
          .toList();
    }
  }

  /** {@code examples/} at the repository root, found upwards from the working directory. */
  private static Path examples() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("examples"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir.resolve("examples");
      }
    }
    throw new AssertionError("no examples/ directory above " + Path.of("").toAbsolutePath());
  }

  /** The variables the file's values refer to without a default (comments are not values). */
  private static Set<String> references(Path file) throws IOException {
    Set<String> names = new TreeSet<>();
    collect(YAML.readTree(file.toFile()), names);
    return names;
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isTextual()) {
      Matcher m = REFERENCE.matcher(node.asText());
      while (m.find()) {
        if (m.group(2) == null) {
          names.add(m.group(1));
        }
      }
    }
    node.forEach(child -> collect(child, names));
  }
}
