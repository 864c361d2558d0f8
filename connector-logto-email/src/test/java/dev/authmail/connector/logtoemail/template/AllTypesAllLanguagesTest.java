package dev.authmail.connector.logtoemail.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.branding.Branding;
import dev.authmail.connector.logtoemail.i18n.Languages;
import dev.authmail.connector.logtoemail.i18n.Messages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The translation check: every usage type in every language renders completely, and every language
 * says everything in its own words.
 */
class AllTypesAllLanguagesTest {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  /**
   * Strings that may legitimately equal English in another language (proper nouns, codes): none
   * yet.
   */
  private static final Set<String> SAME_AS_ENGLISH_ALLOWED = Set.of();

  private static final int HTML_LIMIT = 100 * 1024;
  private static final Branding BRANDING =
      Branding.from(
          Map.of(
              "senderName", "Acme",
              "companyInformation", "Acme Inc.\n1 Main Street\n12345 Springfield",
              "appLogo", "https://cdn.acme-assets.test/logo.png"));

  static Stream<String> languages() {
    return Languages.SUPPORTED.stream();
  }

  static Stream<String> nonEnglish() {
    return Languages.SUPPORTED.stream().filter(l -> !l.equals("en"));
  }

  static Stream<Arguments> everyTypeInEveryLanguage() {
    List<Arguments> all = new ArrayList<>();
    for (String language : Languages.SUPPORTED) {
      for (UsageType type : UsageType.values()) {
        all.add(Arguments.of(type, language));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} has exactly the English keys")
  @MethodSource("nonEnglish")
  void bundleHasNoMissingOrExtraKey(String language) {
    assertThat(Messages.bundle(language).keySet())
        .containsExactlyInAnyOrderElementsOf(Messages.bundle("en").keySet());
  }

  @Test
  void englishHasSubjectHeadingAndIntroForEveryUsageType() {
    for (UsageType type : UsageType.values()) {
      assertThat(Messages.bundle("en"))
          .containsKeys(
              type.wireName() + ".subject",
              type.wireName() + ".heading",
              type.wireName() + ".intro");
    }
  }

  @ParameterizedTest(name = "{0} translates every string")
  @MethodSource("nonEnglish")
  void noStringIsLeftInEnglish(String language) {
    Map<String, String> en = Messages.bundle("en");
    List<String> untranslated = new ArrayList<>();
    Messages.bundle(language)
        .forEach(
            (key, value) -> {
              if (value.equals(en.get(key)) && !SAME_AS_ENGLISH_ALLOWED.contains(value)) {
                untranslated.add(key);
              }
            });
    assertThat(untranslated).as("keys still in English in " + language).isEmpty();
  }

  @ParameterizedTest(name = "{0} uses the same placeholders as English")
  @MethodSource("nonEnglish")
  void placeholdersMatchEnglish(String language) {
    Map<String, String> en = Messages.bundle("en");
    Messages.bundle(language)
        .forEach(
            (key, value) ->
                assertThat(placeholders(value))
                    .as(language + " " + key)
                    .isEqualTo(placeholders(en.get(key))));
  }

  @ParameterizedTest(name = "{0} bundle has no blank value")
  @MethodSource("languages")
  void noBlankValue(String language) {
    assertThat(Messages.bundle(language).values()).allSatisfy(v -> assertThat(v).isNotBlank());
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("everyTypeInEveryLanguage")
  void rendersCompletely(UsageType type, String language) {
    for (boolean names : new boolean[] {true, false}) {
      EmailContent email =
          EmailRenderer.shared()
              .render(
                  new EmailModel(
                      type,
                      language,
                      "482913",
                      "https://auth.example.com/invite?token=t0k&x=1",
                      names ? "Globex" : null,
                      names ? "Hank" : null,
                      BRANDING,
                      10));

      assertThat(email.language()).isEqualTo(language);
      assertNothingLeftOver(email.subject());
      assertNothingLeftOver(email.html());
      assertNothingLeftOver(email.text());
      assertThat(email.html().getBytes(StandardCharsets.UTF_8).length).isLessThan(HTML_LIMIT);
      assertThat(email.html())
          .startsWith("<!DOCTYPE html>")
          .contains("<html lang=\"" + language + "\"")
          .contains("482913")
          .contains("https://cdn.acme-assets.test/logo.png")
          .contains("12345 Springfield")
          .doesNotContain("<script", "<link", "<style", "@import", "http://");
      assertThat(email.text()).contains("482913").contains("12345 Springfield");
      assertThat(email.subject())
          .isEqualTo(
              Messages.localized(language, Map.of("organization", "Globex"))
                  .get(
                      type.wireName()
                          + (type == UsageType.OrganizationInvitation && !names
                              ? ".subjectNoName"
                              : ".subject")));
      if (type == UsageType.OrganizationInvitation) {
        assertThat(email.html())
            .contains("href=\"https://auth.example.com/invite?token=t0k&amp;x=1\"");
        assertThat(email.text()).contains("https://auth.example.com/invite?token=t0k&x=1");
        if (names) {
          assertThat(email.text()).contains("Globex", "Hank");
        }
      } else {
        assertThat(email.html()).doesNotContain("<a ", "href");
        assertThat(email.text())
            .contains(Messages.bundle(language).get(type.wireName() + ".intro"))
            .contains(Messages.localized(language, Map.of("minutes", "10")).get("layout.expiry"));
      }
    }
  }

  @Test
  void everyHtmlAndTextTemplateExistsForEveryUsageType() {
    Set<String> rendered = new TreeSet<>();
    for (UsageType type : UsageType.values()) {
      EmailRenderer.shared()
          .render(new EmailModel(type, "en", "1", null, null, null, Branding.none(), 10));
      rendered.add(type.wireName());
    }
    assertThat(rendered).hasSize(9);
  }

  private static void assertNothingLeftOver(String s) {
    assertThat(s)
        .doesNotContain("${", "{{", "}}", "???", "<#", "[#")
        .doesNotContainPattern("\\{[A-Za-z]+}");
  }

  private static Set<String> placeholders(String s) {
    Set<String> out = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(s);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
