package dev.authmail.connector.logtoemail.branding;

/** Tells image formats apart by their first bytes (magic numbers). Stateless and thread-safe. */
final class ImageType {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

  private ImageType() {}

  /** {@code image/png}, {@code image/jpeg}, or {@code null} for anything else. */
  static String detect(byte[] bytes) {
    if (startsWith(bytes, PNG)) {
      return "image/png";
    }
    if (startsWith(bytes, JPEG)) {
      return "image/jpeg";
    }
    return null;
  }

  /** A short description of content that is neither PNG nor JPEG, for error messages. */
  static String describeOther(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 256), java.nio.charset.StandardCharsets.ISO_8859_1);
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
