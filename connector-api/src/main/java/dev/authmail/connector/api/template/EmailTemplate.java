package dev.authmail.connector.api.template;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.UsageType;
import java.util.Locale;
import java.util.Objects;

/**
 * A template for one usage type, from a connector's config or from the tenant's stored templates:
 * Logto's {@code {subject, content, contentType, replyTo, sendFrom}}. Text may contain Logto
 * placeholders.
 *
 * @param replyTo a Reply-To address template, or {@code null}
 * @param sendFrom a sender display name template, or {@code null}
 */
public record EmailTemplate(
    UsageType usageType,
    ContentType contentType,
    String subject,
    String content,
    String replyTo,
    String sendFrom) {

  /** The content's type; Logto's spelling on the wire. */
  public enum ContentType {
    HTML("text/html"),
    TEXT("text/plain");

    private final String mimeType;

    ContentType(String mimeType) {
      this.mimeType = mimeType;
    }

    public String mimeType() {
      return mimeType;
    }

    /**
     * Parses {@code text/html} or {@code text/plain} (also {@code html}, {@code text}); {@code
     * null} means HTML, as for Logto's stored templates.
     *
     * @throws IllegalArgumentException naming the valid values
     */
    public static ContentType parse(String value) {
      if (value == null) {
        return HTML;
      }
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "text/html", "html":
          return HTML;
        case "text/plain", "text", "plain":
          return TEXT;
        default:
          throw new IllegalArgumentException(
              "expected text/html or text/plain, got \""
                  + value.replaceAll("\\p{Cntrl}", "?")
                  + "\"");
      }
    }
  }

  public EmailTemplate {
    Objects.requireNonNull(usageType, "usageType is null");
    Objects.requireNonNull(contentType, "contentType is null");
    Objects.requireNonNull(subject, "subject is null");
    Objects.requireNonNull(content, "content is null");
  }

  /**
   * What is wrong with a {@code subject}, {@code sendFrom} or {@code replyTo} text, or {@code
   * null}: they end up in header lines, where a line break would start a new header and make every
   * send with the template fail. Checked when a template is saved (stored templates and connector
   * configs alike), not at send time.
   */
  public static String headerTextProblem(String value) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return c == '\r' || c == '\n'
            ? "contains a line break (CR or LF); it is a header and must be one line"
            : "contains a control character (U+"
                + String.format(Locale.ROOT, "%04X", (int) c)
                + ")";
      }
    }
    return null;
  }

  /**
   * What is wrong with a {@code replyTo} text, or {@code null}: {@link #headerTextProblem}, and,
   * unless it has a placeholder (checked once rendered), it must be an address.
   */
  public static String replyToProblem(String value) {
    String header = headerTextProblem(value);
    if (header != null || value == null || value.contains("{{")) {
      return header;
    }
    try {
      EmailAddress.parse(value.strip());
      return null;
    } catch (IllegalArgumentException e) {
      return "is not an email address: " + e.getMessage();
    }
  }

  public static EmailTemplate html(UsageType type, String subject, String content) {
    return new EmailTemplate(type, ContentType.HTML, subject, content, null, null);
  }

  public static EmailTemplate text(UsageType type, String subject, String content) {
    return new EmailTemplate(type, ContentType.TEXT, subject, content, null, null);
  }
}
