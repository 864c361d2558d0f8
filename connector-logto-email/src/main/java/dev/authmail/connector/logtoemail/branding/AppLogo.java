package dev.authmail.connector.logtoemail.branding;

import dev.authmail.connector.api.ConnectorException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tenant's logo: an https URL, or an uploaded PNG or JPEG given as base64 or as a
 * {@code data:image/...;base64,} URI.
 *
 * <p>Why magic bytes: a name or a declared media type says nothing about the content, and a GIF or
 * SVG (which can carry script) renamed {@code .png} must not reach every recipient. Uploaded images
 * are limited to {@value #MAX_BYTES} bytes. Immutable and thread-safe.
 */
public final class AppLogo {
  public static final int MAX_BYTES = 256 * 1024;
  static final int MAX_URL_LENGTH = 2048;

  private static final Pattern DATA_URI = Pattern.compile(
      "(?is)data:([a-z0-9.+-]+/[a-z0-9.+-]+)?((?:;[a-z0-9-]+=[^;,]*)*)(;base64)?,(.*)");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

  private final String src;
  private final boolean uploaded;

  private AppLogo(String src, boolean uploaded) {
    this.src = src;
    this.uploaded = uploaded;
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

  /** What goes into the {@code img src}: the https URL, or a data URI of the checked image. */
  public String src() {
    return src;
  }

  /** Whether the logo was uploaded (a data URI is rendered) rather than linked. */
  public boolean uploaded() {
    return uploaded;
  }

  /** Shows a URL, but only the length of an uploaded image. */
  @Override
  public String toString() {
    return uploaded ? "AppLogo[uploaded, " + src.length() + " chars]" : "AppLogo[" + src + "]";
  }

  private static AppLogo fromUrl(String key, String value) {
    if (value.length() > MAX_URL_LENGTH) {
      throw ConnectorException.invalidConfig(key, "is a URL of " + value.length() + " characters; at most "
          + MAX_URL_LENGTH + " are allowed");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw ConnectorException.invalidConfig(key, "is not a valid URL (" + e.getReason() + ")");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      throw ConnectorException.invalidConfig(key, "must be an https:// URL or an uploaded PNG or JPEG image"
          + " (mail clients block images served over plain http)");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw ConnectorException.invalidConfig(key, "has no host name; give a full https:// URL of a PNG or JPEG image");
    }
    if (uri.getRawUserInfo() != null) {
      throw ConnectorException.invalidConfig(key, "must not carry a user name or password");
    }
    return new AppLogo(uri.toASCIIString(), false);
  }

  private static AppLogo fromDataUri(String key, String value) {
    Matcher m = DATA_URI.matcher(value);
    if (!m.matches() || m.group(3) == null) {
      throw ConnectorException.invalidConfig(key, "is a data URI that is not base64 image data;"
          + " expected data:image/png;base64,… or data:image/jpeg;base64,…");
    }
    String declared = m.group(1) == null ? null : m.group(1).toLowerCase(Locale.ROOT);
    if (declared != null && !declared.equals("image/png") && !declared.equals("image/jpeg") && !declared.equals("image/jpg")) {
      throw ConnectorException.invalidConfig(key, "is declared as " + declared + "; only PNG or JPEG images are allowed");
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
      throw ConnectorException.invalidConfig(key, "must be an https:// URL, or a PNG or JPEG image as base64 or a data URI;"
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
      throw ConnectorException.invalidConfig(key, "is " + what + "; only PNG or JPEG images are allowed"
          + " (the file's content is checked, not its name or declared type)");
    }
    String declaredNormalized = "image/jpg".equals(declared) ? "image/jpeg" : declared;
    if (declaredNormalized != null && !declaredNormalized.equals(actual)) {
      throw ConnectorException.invalidConfig(key, "is declared as " + declared + " but its content is " + actual
          + "; declare the real type");
    }
    return new AppLogo("data:" + actual + ";base64," + Base64.getEncoder().encodeToString(bytes), true);
  }

  private static ConnectorException tooLarge(String key, long bytes) {
    return ConnectorException.invalidConfig(key, "is an image of about " + (bytes / 1024) + " KB; at most "
        + (MAX_BYTES / 1024) + " KB is allowed (a logo is shown at 48 pixels high: resize it)");
  }
}
