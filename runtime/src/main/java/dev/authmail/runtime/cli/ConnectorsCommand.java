package dev.authmail.runtime.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.authmail.connector.api.ConfigKey;
import dev.authmail.connector.api.ConfigSpec;
import dev.authmail.connector.api.ConnectorFactory;
import dev.authmail.connector.api.ConnectorMetadata;
import dev.authmail.runtime.registry.ConnectorRegistry;
import dev.authmail.runtime.registry.FactoryJson;
import dev.authmail.runtime.registry.FactorySource;
import dev.authmail.runtime.registry.LoadProblem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authmail connectors}: the connector factories on the class path and their config keys. */
@Command(
    name = "connectors",
    mixinStandardHelpOptions = true,
    description =
        "Lists the connector factories found on the class path and in the plugins directory: id, "
            + "aliases, name, source (built in or the plugin's path) and version, and "
            + "configuration keys (type, required, secret, default), and any that failed to load. "
            + "Exits 1 when one failed to load or two claim one name.")
final class ConnectorsCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Spec CommandSpec spec;

  // Read by Main before the registry loads: only the file's plugins.dir is used.
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A configuration file whose plugins.dir names the plugins directory (when --plugins and "
              + "AUTHMAIL_PLUGINS do not).")
  java.nio.file.Path config;

  @Option(
      names = "--json",
      description =
          "Print JSON instead of text: {factories, problems}, each factory as "
              + "GET /api/connector-factories describes it.")
  boolean json;

  ConnectorsCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    ConnectorRegistry registry = env.registry();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(asJson(registry)));
    } else {
      printText(registry, out);
    }
    out.flush();
    return registry.problems().isEmpty() && registry.conflicts().isEmpty()
        ? ExitCodes.OK
        : ExitCodes.FAILED;
  }

  private static void printText(ConnectorRegistry registry, PrintWriter out) {
    if (registry.factories().isEmpty()) {
      out.println("no connector factories were found on the class path");
    }
    for (ConnectorFactory factory : registry.factories()) {
      ConnectorMetadata metadata = factory.metadata();
      List<String> aliases = registry.aliases(factory);
      out.println(
          metadata.id()
              + (aliases.isEmpty() ? "" : " (aliases: " + String.join(", ", aliases) + ")"));
      out.println("  " + metadata.name().get("en") + " — " + metadata.description().get("en"));
      out.println("  source: " + registry.source(factory));
      List<String[]> rows = new ArrayList<>();
      keyRows(factory.configSpec(), "", rows);
      if (rows.isEmpty()) {
        out.println("  config: none");
      } else {
        out.println("  config:");
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] row : rows) {
          out.println("    " + pad(row[0], width) + "  " + row[1]);
        }
      }
      out.println();
    }
    if (!registry.problems().isEmpty() || !registry.conflicts().isEmpty()) {
      out.println("problems:");
      for (LoadProblem problem : registry.problems()) {
        out.println("  " + problem);
      }
      for (ConnectorRegistry.Conflict conflict : registry.conflicts()) {
        out.println("  " + conflict.message());
      }
    }
  }

  /**
   * One row per key, nested keys as {@code auth.pass} and list items as {@code
   * templates[].subject}.
   */
  private static void keyRows(ConfigSpec spec, String prefix, List<String[]> rows) {
    for (ConfigKey key : spec.keys()) {
      String path = prefix + key.name();
      rows.add(new String[] {path, describe(key)});
      if (key.fields() != null) {
        keyRows(key.fields(), path + (key.type() == ConfigKey.Type.LIST ? "[]." : "."), rows);
      }
    }
  }

  static String describe(ConfigKey key) {
    List<String> parts = new ArrayList<>();
    parts.add(typeName(key));
    if (key.required()) {
      parts.add("required");
    }
    if (key.secret()) {
      parts.add("secret");
    }
    if (key.defaultValue() != null) {
      parts.add("default " + key.defaultValue());
    }
    if (!key.allowed().isEmpty()) {
      parts.add("one of " + String.join("|", key.allowed()));
    }
    if (key.min() != null || key.max() != null) {
      parts.add(
          (key.type() == ConfigKey.Type.STRING ? "length " : "")
              + (key.min() == null ? "" : key.min())
              + ".."
              + (key.max() == null ? "" : key.max()));
    }
    String text = String.join(", ", parts);
    return key.description() == null ? text : text + " — " + key.description();
  }

  private static String typeName(ConfigKey key) {
    return switch (key.type()) {
      case STRING -> "string";
      case INTEGER -> "number";
      case BOOLEAN -> "boolean";
      case OBJECT -> "object";
      case LIST ->
          "list of "
              + (key.itemType() == ConfigKey.Type.OBJECT ? "objects" : typeOf(key.itemType()));
      case ANY -> "any";
    };
  }

  private static String typeOf(ConfigKey.Type type) {
    return switch (type) {
      case STRING -> "strings";
      case INTEGER -> "numbers";
      case BOOLEAN -> "booleans";
      case OBJECT -> "objects";
      case LIST -> "lists";
      case ANY -> "values";
    };
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static Map<String, Object> asJson(ConnectorRegistry registry) {
    List<Object> factories = new ArrayList<>();
    for (ConnectorFactory factory : registry.factories()) {
      Map<String, Object> described =
          new LinkedHashMap<>(FactoryJson.of(factory, registry.aliases(factory)));
      FactorySource source = registry.source(factory);
      described.put(
          "source", source.builtIn() ? FactorySource.BUILT_IN : source.plugin().toString());
      described.put("version", source.version());
      factories.add(described);
    }
    List<Object> problems = new ArrayList<>();
    for (LoadProblem problem : registry.problems()) {
      Map<String, Object> described = new LinkedHashMap<>();
      if (problem.plugin() != null) {
        described.put("plugin", problem.plugin().toString());
      }
      described.put("className", problem.className());
      described.put("reason", problem.reason());
      problems.add(described);
    }
    for (ConnectorRegistry.Conflict conflict : registry.conflicts()) {
      problems.add(
          Map.of(
              "name",
              conflict.name(),
              "classNames",
              conflict.classNames(),
              "reason",
              conflict.message()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("factories", factories);
    out.put("problems", problems);
    return out;
  }
}
