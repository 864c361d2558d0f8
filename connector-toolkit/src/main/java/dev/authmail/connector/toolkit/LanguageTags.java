package dev.authmail.connector.toolkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Language chains for template lookup: the requested tag, then its less specific forms, then the
 * tags of {@code uiLocales} in order, then the default. {@code fr-CA} with default {@code en} gives
 * {@code [fr-CA, fr, en]}. Tags are normalized to BCP 47 case ({@code zh-Hant-TW}).
 *
 * <p>Stateless and thread-safe.
 */
public final class LanguageTags {
  private LanguageTags() {}

  /**
   * @param locale the user's tag (may be {@code null} or malformed; malformed tags are skipped)
   * @param uiLocales space-separated tags in order of preference, or {@code null}
   * @param defaultLanguage the tenant's default language, last in the chain
   */
  public static List<String> chain(String locale, String uiLocales, String defaultLanguage) {
    List<String> chain = new ArrayList<>();
    addWithParents(chain, locale);
    if (uiLocales != null) {
      for (String tag : uiLocales.trim().split("\\s+")) {
        addWithParents(chain, tag);
      }
    }
    addWithParents(chain, defaultLanguage);
    return List.copyOf(chain);
  }

  /** A tag in BCP 47 case, or {@code null} when it is not a well-formed tag. */
  public static String normalize(String tag) {
    if (tag == null
        || tag.isBlank()
        || !tag.trim().matches("[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*")) {
      return null;
    }
    Locale locale = Locale.forLanguageTag(tag.trim().replace('_', '-'));
    String normalized = locale.toLanguageTag();
    return normalized.equals("und") ? null : normalized;
  }

  /** {@code zh-Hant-TW} → {@code [zh-Hant-TW, zh-Hant, zh]}. */
  public static List<String> withParents(String tag) {
    List<String> out = new ArrayList<>();
    addWithParents(out, tag);
    return out;
  }

  private static void addWithParents(List<String> chain, String tag) {
    String current = normalize(tag);
    while (current != null) {
      if (!containsIgnoreCase(chain, current)) {
        chain.add(current);
      }
      int dash = current.lastIndexOf('-');
      current = dash > 0 ? current.substring(0, dash) : null;
    }
  }

  private static boolean containsIgnoreCase(List<String> chain, String tag) {
    for (String t : chain) {
      if (t.equalsIgnoreCase(tag)) {
        return true;
      }
    }
    return false;
  }
}
