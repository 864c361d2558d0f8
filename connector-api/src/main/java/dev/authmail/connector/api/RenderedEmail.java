package dev.authmail.connector.api;

import dev.authmail.connector.api.template.HtmlText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An email whose content is final: what an {@link EmailTransport} delivers as it is. It always has a
 * text part; when only HTML was given, {@link Builder#build()} derives the text from it, so
 * transports can always send multipart/alternative.
 *
 * <p>Header-bound values (subject, display names, custom header values) are checked for CR/LF on
 * construction. Immutable and thread-safe.
 */
public final class RenderedEmail {
  /** Headers a custom header may not set: the transport owns them. */
  public static final Set<String> RESERVED_HEADERS = Set.of(
      "from", "to", "cc", "bcc", "subject", "date", "message-id", "reply-to", "sender",
      "return-path", "mime-version", "content-type", "content-transfer-encoding");

  private final EmailAddress to;
  private final EmailAddress from;
  private final String fromName;
  private final EmailAddress replyTo;
  private final String subject;
  private final String html;
  private final String text;
  private final String messageId;
  private final UsageType type;
  private final Map<String, String> headers;

  private RenderedEmail(Builder b) {
    this.to = Objects.requireNonNull(b.to, "to is null");
    this.from = b.from;
    this.fromName = checkHeaderValue("fromName", b.fromName);
    this.replyTo = b.replyTo;
    this.subject = checkHeaderValue("subject", Objects.requireNonNull(b.subject, "subject is null"));
    if (b.html == null && b.text == null) {
      throw new IllegalArgumentException("an email needs an HTML or a text part");
    }
    this.html = b.html;
    this.text = b.text != null ? b.text : HtmlText.toText(b.html);
    this.messageId = b.messageId;
    this.type = b.type;
    Map<String, String> headers = new LinkedHashMap<>();
    b.headers.forEach((name, value) -> {
      checkHeaderName(name);
      headers.put(name, checkHeaderValue("header " + name, value));
    });
    this.headers = Collections.unmodifiableMap(headers);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.to = to;
    b.from = from;
    b.fromName = fromName;
    b.replyTo = replyTo;
    b.subject = subject;
    b.html = html;
    b.text = text;
    b.messageId = messageId;
    b.type = type;
    b.headers.putAll(headers);
    return b;
  }

  /**
   * Checks a custom header name: a valid RFC 5322 field name that does not override a header the
   * transport owns.
   *
   * @throws IllegalArgumentException saying why
   */
  public static void checkHeaderName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a header name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 33 || c > 126 || c == ':') {
        throw new IllegalArgumentException("header name \"" + printable(name) + "\" may only contain printable ASCII without ':' or spaces");
      }
    }
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("header " + name + " is set by authmail and cannot be overridden");
    }
  }

  /**
   * Checks a value bound for a header line: no CR, LF or other control character (tab allowed).
   *
   * @return the value
   * @throws IllegalArgumentException naming {@code what}
   */
  public static String checkHeaderValue(String what, String value) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException(what + " contains a line break (CR or LF), which could inject a header");
      }
      if (Character.isISOControl(c) && c != '\t') {
        throw new IllegalArgumentException(what + " contains a control character");
      }
    }
    return value;
  }

  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }

  public EmailAddress to() {
    return to;
  }

  /** The sender address; empty means the transport's configured sender. */
  public Optional<EmailAddress> from() {
    return Optional.ofNullable(from);
  }

  /** The sender's display name; empty means the transport's configured one, if any. */
  public Optional<String> fromName() {
    return Optional.ofNullable(fromName);
  }

  public Optional<EmailAddress> replyTo() {
    return Optional.ofNullable(replyTo);
  }

  public String subject() {
    return subject;
  }

  /** The HTML part, when there is one. */
  public Optional<String> html() {
    return Optional.ofNullable(html);
  }

  /** The text part; always present. */
  public String text() {
    return text;
  }

  /** authmail's message id, when the email belongs to an outbox message. */
  public Optional<String> messageId() {
    return Optional.ofNullable(messageId);
  }

  public Optional<UsageType> type() {
    return Optional.ofNullable(type);
  }

  /** Extra headers, checked, in order; immutable. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Shows the message id and type only: content carries codes and personal data. */
  @Override
  public String toString() {
    return "RenderedEmail[messageId=" + messageId + ", type=" + type + "]";
  }

  /** Collects the parts of a {@link RenderedEmail}; not thread-safe. */
  public static final class Builder {
    private EmailAddress to;
    private EmailAddress from;
    private String fromName;
    private EmailAddress replyTo;
    private String subject;
    private String html;
    private String text;
    private String messageId;
    private UsageType type;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    public Builder to(EmailAddress to) {
      this.to = to;
      return this;
    }

    public Builder from(EmailAddress from) {
      this.from = from;
      return this;
    }

    public Builder fromName(String fromName) {
      this.fromName = fromName == null || fromName.isBlank() ? null : fromName;
      return this;
    }

    public Builder replyTo(EmailAddress replyTo) {
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

    public Builder messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    public Builder type(UsageType type) {
      this.type = type;
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Builder headers(Map<String, String> headers) {
      this.headers.putAll(headers);
      return this;
    }

    /**
     * @throws IllegalArgumentException when a header-bound value holds CR/LF, a header is reserved,
     *     or there is neither HTML nor text
     */
    public RenderedEmail build() {
      return new RenderedEmail(this);
    }
  }
}
