package dev.authmail.connector.logtoemail.branding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.authmail.connector.api.ConfigProblem;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.logtoemail.support.Images;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BrandingTest {
  @Test
  void noBrandingSignsAsVerification() {
    Branding branding = Branding.from(Map.of());

    assertThat(branding.displayName()).isEqualTo("Verification");
    assertThat(branding.senderName()).isEmpty();
    assertThat(branding.companyLines()).isEmpty();
    assertThat(branding.logo()).isEmpty();
  }

  @Test
  void acceptsEveryBrandingKey() {
    Branding branding =
        Branding.from(
            Map.of(
                "senderName", "  Acme Support  ",
                "companyInformation",
                    "Acme Inc.\r\n"
                        + "1 Main St.\r\n\r\n"
                        + "12345 Springfield, U.S.A.\n"
                        + "Open 09:00–17:30, Tel: +1 555 0100",
                "appLogo", "https://cdn.example.com/logo.png"));

    assertThat(branding.displayName()).isEqualTo("Acme Support");
    assertThat(branding.companyLines())
        .containsExactly(
            "Acme Inc.",
            "1 Main St.",
            "12345 Springfield, U.S.A.",
            "Open 09:00–17:30, Tel: +1 555 0100");
    assertThat(branding.logo())
        .get()
        .extracting(AppLogo::src)
        .isEqualTo("https://cdn.example.com/logo.png");
  }

  @ParameterizedTest(name = "plain text kept: {0}")
  @ValueSource(
      strings = {
        "Acme Inc.",
        "Ph.D. Labs",
        "Müller & Söhne GmbH",
        "株式会社アクメ",
        "St. Louis Co.",
        "v2.0 Team",
        "Open 10:30:00",
        "Acme Co., Ltd.",
        "Müller GmbH & Co. KG",
        "Acme Co. Ltd",
        "z.B. Hinterhaus"
      })
  void plainTextIsNotMistakenForALink(String text) {
    assertThat(BrandingText.findLink(text)).isEmpty();
  }

  @ParameterizedTest(name = "senderName refused: {0}")
  @ValueSource(
      strings = {
        "https://evil.test",
        "Visit http://acme.io",
        "ftp://files",
        "www.acme",
        "acme.com",
        "Acme (acme.co.uk)",
        "shop.example.io",
        "例え.jp",
        "javascript:alert(1)",
        "mailto:x",
        "10.0.0.1",
        "Acme 192.168.1.20",
        "fe80::1",
        "2001:0db8:0000:0000:0000:ff00:0042:8329",
        "ACME.COM"
      })
  void urlInSenderNameIsRefused(String value) {
    assertProblem(Map.of("senderName", value), "senderName", "URL is not allowed in sender name");
  }

  @ParameterizedTest(name = "senderName refused as a web address: {0}")
  @ValueSource(
      strings = {
        "ＰＡＹＰＡＬ．ＣＯＭ",
        "paypal\u2024com",
        "paypal.zip",
        "paypal.bank",
        "paypal dot com",
        "PayPal (dot) com",
        "paypal\u3002com",
        "paypal\uFF0Ecom",
        "paypal\u00B7com",
        "Acme on paypal.co.uk"
      })
  void aWebAddressInDisguiseInTheSenderNameIsRefused(String value) {
    assertProblem(Map.of("senderName", value), "senderName", "URL is not allowed in sender name");
  }

  @ParameterizedTest(name = "senderName refused as an address: {0}")
  @ValueSource(
      strings = {"support@bank.example <x>", "Acme <support@bank.example>", "Acme ＠ Bank", "a > b"})
  void anAddressOrAngleBracketsInTheSenderNameAreRefused(String value) {
    assertProblem(Map.of("senderName", value), "senderName", "must not contain");
  }

  @ParameterizedTest(name = "senderName kept: {0}")
  @ValueSource(
      strings = {
        "Acme Inc.",
        "Ph.D. Labs",
        "v2.0 Team",
        "z.B. Hinterhaus",
        "Dot Matrix Printers",
        "Acme · Support",
        "ＡＣＭＥ",
        "Acme Co., Ltd."
      })
  void plainSenderNamesAreKept(String value) {
    assertThat(Branding.from(Map.of("senderName", value)).displayName()).isEqualTo(value);
  }

  @ParameterizedTest(name = "companyInformation refused: {0}")
  @ValueSource(
      strings = {
        "Acme\nhttps://acme.test/contact",
        "Acme\nwww.acme.test",
        "Acme Inc.\nacme.com",
        "Acme\n203.0.113.9",
        "Acme\njavascript: void(0)"
      })
  void urlInCompanyInformationIsRefused(String value) {
    assertProblem(
        Map.of("companyInformation", value),
        "companyInformation",
        "URL is not allowed in company information");
  }

  @Test
  void controlCharactersAreRefused() {
    assertProblem(
        Map.of("senderName", "Acme\r\nBcc: victim@example.org"), "senderName", "single line");
    assertProblem(Map.of("senderName", "Acme\u0007"), "senderName", "control character U+0007");
    assertProblem(
        Map.of("senderName", "Acme\u202Egnp.exe"), "senderName", "control character U+202E");
    assertProblem(
        Map.of("companyInformation", "Acme\u0000Inc"),
        "companyInformation",
        "control character U+0000");
  }

  @Test
  void lengthLimitsAreExplained() {
    assertProblem(
        Map.of("senderName", "A".repeat(65)), "senderName", "65 characters long; at most 64");
    assertProblem(
        Map.of("companyInformation", "word ".repeat(101)), "companyInformation", "at most 500");
    assertProblem(
        Map.of("companyInformation", "line\n".repeat(9)),
        "companyInformation",
        "9 lines; at most 8");
  }

  @Test
  void uploadedPngAndJpegAreAcceptedAsDataUris() {
    AppLogo png = Branding.from(Map.of("appLogo", Images.PNG_BASE64)).logo().orElseThrow();
    AppLogo jpeg =
        Branding.from(Map.of("appLogo", "data:image/jpg;base64," + Images.jpegBase64(1000)))
            .logo()
            .orElseThrow();

    assertThat(png.src()).isEqualTo("data:image/png;base64," + Images.PNG_BASE64);
    assertThat(png.uploaded()).isTrue();
    assertThat(png.toString()).doesNotContain(Images.PNG_BASE64);
    assertThat(jpeg.src()).startsWith("data:image/jpeg;base64,/9j/");
  }

  @Test
  void anUploadedLogoIsShownByContentIdAndCarriedAsAnInlineImage() {
    AppLogo png = Branding.from(Map.of("appLogo", Images.PNG_BASE64)).logo().orElseThrow();

    assertThat(png.inlineImage())
        .get()
        .satisfies(
            image -> {
              assertThat(image.mediaType()).isEqualTo("image/png");
              assertThat(image.bytes())
                  .isEqualTo(java.util.Base64.getDecoder().decode(Images.PNG_BASE64));
              assertThat(png.htmlSrc()).isEqualTo("cid:" + image.contentId());
            });
    assertThat(png.toString()).isEqualTo("AppLogo[uploaded, image/png, 68 bytes]");
  }

  @Test
  void aLinkedLogoIsShownByItsUrl() {
    AppLogo url =
        Branding.from(Map.of("appLogo", "https://cdn.example.com/logo.png")).logo().orElseThrow();

    assertThat(url.htmlSrc()).isEqualTo("https://cdn.example.com/logo.png");
    assertThat(url.inlineImage()).isEmpty();
    assertThat(url.uploaded()).isFalse();
  }

  @Test
  void oversizeLogoIsRefused() {
    assertProblem(
        Map.of("appLogo", Images.pngBase64(AppLogo.MAX_BYTES + 1)), "appLogo", "at most 256 KB");
    assertThat(Branding.from(Map.of("appLogo", Images.pngBase64(AppLogo.MAX_BYTES))).logo())
        .isPresent();
  }

  @Test
  void gifDeclaredAsPngIsRefusedByItsContent() {
    assertProblem(
        Map.of("appLogo", "data:image/png;base64," + Images.GIF_BASE64),
        "appLogo",
        "is a GIF image; only PNG or JPEG");
    assertProblem(Map.of("appLogo", Images.GIF_BASE64), "appLogo", "is a GIF image");
    assertProblem(
        Map.of("appLogo", "data:image/gif;base64," + Images.GIF_BASE64),
        "appLogo",
        "declared as image/gif");
    assertProblem(
        Map.of("appLogo", "data:image/jpeg;base64," + Images.PNG_BASE64),
        "appLogo",
        "declared as image/jpeg but its content is image/png");
  }

  @ParameterizedTest(name = "logo refused: {0}")
  @ValueSource(
      strings = {
        "http://cdn.example.com/logo.png",
        "javascript:alert(1)",
        "ftp://x/logo.png",
        "data:text/html;base64,PHNjcmlwdD4=",
        "https://user:pw@cdn.example.com/l.png",
        "not a logo!"
      })
  void logoThatIsNeitherHttpsNorAnImageIsRefused(String value) {
    ConnectorException e = refusal(Map.of("appLogo", value));
    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("appLogo");
  }

  @ParameterizedTest(name = "{0} refused with the built-in service's rules")
  @ValueSource(strings = {"fromEmail", "from", "sendFrom", "replyTo"})
  void senderAddressCannotBeSet(String key) {
    ConnectorException e =
        assertProblem(Map.of(key, "ceo@acme.test"), key, "platform's one fixed address");
    assertThat(e.getMessage())
        .contains("smtp, sendgrid, ses or http")
        .doesNotContain("ceo@acme.test");
  }

  @ParameterizedTest(name = "{0} refused with the built-in service's rules")
  @ValueSource(strings = {"html", "css", "templates", "template", "content"})
  void customContentCannotBeSet(String key) {
    ConnectorException e =
        assertProblem(Map.of(key, "<b>hi</b>"), key, "no custom HTML, CSS, templates or links");
    assertThat(e.getMessage())
        .contains("use another connector instead: smtp, sendgrid, ses or http");
  }

  @Test
  void remoteModeCannotBeSetByATenant() {
    assertProblem(Map.of("endpoint", "https://mail.evil.test"), "endpoint", "operator setting");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("senderName", "acme.com");
    raw.put("companyInformation", "www.acme.com");
    raw.put("appLogo", "http://x.test/l.png");
    raw.put("fromEmail", "a@b.test");

    ConnectorException e = refusal(raw);

    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactlyInAnyOrder("senderName", "companyInformation", "appLogo", "fromEmail");
  }

  @Test
  void nonTextValueIsRefused() {
    assertProblem(Map.of("senderName", List.of("a")), "senderName", "must be text");
  }

  private static ConnectorException assertProblem(Map<String, ?> raw, String key, String message) {
    ConnectorException e = refusal(raw);
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).path()).isEqualTo(key);
    assertThat(e.problems().get(0).message()).contains(message);
    assertThat(e.getMessage()).startsWith(key + ": ");
    return e;
  }

  private static ConnectorException refusal(Map<String, ?> raw) {
    Throwable thrown = catchThrowable(() -> Branding.from(raw));
    assertThat(thrown).isInstanceOf(ConnectorException.class);
    ConnectorException e = (ConnectorException) thrown;
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    return e;
  }
}
