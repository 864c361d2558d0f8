package dev.authmail.runtime.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authmail.runtime.config.ConfigLoader.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Turns a configuration file into a tree of maps, lists and scalars: reads it (bounded in size,
 * strict UTF-8), chooses YAML or JSON, and parses it. A failure is an {@link Unreadable} whose
 * message says where (line and column of a syntax error) and why, in one line that never quotes the
 * file (a snippet could hold a secret). Stateless; thread-safe.
 */
final class ConfigText {
  /** The largest file read; a configuration is a few kilobytes. */
  static final long MAX_BYTES = 1 << 20;

  private ConfigText() {}

  /** Why a file yields no tree; its message is the problem as a reader sees it. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /** The file's text, decoded as strict UTF-8. */
  static String read(Path file) throws Unreadable {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new Unreadable(
            "the file is larger than " + (MAX_BYTES >> 10) + " KiB; is it the right file?");
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (NoSuchFileException e) {
      throw new Unreadable("the file does not exist");
    } catch (CharacterCodingException e) {
      throw new Unreadable("the file is not UTF-8 text");
    } catch (IOException e) {
      throw new Unreadable(
          "the file cannot be read: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  /** The tree of {@code text}: an empty map for a blank or empty document. */
  static Object parse(String text, Format format) throws Unreadable {
    try {
      Object tree =
          text.isBlank() ? Map.of() : format == Format.JSON ? readJson(text) : readYaml(text);
      return tree == null ? Map.of() : tree;
    } catch (JsonProcessingException e) {
      throw new Unreadable(syntaxError(format, e));
    } catch (YAMLException e) {
      throw new Unreadable(syntaxError(e));
    }
  }

  /** YAML or JSON by extension; else JSON when the text starts with '{'. */
  static Format formatOf(Path file, String text) {
    String name =
        file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      return Format.JSON;
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return Format.YAML;
    }
    return text.stripLeading().startsWith("{") ? Format.JSON : Format.YAML;
  }

  /** See {@link ConfigLoader#pluginsDir}. */
  static Path pluginsDir(Path file, Map<String, String> env) {
    try {
      String text = read(file);
      if (parse(text, formatOf(file, text)) instanceof Map<?, ?> root
          && root.get("plugins") instanceof Map<?, ?> plugins
          && plugins.get("dir") instanceof String dir
          && !dir.isBlank()) {
        Object resolved = new EnvReferences(env).resolve(dir).value();
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(resolved.toString()) : parent.resolve(resolved.toString());
      }
    } catch (Unreadable | UncheckedIOException | InvalidPathException e) {
      // not readable, not parseable, or not a path: load() names the problem with its key path
    }
    return null;
  }

  private static Object readJson(String text) throws JsonProcessingException {
    ObjectMapper mapper = new ObjectMapper();
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return mapper.readValue(text, Object.class);
  }

  /**
   * YAML through SnakeYAML itself, which resolves anchors and aliases ({@code templates: *shared}),
   * unlike Jackson's YAML parser; safe types only, duplicate keys refused, and a bound on aliases
   * against "billion laughs" files.
   */
  private static Object readYaml(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(100);
    return new Yaml(new SafeConstructor(options)).load(text);
  }

  private static String syntaxError(YAMLException e) {
    String where = "";
    String why = e.getMessage();
    if (e instanceof MarkedYAMLException marked) {
      Mark mark = marked.getProblemMark();
      where =
          mark == null
              ? ""
              : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
      why = marked.getProblem();
    }
    return where + "not valid YAML: " + firstLine(why);
  }

  private static String syntaxError(Format format, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    return where + "not valid " + format + ": " + firstLine(e.getOriginalMessage());
  }

  /** The first line only: parsers add snippets of the file, which may hold a secret. */
  private static String firstLine(String why) {
    if (why == null) {
      return "";
    }
    int newline = why.indexOf('\n');
    return (newline >= 0 ? why.substring(0, newline) : why).strip();
  }
}
