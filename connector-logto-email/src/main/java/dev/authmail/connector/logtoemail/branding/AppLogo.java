package dev.authmail.connector.logtoemail.branding;

import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.InlineImage;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tenant's logo: an https URL, or an uploaded PNG or JPEG given as base64 or as a {@code
 * data:image/...;base64,} URI.
 *
 * <p>Why magic bytes: a name or a declared media type says nothing about the content, and a GIF or
 * SVG (which can carry script) renamed {@code .png} must not reach every recipient. Uploaded images
 * are limited to {@value #MAX_BYTES} bytes.
 *
 * <p>Why {@code cid:} for uploads: Gmail and Outlook desktop show no {@code data:} image, and a
 * data URI of a large upload pushes the HTML past the ~100 KB at which Gmail clips a message. So an
 * upload travels as an {@link InlineImage} and the HTML refers to it as {@code cid:}; its content
 * id is derived from the image's bytes ({@code logo-<hash>@authmail}), stable across sends and
 * different for a new logo. Immutable and thread-safe.
 */
public final class AppLogo {
  public static final int MAX_BYTES = 256 * 1024;
  static final int MAX_URL_LENGTH = 2048;

  private static final Pattern DATA_URI =
      Pattern.compile(
          "(?is)data:([a-z0-9.+-]+/[a-z0-9.+-]+)?((?:;[a-z0-9-]+=[^;,]*)*)(;base64)?,(.*)");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

  private final String src;
  private final InlineImage image;

  private AppLogo(String src, InlineImage image) {
    this.src = src;
    this.image = image;
  }

  /**
   * Checks and reads a logo setting.
   *
   * @return {@code null} when {@code value} is blank
   * @throws ConnectorException INVALID_CONFIG naming {@code key}
   */
  public static AppLogo parse(String key, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.startsWith("data:")) {
      return fromDataUri(key, v);
    }
    if (lower.contains("://") || lower.startsWith("//") || lower.startsWith("www.")) {
      return fromUrl(key, v);
    }
    return fromImage(key, decode(key, v), null);
  }

  /**
   * The setting as one URL: the https URL, or a data URI of the checked image (what remote mode
   * forwards as {@code appLogo}). Not for the HTML of a sent email: see {@link #htmlSrc()}.
   */
  public String src() {
    return src;
  }

  /**
   * What the email's {@code img src} says: the https URL, or {@code cid:<content id>} of the
   * upload.
   */
  public String htmlSrc() {
    return image == null ? src : "cid:" + image.contentId();
  }

  /** The uploaded image, to send as an inline part; empty for a linked logo. */
  public Optional<InlineImage> inlineImage() {
    return Optional.ofNullable(image);
  }

  /** Whether the logo was uploaded (sent as an inline image) rather than linked. */
  public boolean uploaded() {
    return image != null;
  }

  /** Shows a URL, but only the size of an uploaded image. */
  @Override
  public String toString() {
    return image != null
        ? "AppLogo[uploaded, " + image.mediaType() + ", " + image.size() + " bytes]"
        : "AppLogo[" + src + "]";
  }

  private static AppLogo fromUrl(String key, String value) {
    if (value.length() > MAX_URL_LENGTH) {
      throw ConnectorException.invalidConfig(
          key,
          "is a URL of "
              + value.length()
              + " characters; at most "
              + MAX_URL_LENGTH
              + " are allowed");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw ConnectorException.invalidConfig(key, "is not a valid URL (" + e.getReason() + ")");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      throw ConnectorException.invalidConfig(
          key,
          "must be an https:// URL or an uploaded PNG or JPEG image"
              + " (mail clients block images served over plain http)");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw ConnectorException.invalidConfig(
          key, "has no host name; give a full https:// URL of a PNG or JPEG image");
    }
    if (uri.getRawUserInfo() != null) {
      throw ConnectorException.invalidConfig(key, "must not carry a user name or password");
    }
    return new AppLogo(uri.toASCIIString(), null);
  }

  private static AppLogo fromDataUri(String key, String value) {
    Matcher m = DATA_URI.matcher(value);
    if (!m.matches() || m.group(3) == null) {
      throw ConnectorException.invalidConfig(
          key,
          "is a data URI that is not base64 image data;"
              + " expected data:image/png;base64,… or data:image/jpeg;base64,…");
    }
    String declared = m.group(1) == null ? null : m.group(1).toLowerCase(Locale.ROOT);
    if (declared != null
        && !declared.equals("image/png")
        && !declared.equals("image/jpeg")
        && !declared.equals("image/jpg")) {
      throw ConnectorException.invalidConfig(
          key, "is declared as " + declared + "; only PNG or JPEG images are allowed");
    }
    return fromImage(key, decode(key, m.group(4)), declared);
  }

  private static byte[] decode(String key, String base64) {
    String compact = base64.replaceAll("\\s+", "");
    // Checked before decoding so a huge value is refused without allocating it twice.
    long approxBytes = compact.length() / 4L * 3L;
    if (approxBytes > MAX_BYTES + 3L) {
      throw tooLarge(key, approxBytes);
    }
    if (compact.isEmpty() || !BASE64.matcher(compact).matches()) {
      throw ConnectorException.invalidConfig(
          key,
          "must be an https:// URL, or a PNG or JPEG image as base64 or a data URI;"
              + " this value is neither");
    }
    try {
      return Base64.getDecoder().decode(compact);
    } catch (IllegalArgumentException e) {
      throw ConnectorException.invalidConfig(key, "is not valid base64 (" + e.getMessage() + ")");
    }
  }

  private static AppLogo fromImage(String key, byte[] bytes, String declared) {
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(key, bytes.length);
    }
    String actual = ImageType.detect(bytes);
    if (actual == null) {
      String what = ImageType.describeOther(bytes);
      throw ConnectorException.invalidConfig(
          key,
          "is "
              + what
              + "; only PNG or JPEG images are allowed"
              + " (the file's content is checked, not its name or declared type)");
    }
    String declaredNormalized = "image/jpg".equals(declared) ? "image/jpeg" : declared;
    if (declaredNormalized != null && !declaredNormalized.equals(actual)) {
      throw ConnectorException.invalidConfig(
          key,
          "is declared as "
              + declared
              + " but its content is "
              + actual
              + "; declare the real type");
    }
    InlineImage image = new InlineImage(contentId(bytes), actual, bytes);
    return new AppLogo(image.dataUri(), image);
  }

  /** {@code logo-<first 16 hex digits of SHA-256>@authmail}: the same logo, the same id. */
  private static String contentId(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "logo-" + HexFormat.of().formatHex(hash, 0, 8) + "@authmail";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static ConnectorException tooLarge(String key, long bytes) {
    return ConnectorException.invalidConfig(
        key,
        "is an image of about "
            + (bytes / 1024)
            + " KB; at most "
            + (MAX_BYTES / 1024)
            + " KB is allowed (a logo is shown at 48 pixels high: resize it)");
  }
}
