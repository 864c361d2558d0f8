package dev.authmail.runtime.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.runtime.config.ConfigLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tenant's branding for {@code authmail preview}, read from a YAML or JSON file: the built-in
 * service's config ({@code senderName}, {@code companyInformation}, {@code appLogo}) as a tenant
 * would set it. The one convenience over the raw config: {@code appLogo} may name a local PNG or
 * JPEG file (relative to the branding file), which is read and passed on as base64, the way an
 * upload reaches the service. Everything else (which keys, URLs in text, the image's real type and
 * size) the service itself checks when the connector is created.
 */
final class BrandingFile {
  static final String APP_LOGO = "appLogo";
  private static final int MAX_FILE_BYTES = 64 * 1024;

  /** Larger files are refused unread; smaller ones reach the service, which says its own limit. */
  private static final long MAX_LOGO_FILE_BYTES = 1024 * 1024;

  private static final Pattern IMAGE_NAME =
      Pattern.compile("(?i).+\\.(png|jpe?g|gif|svg|webp|bmp|ico|tiff?)");

  /** The config map, or the problems that kept the file from being one. */
  record Read(Map<String, Object> config, List<ConfigProblem> problems) {}

  private BrandingFile() {}

  /** Reads {@code file}; I/O and syntax errors are problems too, never exceptions. */
  static Read read(Path file) {
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        return failed(
            "the file is larger than "
                + (MAX_FILE_BYTES >> 10)
                + " KiB; a branding file holds three short values (give appLogo as a path to the"
                + " image file instead of inline base64)");
      }
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (NoSuchFileException e) {
      return failed("the file does not exist");
    } catch (CharacterCodingException e) {
      return failed("the file is not UTF-8 text");
    } catch (IOException e) {
      return failed("the file cannot be read: " + e.getClass().getSimpleName());
    }
    ConfigLoader.Format format = ConfigLoader.formatOf(file, text);
    Object tree;
    try {
      ObjectMapper mapper =
          format == ConfigLoader.Format.JSON ? new ObjectMapper() : new YAMLMapper();
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      tree = text.isBlank() ? Map.of() : mapper.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return failed(syntaxError(format, e));
    }
    if (tree == null) {
      tree = Map.of();
    }
    if (!(tree instanceof Map<?, ?> map)) {
      return failed(
          "the file must hold a mapping of senderName, companyInformation and appLogo, not "
              + (tree instanceof List ? "a list" : "a single value"));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    map.forEach((key, value) -> config.put(String.valueOf(key), value));
    List<ConfigProblem> problems = new ArrayList<>();
    if (config.get(APP_LOGO) instanceof String logo) {
      Path dir = file.toAbsolutePath().getParent();
      try {
        config.put(APP_LOGO, logo(dir, logo));
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem(APP_LOGO, e.getMessage()));
      }
    }
    return new Read(config, problems);
  }

  /**
   * A URL, data URI or base64 stays as it is; the path of an existing file becomes the file's bytes
   * in base64 (the service checks their type by magic bytes, not by the name).
   *
   * @throws IllegalArgumentException when the value names an image file that cannot be read
   */
  private static String logo(Path dir, String value) {
    String v = value.strip();
    String lower = v.toLowerCase(Locale.ROOT);
    if (v.isEmpty()
        || lower.startsWith("data:")
        || lower.contains("://")
        || lower.startsWith("//")
        || lower.startsWith("www.")) {
      return value;
    }
    Path path;
    try {
      path = dir.resolve(v.startsWith("~/") ? System.getProperty("user.home") + v.substring(1) : v);
    } catch (RuntimeException e) {
      path = null; // not a path at all (e.g. base64 with characters a file system refuses)
    }
    if (path == null || !Files.isRegularFile(path)) {
      if (IMAGE_NAME.matcher(v).matches()) {
        throw new IllegalArgumentException(
            "there is no file "
                + (path == null ? v : path)
                + " (a relative path is read from the branding file's directory)");
      }
      return value;
    }
    try {
      long size = Files.size(path);
      if (size > MAX_LOGO_FILE_BYTES) {
        throw new IllegalArgumentException(
            "the file "
                + path
                + " is "
                + (size >> 10)
                + " KB; an uploaded logo may be at most 256 KB (it is shown 48 pixels high: resize"
                + " it)");
      }
      return Base64.getEncoder().encodeToString(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the file " + path + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  private static String syntaxError(ConfigLoader.Format format, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    int newline = why.indexOf('\n');
    return where
        + "not valid "
        + format
        + ": "
        + (newline >= 0 ? why.substring(0, newline) : why).strip();
  }

  private static Read failed(String message) {
    return new Read(Map.of(), List.of(new ConfigProblem("", message)));
  }
}
