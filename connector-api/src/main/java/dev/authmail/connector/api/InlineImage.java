package dev.authmail.connector.api;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image that travels inside an email and that its HTML shows with {@code <img src="cid:ID">}
 * (RFC 2392). Mail clients that block {@code data:} URIs (Gmail, Outlook desktop) show inline
 * parts, and the image no longer counts against the HTML's size (Gmail clips HTML past ~100 KB).
 * Transports send it as a {@code multipart/related} part with {@code Content-ID: <ID>} and {@code
 * Content-Disposition: inline}, or as the provider's inline attachment.
 *
 * <p>Checked on construction, so every transport can put the values into headers and JSON as they
 * are: the content id is a short token ({@value #CONTENT_ID_PATTERN}, at most {@value
 * #MAX_CONTENT_ID_LENGTH} characters) that needs no quoting in a header nor escaping in a {@code
 * cid:} URL; the media type is {@code image/png} or {@code image/jpeg} and the bytes must start
 * like one (magic bytes); at most {@value #MAX_BYTES} bytes. The bytes are copied in and out.
 * Immutable and thread-safe; {@link #toString()} shows no content.
 *
 * @param contentId the id the HTML refers to as {@code cid:<contentId>}, e.g. {@code logo@authmail}
 * @param mediaType {@code image/png} or {@code image/jpeg}
 * @param bytes the image file
 */
public record InlineImage(String contentId, String mediaType, byte[] bytes) {
  /** The largest image, in bytes: a verification email carries a logo, not a photo album. */
  public static final int MAX_BYTES = 512 * 1024;

  public static final int MAX_CONTENT_ID_LENGTH = 100;
  static final String CONTENT_ID_PATTERN =
      "[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9][A-Za-z0-9.-]*)?";
  public static final String PNG = "image/png";
  public static final String JPEG = "image/jpeg";

  private static final Pattern CONTENT_ID = Pattern.compile(CONTENT_ID_PATTERN);
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG_MAGIC = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

  /**
   * @throws IllegalArgumentException saying which value is wrong and why
   * @throws NullPointerException when a value is {@code null}
   */
  public InlineImage {
    Objects.requireNonNull(contentId, "contentId is null");
    Objects.requireNonNull(mediaType, "mediaType is null");
    Objects.requireNonNull(bytes, "bytes is null");
    if (contentId.length() > MAX_CONTENT_ID_LENGTH || !CONTENT_ID.matcher(contentId).matches()) {
      throw new IllegalArgumentException(
          "inline image content id must be at most "
              + MAX_CONTENT_ID_LENGTH
              + " characters of letters, digits, '.', '_', '-' with at most one '@' (like"
              + " logo@authmail)");
    }
    if (!mediaType.equals(PNG) && !mediaType.equals(JPEG)) {
      throw new IllegalArgumentException(
          "inline image " + contentId + " must be image/png or image/jpeg");
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "inline image "
              + contentId
              + " has "
              + bytes.length
              + " bytes; at most "
              + MAX_BYTES
              + " are allowed");
    }
    if (!mediaTypeOf(bytes).filter(mediaType::equals).isPresent()) {
      throw new IllegalArgumentException(
          "inline image " + contentId + " is declared as " + mediaType + " but its content is not");
    }
    bytes = bytes.clone();
  }

  /**
   * What the bytes are by their first bytes (magic numbers): {@link #PNG}, {@link #JPEG}, or empty
   * for anything else. The one check of image content; a name or a declared type proves nothing.
   */
  public static Optional<String> mediaTypeOf(byte[] bytes) {
    if (startsWith(bytes, PNG_MAGIC)) {
      return Optional.of(PNG);
    }
    if (startsWith(bytes, JPEG_MAGIC)) {
      return Optional.of(JPEG);
    }
    return Optional.empty();
  }

  /** A copy of the image file. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The image's size in bytes, without copying it. */
  public int size() {
    return bytes.length;
  }

  /** The image file in base64 (RFC 4648, no line breaks), as JSON mail APIs take attachments. */
  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The image as a {@code data:} URI, for viewers that cannot resolve {@code cid:}. */
  public String dataUri() {
    return "data:" + mediaType + ";base64," + base64();
  }

  /**
   * A file name for providers that require one ({@code logo.png} for {@code logo@authmail}): the
   * content id before its {@code @}, with the media type's extension.
   */
  public String fileName() {
    int at = contentId.indexOf('@');
    String base = at < 0 ? contentId : contentId.substring(0, at);
    return base + (mediaType.equals(PNG) ? ".png" : ".jpg");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InlineImage other
        && contentId.equals(other.contentId)
        && mediaType.equals(other.mediaType)
        && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(contentId, mediaType, Arrays.hashCode(bytes));
  }

  @Override
  public String toString() {
    return "InlineImage[" + contentId + ", " + mediaType + ", " + bytes.length + " bytes]";
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
