package dev.authmail.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.ConfigProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvReferencesTest {
  private final EnvReferences env =
      new EnvReferences(Map.of("SMTP_PASS", "s3cret-pass", "EMPTY", "", "PORT", "2525"));

  @Test
  void replacesWholeAndEmbeddedReferencesWithDefaultsAndEscapes() {
    Object tree =
        Map.of(
            "a",
            List.of(
                Map.of(
                    "whole", "${SMTP_PASS}",
                    "embedded", "Bearer ${SMTP_PASS}!",
                    "fallback", "${MISSING:-dflt}",
                    "emptyFallback", "${EMPTY:-dflt}",
                    "emptyValue", "${EMPTY}",
                    "escaped", "$${SMTP_PASS}",
                    "number", 3)));

    EnvReferences.Result result = env.resolve(tree);

    assertThat(result.problems()).isEmpty();
    assertThat(result.value())
        .isEqualTo(
            Map.of(
                "a",
                List.of(
                    Map.of(
                        "whole", "s3cret-pass",
                        "embedded", "Bearer s3cret-pass!",
                        "fallback", "dflt",
                        "emptyFallback", "dflt",
                        "emptyValue", "",
                        "escaped", "${SMTP_PASS}",
                        "number", 3))));
    assertThat(result.referencedPaths()).contains("a[0].whole", "a[0].embedded");
  }

  @Test
  void aMissingVariableIsAProblemAtTheKeyPathNamingTheVariable() {
    EnvReferences.Result result =
        env.resolve(
            Map.of(
                "connectors", Map.of("x", Map.of("config", Map.of("apiKey", "${SENDGRID_KEY}")))));

    assertThat(result.problems())
        .containsExactly(
            new ConfigProblem(
                "connectors.x.config.apiKey",
                "refers to the environment variable SENDGRID_KEY, which is not set; set it, or"
                    + " write ${SENDGRID_KEY:-default} to give a default"));
  }

  @Test
  void aMalformedReferenceIsAProblem() {
    EnvReferences.Result result = env.resolve(Map.of("k", "${not valid}"));

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("k");
              assertThat(p.message()).contains("not a valid environment variable reference");
            });
  }
}
