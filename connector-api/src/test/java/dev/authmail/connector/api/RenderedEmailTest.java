package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderedEmailTest {
  private static RenderedEmail.Builder email() {
    return RenderedEmail.builder().to(EmailAddress.parse("jane@example.com")).subject("Your code");
  }

  @Test
  void derivesTheTextPartFromHtml() {
    RenderedEmail email =
        email().html("<p>Your code is <strong>123456</strong></p><p>Bye &amp; thanks</p>").build();

    assertThat(email.html())
        .contains("<p>Your code is <strong>123456</strong></p><p>Bye &amp; thanks</p>");
    assertThat(email.text()).isEqualTo("Your code is 123456\n\nBye & thanks");
  }

  @Test
  void keepsAGivenTextPart() {
    RenderedEmail email = email().html("<p>A</p>").text("plain A").build();

    assertThat(email.text()).isEqualTo("plain A");
  }

  @Test
  void aTextOnlyEmailHasNoHtml() {
    RenderedEmail email = email().text("plain").build();

    assertThat(email.html()).isEmpty();
    assertThat(email.text()).isEqualTo("plain");
  }

  @Test
  void needsHtmlOrText() {
    assertThatThrownBy(() -> email().build()).hasMessageContaining("needs an HTML or a text part");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Code\r\nBcc: evil@example.com", "Code\n", "Code\rX"})
  void refusesALineBreakInTheSubject(String subject) {
    assertThatThrownBy(() -> email().subject(subject).text("x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject contains a line break");
  }

  @Test
  void refusesALineBreakInTheDisplayNameAndHeaderValues() {
    assertThatThrownBy(() -> email().text("x").fromName("Acme\r\nBcc: x").build())
        .hasMessageContaining("fromName");
    assertThatThrownBy(() -> email().text("x").header("X-Tag", "a\nb").build())
        .hasMessageContaining("header X-Tag");
    assertThatThrownBy(() -> email().text("x").header("X-Tag", "a\u0000b").build())
        .hasMessageContaining("control character");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"From", "to", "BCC", "Subject", "Message-ID", "Reply-To", "Content-Type", "DATE"})
  void refusesReservedHeaders(String name) {
    assertThatThrownBy(() -> email().text("x").header(name, "v").build())
        .hasMessageContaining("is set by authmail and cannot be overridden");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X Tag", "X:Tag", "", "X-Tägg"})
  void refusesMalformedHeaderNames(String name) {
    assertThatThrownBy(() -> email().text("x").header(name, "v").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsCustomHeadersInOrder() {
    RenderedEmail email = email().text("x").header("X-B", "2").header("X-A", "1").build();

    assertThat(email.headers())
        .containsExactly(java.util.Map.entry("X-B", "2"), java.util.Map.entry("X-A", "1"));
  }

  @Test
  void aBlankDisplayNameMeansNone() {
    assertThat(email().text("x").fromName("  ").build().fromName()).isEmpty();
  }

  @Test
  void toStringShowsNoContent() {
    RenderedEmail email =
        email()
            .subject("Code 123456")
            .text("123456")
            .messageId("m-1")
            .type(UsageType.SignIn)
            .build();

    assertThat(email.toString()).isEqualTo("RenderedEmail[messageId=m-1, type=SignIn]");
  }

  @Test
  void toBuilderDerivesAChangedCopy() {
    RenderedEmail original = email().html("<p>x</p>").header("X-A", "1").build();

    RenderedEmail changed =
        original.toBuilder().from(EmailAddress.parse("noreply@example.com")).build();

    assertThat(changed.from()).contains(EmailAddress.parse("noreply@example.com"));
    assertThat(changed.html()).isEqualTo(original.html());
    assertThat(changed.headers()).isEqualTo(original.headers());
  }

  @Test
  void carriesInlineImagesInOrder() {
    InlineImage logo = new InlineImage("logo@authmail", "image/png", InlineImageTest.PNG);
    InlineImage badge = new InlineImage("badge", "image/jpeg", InlineImageTest.JPEG);

    RenderedEmail email =
        email()
            .html("<img src=\"cid:logo@authmail\"><img src=\"cid:badge\">")
            .inlineImage(logo)
            .inlineImage("badge", "image/jpeg", InlineImageTest.JPEG)
            .build();

    assertThat(email.inlineImages()).containsExactly(logo, badge);
    assertThat(email().text("x").build().inlineImages()).isEmpty();
  }

  @Test
  void inlineImagesSurviveToBuilderAndCanBeDropped() {
    RenderedEmail email =
        email()
            .html("<img src=\"cid:logo\">")
            .inlineImage("logo", "image/png", InlineImageTest.PNG)
            .build();

    assertThat(email.toBuilder().build().inlineImages()).isEqualTo(email.inlineImages());
    assertThat(email.toBuilder().clearInlineImages().build().inlineImages()).isEmpty();
  }

  @Test
  void refusesInlineImagesWithoutHtmlTwiceTheSameIdOrTooMany() {
    assertThatThrownBy(
            () -> email().text("x").inlineImage("logo", "image/png", InlineImageTest.PNG).build())
        .hasMessage("inline images need an HTML part that shows them");
    assertThatThrownBy(
            () ->
                email()
                    .html("<p>x</p>")
                    .inlineImage("logo", "image/png", InlineImageTest.PNG)
                    .inlineImage("LOGO", "image/jpeg", InlineImageTest.JPEG)
                    .build())
        .hasMessage("two inline images have the content id LOGO");
    RenderedEmail.Builder many = email().html("<p>x</p>");
    for (int i = 0; i <= RenderedEmail.MAX_INLINE_IMAGES; i++) {
      many.inlineImage("img" + i, "image/png", InlineImageTest.PNG);
    }
    assertThatThrownBy(many::build)
        .hasMessageContaining("at most " + RenderedEmail.MAX_INLINE_IMAGES + " inline images");
  }

  @Test
  void htmlForViewingReplacesCidReferencesWithDataUris() {
    InlineImage logo = new InlineImage("logo@authmail", "image/png", InlineImageTest.PNG);
    RenderedEmail email =
        email()
            .html(
                "<img src=\"cid:logo@authmail\" alt=\"A\"><img src='CID:logo%40authmail'><div"
                    + " style=\"background:url(cid:logo@authmail)\"></div><img src=\"cid:other\">")
            .inlineImage(logo)
            .build();

    assertThat(email.htmlForViewing())
        .contains(
            "<img src=\""
                + logo.dataUri()
                + "\" alt=\"A\">"
                + "<img src='"
                + logo.dataUri()
                + "'>"
                + "<div style=\"background:url("
                + logo.dataUri()
                + ")\"></div><img src=\"cid:other\">");
    // What is sent is unchanged: the HTML keeps its cid: references.
    assertThat(email.html()).get().asString().contains("cid:logo@authmail").doesNotContain("data:");
  }

  @Test
  void htmlForViewingIsTheHtmlWhenThereAreNoImagesAndEmptyWithoutHtml() {
    assertThat(email().html("<img src=\"cid:x\">").build().htmlForViewing())
        .contains("<img src=\"cid:x\">");
    assertThat(email().text("x").build().htmlForViewing()).isEmpty();
  }

  @Test
  void toStringShowsNoImageData() {
    RenderedEmail email =
        email()
            .html("<img src=\"cid:logo\">")
            .messageId("m-2")
            .inlineImage("logo", "image/png", InlineImageTest.PNG)
            .build();

    assertThat(email.toString()).isEqualTo("RenderedEmail[messageId=m-2, type=null]");
  }
}
