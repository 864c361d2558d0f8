package dev.authmail.connector.logtoemail.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.connector.api.UsageType;
import dev.authmail.connector.logtoemail.preview.EmailPreview;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Han characters differ between Japanese, Simplified and Traditional Chinese: each CJK language
 * names only its own fonts, so a Japanese email never falls through to a Chinese one.
 */
class CjkFontTest {
  private static final String[] CJK_FONTS = {
    "'Hiragino Sans'",
    "Meiryo",
    "'PingFang SC'",
    "'Microsoft YaHei'",
    "'PingFang TC'",
    "'Microsoft JhengHei'",
    "'Malgun Gothic'",
    "'Apple SD Gothic Neo'"
  };

  @ParameterizedTest
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "ja,    'Hiragino Sans'|Meiryo",
        "zh-CN, 'PingFang SC'|'Microsoft YaHei'",
        "zh-TW, 'PingFang TC'|'Microsoft JhengHei'",
        "ko,    'Apple SD Gothic Neo'|'Malgun Gothic'",
        "de,    \"\""
      })
  void eachLanguageNamesOnlyItsOwnCjkFonts(String language, String own) {
    String html = EmailPreview.render(UsageType.SignIn, language, Map.of()).html();

    for (String font : CJK_FONTS) {
      if (!own.isEmpty() && own.contains(font)) {
        assertThat(html).as(language).contains(font);
      } else {
        assertThat(html).as(language).doesNotContain(font);
      }
    }
  }
}
