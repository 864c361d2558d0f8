package dev.authmail.connector.logtoemail.branding;

import dev.authmail.connector.api.InlineImage;

/**
 * Tells image formats apart by their first bytes (magic numbers): PNG and JPEG as {@link
 * InlineImage#mediaTypeOf} does, others only to name them. Stateless and thread-safe.
 */
final class ImageType {
  private ImageType() {}

  /** {@code image/png}, {@code image/jpeg}, or {@code null} for anything else. */
  static String detect(byte[] bytes) {
    return InlineImage.mediaTypeOf(bytes).orElse(null);
  }

  /** A short description of content that is neither PNG nor JPEG, for error messages. */
  static String describeOther(byte[] bytes) {
    String head =
        new String(
            bytes, 0, Math.min(bytes.length, 256), java.nio.charset.StandardCharsets.ISO_8859_1);
    if (head.startsWith("GIF87a") || head.startsWith("GIF89a")) {
      return "a GIF image";
    }
    if (head.startsWith("RIFF") && head.length() >= 12 && head.startsWith("WEBP", 8)) {
      return "a WebP image";
    }
    if (head.startsWith("BM")) {
      return "a BMP image";
    }
    if (head.contains("<svg") || head.startsWith("<?xml")) {
      return "an SVG/XML document";
    }
    return bytes.length == 0 ? "empty" : "not an image this service accepts";
  }
}
