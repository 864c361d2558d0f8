package dev.authmail.connector.tck;

import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.RenderedEmail;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the provider received for one accepted message, as the connector test's peer decoded it from
 * the wire (the JSON body, the MIME message, the form fields): the contract checks it against what
 * was sent, so a connector that drops its credentials, its HTML or its inline images fails.
 *
 * <p>Fields the provider's API does not carry are {@code null} (a provider that takes Logto's
 * {@code {to, type, payload}} has no subject or bodies: it gives its request as {@link
 * #content()}). Immutable; build with {@link #builder()}.
 *
 * @param credentialsValid whether the request carried the credentials of the test's config and the
 *     peer found them correct (the API key header, SMTP AUTH, the request signature); a peer must
 *     check them itself, since a MockWebServer accepts any request
 * @param to the recipient's address
 * @param from the sender's address (without display name)
 * @param replyTo the reply-to address
 * @param subject the subject
 * @param html the HTML body
 * @param text the plain text body
 * @param inlineImages inline images by content id (without angle brackets), as decoded bytes
 * @param content the request as the provider got it, for providers that take a payload rather than
 *     rendered content (the contract looks for the code in it); may be {@code null} otherwise
 */
public record ReceivedEmail(
    boolean credentialsValid,
    String to,
    String from,
    String replyTo,
    String subject,
    String html,
    String text,
    Map<String, byte[]> inlineImages,
    String content) {
  public ReceivedEmail {
    inlineImages = Map.copyOf(Objects.requireNonNullElse(inlineImages, Map.of()));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A rendered email as an in-process peer received it (a {@link CapturingTransport}, an in-memory
   * provider): every field as it is.
   */
  public static ReceivedEmail of(RenderedEmail email, boolean credentialsValid) {
    Builder received =
        builder()
            .credentialsValid(credentialsValid)
            .to(email.to().value())
            .from(email.from().map(EmailAddress::value).orElse(null))
            .replyTo(email.replyTo().map(EmailAddress::value).orElse(null))
            .subject(email.subject())
            .html(email.html().orElse(null))
            .text(email.text());
    email.inlineImages().forEach(image -> received.inlineImage(image.contentId(), image.bytes()));
    return received.build();
  }

  /** Everything that can carry the code: subject, bodies and content, joined. */
  public String allText() {
    StringBuilder all = new StringBuilder();
    for (String part : new String[] {subject, html, text, content}) {
      if (part != null) {
        all.append(part).append('\n');
      }
    }
    return all.toString();
  }

  /** Shows the fields, not the image bytes. */
  @Override
  public String toString() {
    return "ReceivedEmail[credentialsValid="
        + credentialsValid
        + ", to="
        + to
        + ", from="
        + from
        + ", replyTo="
        + replyTo
        + ", subject="
        + subject
        + ", html="
        + html
        + ", text="
        + text
        + ", inlineImages="
        + inlineImages.keySet()
        + ", content="
        + content
        + "]";
  }

  /** Equal fields, image bytes compared by content. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ReceivedEmail r)) {
      return false;
    }
    if (!inlineImages.keySet().equals(r.inlineImages.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> image : inlineImages.entrySet()) {
      if (!Arrays.equals(image.getValue(), r.inlineImages.get(image.getKey()))) {
        return false;
      }
    }
    return credentialsValid == r.credentialsValid
        && Objects.equals(to, r.to)
        && Objects.equals(from, r.from)
        && Objects.equals(replyTo, r.replyTo)
        && Objects.equals(subject, r.subject)
        && Objects.equals(html, r.html)
        && Objects.equals(text, r.text)
        && Objects.equals(content, r.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        credentialsValid, to, from, replyTo, subject, html, text, inlineImages.keySet(), content);
  }

  /** Collects the fields a peer decoded; not thread-safe. */
  public static final class Builder {
    private boolean credentialsValid;
    private String to;
    private String from;
    private String replyTo;
    private String subject;
    private String html;
    private String text;
    private final Map<String, byte[]> inlineImages = new LinkedHashMap<>();
    private String content;

    private Builder() {}

    public Builder credentialsValid(boolean credentialsValid) {
      this.credentialsValid = credentialsValid;
      return this;
    }

    public Builder to(String to) {
      this.to = to;
      return this;
    }

    public Builder from(String from) {
      this.from = from;
      return this;
    }

    public Builder replyTo(String replyTo) {
      this.replyTo = replyTo;
      return this;
    }

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    public Builder html(String html) {
      this.html = html;
      return this;
    }

    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /**
     * @param contentId without angle brackets
     */
    public Builder inlineImage(String contentId, byte[] bytes) {
      inlineImages.put(contentId, bytes.clone());
      return this;
    }

    public Builder content(String content) {
      this.content = content;
      return this;
    }

    public ReceivedEmail build() {
      return new ReceivedEmail(
          credentialsValid, to, from, replyTo, subject, html, text, inlineImages, content);
    }
  }
}
