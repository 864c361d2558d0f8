package dev.authmail.connector.logtoemail.template;

import java.util.Objects;

/**
 * A rendered built-in email: the language it was written in, its subject, HTML and text parts.
 * {@link #toString()} shows neither part: both carry the code.
 */
public record EmailContent(String language, String subject, String html, String text) {
  public EmailContent {
    Objects.requireNonNull(language, "language is null");
    Objects.requireNonNull(subject, "subject is null");
    Objects.requireNonNull(html, "html is null");
    Objects.requireNonNull(text, "text is null");
  }

  @Override
  public String toString() {
    return "EmailContent[language=" + language + ", html=" + html.length() + " chars, text=" + text.length() + " chars]";
  }
}
