package dev.authmail.connector.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An email whose content is final: what an {@link EmailTransport} delivers as it is. It always has
 * a text part; when only HTML was given, {@link Builder#build()} derives the text from it, so
 * transports can always send multipart/alternative.
 *
 * <p>The HTML may show {@linkplain #inlineImages() inline images} as {@code cid:} references; a
 * transport sends them as related parts (SMTP: {@code multipart/related} inside the alternative) or
 * as the provider's inline attachments. A viewer that cannot resolve {@code cid:} (a browser
 * preview, a capture inbox, a console) shows {@link #htmlForViewing()} instead.
 *
 * <p>Header-bound values (subject, display names, custom header values) are checked for CR/LF on
 * construction. Immutable and thread-safe.
 */
public final class RenderedEmail {
  /** Headers a custom header may not set: the transport owns them. */
  public static final Set<String> RESERVED_HEADERS =
      Set.of(
          "from",
          "to",
          "cc",
          "bcc",
          "subject",
          "date",
          "message-id",
          "reply-to",
          "sender",
          "return-path",
          "mime-version",
          "content-type",
          "content-transfer-encoding");

  /** The most inline images one email may carry. */
  public static final int MAX_INLINE_IMAGES = 10;

  /** A {@code cid:} URL (RFC 2392: the content id, URL-encoded) in HTML or CSS. */
  private static final Pattern CID_URL = Pattern.compile("(?i)cid:([A-Za-z0-9._@%-]+)");

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
  private final List<InlineImage> inlineImages;

  private RenderedEmail(Builder b) {
    this.to = Objects.requireNonNull(b.to, "to is null");
    this.from = b.from;
    this.fromName = checkHeaderValue("fromName", b.fromName);
    this.replyTo = b.replyTo;
    this.subject =
        checkHeaderValue("subject", Objects.requireNonNull(b.subject, "subject is null"));
    if (b.html == null && b.text == null) {
      throw new IllegalArgumentException("an email needs an HTML or a text part");
    }
    this.html = b.html;
    this.text = b.text != null ? b.text : HtmlText.toText(b.html);
    this.messageId = b.messageId;
    this.type = b.type;
    Map<String, String> headers = new LinkedHashMap<>();
    b.headers.forEach(
        (name, value) -> {
          checkHeaderName(name);
          headers.put(name, checkHeaderValue("header " + name, value));
        });
    this.headers = Collections.unmodifiableMap(headers);
    this.inlineImages = checkInlineImages(b.inlineImages, b.html != null);
  }

  private static List<InlineImage> checkInlineImages(List<InlineImage> images, boolean hasHtml) {
    if (images.isEmpty()) {
      return List.of();
    }
    if (!hasHtml) {
      throw new IllegalArgumentException("inline images need an HTML part that shows them");
    }
    if (images.size() > MAX_INLINE_IMAGES) {
      throw new IllegalArgumentException(
          "an email may carry at most "
              + MAX_INLINE_IMAGES
              + " inline images, not "
              + images.size());
    }
    Set<String> ids = new HashSet<>();
    for (InlineImage image : images) {
      // Content ids are compared as cid: URLs are resolved: case-insensitively.
      if (!ids.add(image.contentId().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "two inline images have the content id " + image.contentId());
      }
    }
    return List.copyOf(images);
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
    b.inlineImages.addAll(inlineImages);
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
        throw new IllegalArgumentException(
            "header name \""
                + printable(name)
                + "\" may only contain printable ASCII without ':' or spaces");
      }
    }
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "header " + name + " is set by authmail and cannot be overridden");
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
        throw new IllegalArgumentException(
            what + " contains a line break (CR or LF), which could inject a header");
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

  /**
   * The images the HTML shows as {@code cid:<contentId>}, in order; immutable, empty when there are
   * none. Every transport must send them with the HTML (or refuse the email).
   */
  public List<InlineImage> inlineImages() {
    return inlineImages;
  }

  /**
   * The HTML part for a viewer that cannot resolve {@code cid:} URLs (a browser, a preview, a
   * capture inbox): every {@code cid:} reference to one of {@link #inlineImages()} replaced by the
   * image's {@code data:} URI. Not for sending: that is what the inline parts are for. References
   * to unknown ids stay as they are. Empty when there is no HTML part.
   */
  public Optional<String> htmlForViewing() {
    if (html == null || inlineImages.isEmpty()) {
      return Optional.ofNullable(html);
    }
    Map<String, InlineImage> byId = new HashMap<>();
    inlineImages.forEach(image -> byId.put(image.contentId().toLowerCase(Locale.ROOT), image));
    Matcher m = CID_URL.matcher(html);
    StringBuilder out =
        new StringBuilder(
            html.length() + inlineImages.stream().mapToInt(i -> i.size() * 4 / 3 + 32).sum());
    while (m.find()) {
      InlineImage image = byId.get(decode(m.group(1)).toLowerCase(Locale.ROOT));
      m.appendReplacement(
          out, Matcher.quoteReplacement(image == null ? m.group() : image.dataUri()));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }

  private static String decode(String urlEncoded) {
    try {
      return URLDecoder.decode(urlEncoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return urlEncoded; // a malformed %-escape: then it names no image of ours
    }
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
    private final List<InlineImage> inlineImages = new ArrayList<>();

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

    /** Adds an image the HTML shows as {@code cid:<contentId>}. */
    public Builder inlineImage(InlineImage image) {
      inlineImages.add(Objects.requireNonNull(image, "image is null"));
      return this;
    }

    /**
     * Adds an image the HTML shows as {@code cid:<contentId>}.
     *
     * @throws IllegalArgumentException as {@link InlineImage} does
     */
    public Builder inlineImage(String contentId, String mediaType, byte[] bytes) {
      return inlineImage(new InlineImage(contentId, mediaType, bytes));
    }

    /** Drops every inline image added so far (to derive a copy without them). */
    public Builder clearInlineImages() {
      inlineImages.clear();
      return this;
    }

    /**
     * @throws IllegalArgumentException when a header-bound value holds CR/LF, a header is reserved,
     *     there is neither HTML nor text, or there are inline images without HTML, more than
     *     {@value RenderedEmail#MAX_INLINE_IMAGES} of them, or two with one content id
     */
    public RenderedEmail build() {
      return new RenderedEmail(this);
    }
  }
}
