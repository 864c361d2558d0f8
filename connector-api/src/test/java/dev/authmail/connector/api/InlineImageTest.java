package dev.authmail.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InlineImageTest {
  static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAA"
                  + "AAYAAjCB0C8AAAAASUVORK5CYII=");
  static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10};

  @Test
  void keepsItsOwnCopyOfTheBytes() {
    byte[] bytes = PNG.clone();
    InlineImage image = new InlineImage("logo@authmail", "image/png", bytes);

    bytes[20] ^= 1;
    image.bytes()[21] ^= 1;

    assertThat(image.bytes()).isEqualTo(PNG);
    assertThat(image.size()).isEqualTo(PNG.length);
  }

  @Test
  void offersBase64ADataUriAndAFileName() {
    InlineImage png = new InlineImage("logo@authmail", "image/png", PNG);
    InlineImage jpeg = new InlineImage("photo", "image/jpeg", JPEG);

    assertThat(png.base64()).isEqualTo(Base64.getEncoder().encodeToString(PNG));
    assertThat(png.dataUri()).isEqualTo("data:image/png;base64," + png.base64());
    assertThat(png.fileName()).isEqualTo("logo.png");
    assertThat(jpeg.fileName()).isEqualTo("photo.jpg");
  }

  @Test
  void equalsByContentAndShowsNoContent() {
    InlineImage a = new InlineImage("logo", "image/png", PNG);
    InlineImage b = new InlineImage("logo", "image/png", PNG.clone());

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new InlineImage("logo2", "image/png", PNG));
    assertThat(a.toString()).isEqualTo("InlineImage[logo, image/png, " + PNG.length + " bytes]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "logo>",
        "<logo>",
        "logo id",
        "lo\r\ngo",
        "a@b@c",
        "@authmail",
        "logo@",
        "-logo",
        "logo\"",
        "logo/x",
        "lögo"
      })
  void refusesAContentIdThatIsNotASafeToken(String contentId) {
    assertThatThrownBy(() -> new InlineImage(contentId, "image/png", PNG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("content id must be at most 100 characters");
  }

  @Test
  void refusesALongContentId() {
    assertThat(new InlineImage("a".repeat(100), "image/png", PNG).contentId()).hasSize(100);
    assertThatThrownBy(() -> new InlineImage("a".repeat(101), "image/png", PNG))
        .hasMessageContaining("content id must be at most 100 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"image/gif", "image/svg+xml", "IMAGE/PNG", "text/html", "image/jpg"})
  void refusesOtherMediaTypes(String mediaType) {
    assertThatThrownBy(() -> new InlineImage("logo", mediaType, PNG))
        .hasMessage("inline image logo must be image/png or image/jpeg");
  }

  @Test
  void refusesBytesThatAreNotTheDeclaredType() {
    assertThatThrownBy(() -> new InlineImage("logo", "image/jpeg", PNG))
        .hasMessage("inline image logo is declared as image/jpeg but its content is not");
    assertThatThrownBy(() -> new InlineImage("logo", "image/png", "<svg/>".getBytes()))
        .hasMessageContaining("is declared as image/png but its content is not");
    assertThatThrownBy(() -> new InlineImage("logo", "image/png", new byte[0]))
        .hasMessageContaining("its content is not");
  }

  @Test
  void tellsPngAndJpegByTheirFirstBytesAndNothingElse() {
    assertThat(InlineImage.mediaTypeOf(PNG)).contains(InlineImage.PNG);
    assertThat(InlineImage.mediaTypeOf(JPEG)).contains(InlineImage.JPEG);
    assertThat(InlineImage.mediaTypeOf("GIF89a".getBytes())).isEmpty();
    assertThat(InlineImage.mediaTypeOf("<svg/>".getBytes())).isEmpty();
    assertThat(InlineImage.mediaTypeOf(Arrays.copyOf(PNG, 7)))
        .as("a PNG signature cut short")
        .isEmpty();
    assertThat(InlineImage.mediaTypeOf(new byte[0])).isEmpty();
  }

  @Test
  void refusesAnImageOverTheSizeBound() {
    byte[] atLimit = Arrays.copyOf(PNG, InlineImage.MAX_BYTES);
    assertThat(new InlineImage("logo", "image/png", atLimit).size())
        .isEqualTo(InlineImage.MAX_BYTES);

    assertThatThrownBy(
            () ->
                new InlineImage("logo", "image/png", Arrays.copyOf(PNG, InlineImage.MAX_BYTES + 1)))
        .hasMessageContaining("at most " + InlineImage.MAX_BYTES);
  }
}
