package dev.authmail.connector.logtoemail.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message bundles shipped in the jar, {@code messages/messages_<tag>.properties}, one per
 * {@link Languages#SUPPORTED} language.
 *
 * <p>Why not {@link java.util.ResourceBundle}: its file names use {@code _} and its fallback walks
 * the JVM's default locale, so a server running with {@code LANG=de_DE} would fill gaps in Japanese
 * with German. Here the bundles are read explicitly as UTF-8, once, and a key missing from a
 * language falls back to English only (the all-languages test keeps that from ever happening).
 *
 * <p>Placeholders are {@code {name}}; they are filled with plain text and never parsed as {@link
 * java.text.MessageFormat}, so apostrophes ("l'invitation") need no quoting. Immutable after class
 * initialization; thread-safe.
 */
public final class Messages {
  private static final String DIR = "/dev/authmail/connector/logtoemail/messages/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
  private static final Map<String, Map<String, String>> BUNDLES = loadAll();

  private Messages() {}

  /**
   * The raw bundle of one language, exactly as shipped (no fallback), sorted by key.
   *
   * @throws IllegalArgumentException when {@code language} is not one of {@link
   *     Languages#SUPPORTED}
   */
  public static Map<String, String> bundle(String language) {
    Map<String, String> bundle = BUNDLES.get(language);
    if (bundle == null) {
      throw new IllegalArgumentException(
          "no built-in messages for language " + language + "; built-in: " + Languages.SUPPORTED);
    }
    return bundle;
  }

  /**
   * Every message of {@code language}, English where the language lacks a key, with the
   * placeholders in {@code arguments} filled in. Placeholders without an argument stay as written.
   */
  public static Map<String, String> localized(String language, Map<String, String> arguments) {
    Map<String, String> out = new LinkedHashMap<>();
    bundle(Languages.FALLBACK).forEach((key, value) -> out.put(key, fill(value, arguments)));
    bundle(language).forEach((key, value) -> out.put(key, fill(value, arguments)));
    return out;
  }

  /** Fills {@code {name}} placeholders; unknown names stay as written. */
  public static String fill(String pattern, Map<String, String> arguments) {
    Matcher m = PLACEHOLDER.matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = arguments.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Map<String, Map<String, String>> loadAll() {
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    for (String language : Languages.SUPPORTED) {
      all.put(language, load(language));
    }
    return Collections.unmodifiableMap(all);
  }

  private static Map<String, String> load(String language) {
    String path = DIR + "messages_" + language + ".properties";
    try (InputStream in = Messages.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "built-in message bundle " + path + " is missing from the jar");
      }
      Properties properties = new Properties();
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      Map<String, String> bundle = new TreeMap<>();
      properties.stringPropertyNames().forEach(key -> bundle.put(key, properties.getProperty(key)));
      return Collections.unmodifiableMap(bundle);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
