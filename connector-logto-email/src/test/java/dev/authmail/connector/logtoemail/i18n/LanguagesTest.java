package dev.authmail.connector.logtoemail.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguagesTest {
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "en, en",
    "ja, ja",
    "ja-JP, ja",
    "ko-KR, ko",
    "de-AT, de",
    "de_CH, de",
    "fr-CA, fr",
    "FR-ca, fr",
    "es-MX, es",
    "es-419, es",
    "en-GB, en",
    "it-CH, it",
    "ru-RU, ru",
    "tr-TR, tr",
    "pt, pt-BR",
    "pt-PT, pt-BR",
    "pt-BR, pt-BR",
    "pt_br, pt-BR",
    "zh, zh-CN",
    "zh-CN, zh-CN",
    "zh-SG, zh-CN",
    "zh-Hans, zh-CN",
    "zh-Hans-HK, zh-CN",
    "zh-TW, zh-TW",
    "zh-HK, zh-TW",
    "zh-MO, zh-TW",
    "zh-Hant, zh-TW",
    "zh-Hant-CN, zh-TW",
    "zh_TW, zh-TW"
  })
  void matchesBuiltInLanguage(String tag, String expected) {
    assertThat(Languages.match(tag)).isEqualTo(expected);
  }

  @Test
  void unknownOrMalformedTagsMatchNothing() {
    assertThat(Languages.match("nl")).isNull();
    assertThat(Languages.match("")).isNull();
    assertThat(Languages.match("12-$$")).isNull();
    assertThat(Languages.match(null)).isNull();
  }

  @Test
  void walksLocaleThenUiLocalesThenDefaultThenEnglish() {
    assertThat(Languages.resolve("fr-CA", "ja", "de")).isEqualTo("fr");
    assertThat(Languages.resolve("nl-BE", "sv zh-HK ja", "de")).isEqualTo("zh-TW");
    assertThat(Languages.resolve("nl", null, "ko")).isEqualTo("ko");
    assertThat(Languages.resolve("nl", "sv", "pl")).isEqualTo("en");
    assertThat(Languages.resolve(null, null, null)).isEqualTo("en");
  }
}
