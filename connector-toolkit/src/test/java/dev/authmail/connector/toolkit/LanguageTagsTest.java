package dev.authmail.connector.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTagsTest {
  @Test
  void aRegionalTagFallsBackToItsLanguageThenTheDefault() {
    assertThat(LanguageTags.chain("fr-CA", null, "en")).containsExactly("fr-CA", "fr", "en");
  }

  @Test
  void uiLocalesFollowTheLocaleInOrder() {
    assertThat(LanguageTags.chain("fr-CA", "de-AT ja", "en"))
        .containsExactly("fr-CA", "fr", "de-AT", "de", "ja", "en");
    assertThat(LanguageTags.chain(null, " es  pt-BR ", "en"))
        .containsExactly("es", "pt-BR", "pt", "en");
  }

  @Test
  void tagsAreNormalizedAndNotRepeated() {
    assertThat(LanguageTags.chain("zh-hant-tw", "ZH en_us", "EN"))
        .containsExactly("zh-Hant-TW", "zh-Hant", "zh", "en-US", "en");
  }

  @Test
  void malformedTagsAreIgnored() {
    assertThat(LanguageTags.chain("??", "1234 x fr", "en")).containsExactly("fr", "en");
    assertThat(LanguageTags.chain("", "", "en")).containsExactly("en");
    assertThat(LanguageTags.chain("fr\nCA", null, "en")).containsExactly("en");
    assertThat(LanguageTags.chain(" fr-CA ", null, "en")).containsExactly("fr-CA", "fr", "en");
  }

  @Test
  void normalizeAndParents() {
    assertThat(LanguageTags.normalize("pt_br")).isEqualTo("pt-BR");
    assertThat(LanguageTags.normalize("not a tag")).isNull();
    assertThat(LanguageTags.withParents("zh-Hant-TW"))
        .containsExactly("zh-Hant-TW", "zh-Hant", "zh");
  }
}
