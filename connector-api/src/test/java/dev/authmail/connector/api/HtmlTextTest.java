package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
  @Test
  void turnsBlocksAndBreaksIntoLines() {
    String html =
        "<html><head><title>T</title><style>p{color:red}</style></head><body><h1>Hello</h1><p>Your"
            + " code is <b>123456</b>.<br>It expires soon.</p><div>Bye</div></body></html>";

    assertThat(HtmlText.toText(html))
        .isEqualTo("Hello\n\nYour code is 123456.\nIt expires soon.\n\nBye");
  }

  @Test
  void keepsALinksAddressAfterItsLabel() {
    assertThat(HtmlText.toText("<p><a href=\"https://example.com/v?a=1&amp;b=2\">Verify</a></p>"))
        .isEqualTo("Verify (https://example.com/v?a=1&b=2)");
    assertThat(HtmlText.toText("<a href='https://example.com'>https://example.com</a>"))
        .isEqualTo("https://example.com");
    assertThat(HtmlText.toText("<a href=\"#top\">Top</a>")).isEqualTo("Top");
  }

  @Test
  void decodesEntities() {
    assertThat(
            HtmlText.toText(
                "a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; &#x263A; &nbsp;e &copy; &unknown;"))
        .isEqualTo("a <b> & \"c\" 'd' ☺ e © &unknown;");
  }

  @Test
  void dropsScriptsAndComments() {
    assertThat(HtmlText.toText("<p>a<!-- hidden --></p><script>var x = '<p>';</script><p>b</p>"))
        .isEqualTo("a\n\nb");
  }

  @Test
  void tidiesWhiteSpace() {
    assertThat(HtmlText.toText("  <p>  a \t  b  </p>\n\n\n\n<p>c</p>  ")).isEqualTo("a b\n\nc");
  }

  @Test
  void tableCellsAreSeparated() {
    assertThat(HtmlText.toText("<table><tr><td>Code</td><td>123</td></tr></table>"))
        .isEqualTo("Code 123");
  }

  @Test
  void escapedMarkupInALinkLabelStaysText() {
    assertThat(HtmlText.toText("<a href=\"https://x.example\">&lt;b&gt;</a>"))
        .isEqualTo("<b> (https://x.example)");
  }

  @Test
  void nullStaysNull() {
    assertThat(HtmlText.toText(null)).isNull();
  }

  @Test
  void anOutOfRangeNumericEntityIsKeptAsWritten() {
    assertThat(HtmlText.toText("<p>a &#99999999999; b &#x7FFFFFFFFF; c &#0; d</p>"))
        .isEqualTo("a &#99999999999; b &#x7FFFFFFFFF; c &#0; d");
  }
}
