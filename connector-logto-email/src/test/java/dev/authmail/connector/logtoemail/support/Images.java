package dev.authmail.connector.logtoemail.support;

import java.util.Arrays;
import java.util.Base64;

/** Tiny real image headers for logo tests. */
public final class Images {
  private Images() {}

  /** A 1×1 transparent PNG. */
  public static final String PNG_BASE64 =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAA"
          + "AAYAAjCB0C8AAAAASUVORK5CYII=";

  /** A 1×1 GIF. */
  public static final String GIF_BASE64 =
      "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==";

  /** JPEG magic bytes followed by padding: enough for a magic-byte check. */
  public static String jpegBase64(int size) {
    byte[] bytes = new byte[size];
    bytes[0] = (byte) 0xff;
    bytes[1] = (byte) 0xd8;
    bytes[2] = (byte) 0xff;
    bytes[3] = (byte) 0xe0;
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A PNG signature followed by {@code size} bytes in total. */
  public static String pngBase64(int size) {
    byte[] png = Base64.getDecoder().decode(PNG_BASE64);
    byte[] bytes = Arrays.copyOf(png, Math.max(size, png.length));
    return Base64.getEncoder().encodeToString(bytes);
  }
}
