package dev.authmail.connector.logtoemail.i18n;

import dev.authmail.connector.toolkit.LanguageTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The languages the built-in templates are written in, and the rule that picks one for a request.
 *
 * <p>Candidates are tried in order: the payload's {@code locale}, each tag of {@code uiLocales},
 * the tenant's default language, and finally {@code en}. The first candidate that {@link #match}es
 * a built-in language wins. Matching a tag:
 *
 * <ol>
 *   <li>exact tag, ignoring case and {@code _}/{@code -} ({@code pt-BR}, {@code zh-TW}, {@code
 *       ja});
 *   <li>Chinese by script, then region: {@code Hant} → {@code zh-TW}, {@code Hans} → {@code zh-CN};
 *       regions {@code TW}, {@code HK}, {@code MO} → {@code zh-TW}; any other or none ({@code zh},
 *       {@code zh-SG}, {@code zh-MY}) → {@code zh-CN};
 *   <li>Portuguese: {@code pt}, {@code pt-PT}, {@code pt-AO}… → {@code pt-BR} (the only
 *       Portuguese);
 *   <li>otherwise the language alone: {@code fr-CA} → {@code fr}, {@code de-AT} → {@code de},
 *       {@code es-MX} → {@code es}, {@code en-GB} → {@code en};
 *   <li>no match (e.g. {@code nl}) → the next candidate.
 * </ol>
 *
 * Why skip to the next candidate rather than straight to English: a user with {@code uiLocales="nl
 * de"} reads German better than English. Stateless and thread-safe.
 */
public final class Languages {
  /** Every built-in language, English first (the reference bundle). */
  public static final List<String> SUPPORTED =
      List.of("en", "ja", "zh-CN", "zh-TW", "ko", "de", "fr", "es", "pt-BR", "it", "ru", "tr");

  public static final String FALLBACK = "en";

  private static final Set<String> TRADITIONAL_CHINESE_REGIONS = Set.of("TW", "HK", "MO");

  private Languages() {}

  /**
   * The built-in language for a request.
   *
   * @param locale the payload's {@code locale}, may be {@code null} or malformed
   * @param uiLocales the payload's space-separated {@code uiLocales}, may be {@code null}
   * @param defaultLanguage the tenant's default language, may be {@code null}
   * @return one of {@link #SUPPORTED}
   */
  public static String resolve(String locale, String uiLocales, String defaultLanguage) {
    for (String candidate : candidates(locale, uiLocales, defaultLanguage)) {
      String match = match(candidate);
      if (match != null) {
        return match;
      }
    }
    return FALLBACK;
  }

  /** The built-in language for one tag, or {@code null} when none fits. */
  public static String match(String tag) {
    String normalized = LanguageTags.normalize(tag);
    if (normalized == null) {
      return null;
    }
    for (String supported : SUPPORTED) {
      if (supported.equalsIgnoreCase(normalized)) {
        return supported;
      }
    }
    Locale locale = Locale.forLanguageTag(normalized);
    String language = locale.getLanguage();
    if (language.equals("zh")) {
      return chinese(locale.getScript(), locale.getCountry());
    }
    if (language.equals("pt")) {
      return "pt-BR";
    }
    for (String supported : SUPPORTED) {
      if (supported.equals(language)) {
        return supported;
      }
    }
    return null;
  }

  private static String chinese(String script, String region) {
    if (script.equalsIgnoreCase("Hant")) {
      return "zh-TW";
    }
    if (script.equalsIgnoreCase("Hans")) {
      return "zh-CN";
    }
    return TRADITIONAL_CHINESE_REGIONS.contains(region.toUpperCase(Locale.ROOT))
        ? "zh-TW"
        : "zh-CN";
  }

  private static List<String> candidates(String locale, String uiLocales, String defaultLanguage) {
    List<String> out = new ArrayList<>();
    out.add(locale);
    if (uiLocales != null && !uiLocales.isBlank()) {
      out.addAll(List.of(uiLocales.trim().split("\\s+")));
    }
    out.add(defaultLanguage);
    return out;
  }
}
