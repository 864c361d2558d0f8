package dev.authmail.connector.logtoemail.template;

import dev.authmail.connector.api.InlineImage;
import java.util.List;
import java.util.Objects;

/**
 * A rendered built-in email: the language it was written in, its subject, HTML and text parts, and
 * the inline images the HTML shows as {@code cid:} (an uploaded logo). {@link #toString()} shows
 * neither part: both carry the code.
 */
public record EmailContent(
    String language, String subject, String html, String text, List<InlineImage> inlineImages) {
  public EmailContent {
    Objects.requireNonNull(language, "language is null");
    Objects.requireNonNull(subject, "subject is null");
    Objects.requireNonNull(html, "html is null");
    Objects.requireNonNull(text, "text is null");
    inlineImages = List.copyOf(inlineImages);
  }

  /** Content without inline images. */
  public EmailContent(String language, String subject, String html, String text) {
    this(language, subject, html, text, List.of());
  }

  /**
   * The HTML with each {@code cid:} reference to an inline image replaced by its data URI, for a
   * person looking at it in a browser; never sent. The ids are ours, so a plain replace is exact.
   */
  public String htmlForViewing() {
    String viewing = html;
    for (InlineImage image : inlineImages) {
      viewing = viewing.replace("cid:" + image.contentId(), image.dataUri());
    }
    return viewing;
  }

  @Override
  public String toString() {
    return "EmailContent[language="
        + language
        + ", html="
        + html.length()
        + " chars, text="
        + text.length()
        + " chars, inlineImages="
        + inlineImages.size()
        + "]";
  }
}
