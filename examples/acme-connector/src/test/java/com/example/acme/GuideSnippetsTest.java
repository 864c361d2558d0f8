package com.example.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/connector-guide.md honest: each code block there marked {@code <!-- snippet: FILE#TAG
 * -->} must be exactly the region of this module's FILE between its {@code tag::TAG[]} and {@code
 * end::TAG[]} lines (common indentation removed). This test belongs to authmail's build, not to a
 * connector you copy from here.
 */
class GuideSnippetsTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path GUIDE = MODULE.resolve("../../docs/connector-guide.md").normalize();
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everySnippetOfTheGuideIsCutFromThisModule() throws IOException {
    String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
    Matcher m = SNIPPET.matcher(guide);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      String file = m.group(1);
      String tag = m.group(2);
      assertThat(m.group(3))
          .as("the guide's snippet %s#%s (regenerate it from the source)", file, tag)
          .isEqualTo(region(MODULE.resolve(file), tag));
      checked.add(file + "#" + tag);
    }
    assertThat(checked).as("snippets in %s", GUIDE).hasSize(9);
  }

  private static String region(Path file, String tag) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean inside = false;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.contains("tag::" + tag + "[]")) {
        inside = true;
      } else if (line.contains("end::" + tag + "[]")) {
        inside = false;
      } else if (inside) {
        lines.add(line);
      }
    }
    assertThat(lines).as("the region %s in %s", tag, file).isNotEmpty();
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return String.join(
        "\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
  }
}
