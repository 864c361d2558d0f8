package dev.authmail.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.cli.InProcessCli.Run;
import dev.authmail.runtime.registry.ConnectorRegistry;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code authmail preview} run in-process against the real built-in service (found by
 * ServiceLoader, as in production), reading the files it writes, what it prints and its exit code.
 */
class PreviewCommandTest {
  private static final ConnectorRegistry REGISTRY = ConnectorRegistry.load();

  @TempDir Path dir;

  private static Run run(String... args) {
    return run(Map.of(), args);
  }

  private static Run run(Map<String, String> env, String... args) {
    return InProcessCli.run(new CliEnvironment(env, () -> REGISTRY, Clock.systemUTC()), args);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A real 96×48 PNG, drawn with ImageIO. */
  private static byte[] png() throws IOException {
    BufferedImage image = new BufferedImage(96, 48, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x4f46e5));
    g.fillRoundRect(0, 0, 96, 48, 16, 16);
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return bytes.toByteArray();
  }

  @Test
  void helpListsPreview() {
    Run run = run("--help");

    assertThat(run.out()).contains("preview");
  }

  @Test
  void writesTheJapaneseSignInEmailAsItWouldBeSent() {
    Path out = dir.resolve("out");

    Run run = run("preview", "--type", "SignIn", "--locale", "ja", "--out", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            out.resolve("SignIn-ja.html").toString(),
            out.resolve("SignIn-ja.txt").toString(),
            out.resolve("SignIn-ja.headers.txt").toString());
    assertThat(read(out.resolve("SignIn-ja.headers.txt")))
        .isEqualTo(
            """
            From: Verification <no-reply@authmail.localhost>
            To: user@example.com
            Subject: サインイン用の認証コード
            Content-Language: ja
            """);
    String html = read(out.resolve("SignIn-ja.html"));
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<html lang=\"ja\"")
        .contains("<title>サインイン用の認証コード</title>")
        .contains("123456")
        .contains("認証コード");
    assertThat(read(out.resolve("SignIn-ja.txt")))
        .contains("123456")
        .contains("このコードは誰にも教えないでください。");
  }

  @Test
  void brandingIsTextEscapedInHtmlAndTheLogoFileIsSentAsAnUpload() throws IOException {
    byte[] logo = png();
    Files.write(dir.resolve("logo.png"), logo);
    Path branding =
        Files.writeString(
            dir.resolve("branding.yaml"),
            """
            senderName: Müller & Söhne
            companyInformation: |
              Müller & Söhne <Werk 2>
              Hauptstraße 1
              10115 Berlin
            appLogo: logo.png
            """);
    Path out = dir.resolve("out");

    Run run =
        run(
            "preview",
            "--type",
            "ForgotPassword",
            "--locale",
            "de-AT",
            "--branding",
            branding.toString(),
            "--out",
            out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(files(out))
        .containsExactly(
            "ForgotPassword-de.headers.txt", "ForgotPassword-de.html", "ForgotPassword-de.txt");
    assertThat(run.err()).contains("--locale de-AT is written in de");
    String html = read(out.resolve("ForgotPassword-de.html"));
    assertThat(html)
        .contains("Müller &amp; Söhne &lt;Werk 2&gt;<br>Hauptstraße 1<br>10115 Berlin")
        .doesNotContain("<Werk 2>")
        // sent as a cid: inline part; written for a browser, which cannot resolve cid:, as a data
        // URI
        .contains("src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(logo) + "\"")
        .doesNotContain("cid:")
        .contains("alt=\"Müller &amp; Söhne\"");
    assertThat(read(out.resolve("ForgotPassword-de.txt")))
        .contains("Müller & Söhne <Werk 2>\nHauptstraße 1\n10115 Berlin");
    assertThat(read(out.resolve("ForgotPassword-de.headers.txt")))
        .startsWith("From: Müller & Söhne <no-reply@authmail.localhost>\n")
        .contains("Content-Language: de\n");
  }

  @Test
  void jsonBrandingWithAnHttpsLogoAndAQuotedSenderName() throws IOException {
    Path branding =
        Files.writeString(
            dir.resolve("branding.json"),
            """
            {"senderName": "Acme, Inc.", "appLogo": "https://cdn.example.com/logo.png"}
            """);
    Path out = dir.resolve("out");

    Run run =
        run(
            "preview",
            "--type",
            "Register",
            "--locale",
            "en",
            "--branding",
            branding.toString(),
            "--from",
            "no-reply@mail.example.com",
            "--out",
            out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(read(out.resolve("Register-en.headers.txt")))
        .startsWith("From: \"Acme, Inc.\" <no-reply@mail.example.com>\n");
    assertThat(read(out.resolve("Register-en.html")))
        .contains("src=\"https://cdn.example.com/logo.png\"");
  }

  @Test
  void badBrandingIsRefusedWithEveryProblemAndItsKey() throws IOException {
    // A GIF named .png: the service checks the content, not the name.
    Files.write(
        dir.resolve("logo.png"),
        Base64.getDecoder().decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="));
    Path branding =
        Files.writeString(
            dir.resolve("branding.yaml"),
            """
            senderName: Acme https://evil.example
            companyInformation: Visit acme.com today
            appLogo: logo.png
            fromEmail: ceo@acme.com
            """);
    Path out = dir.resolve("out");

    Run run = run("preview", "--branding", branding.toString(), "--out", out.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(branding + " has 4 problems:")
        .contains("senderName: URL is not allowed")
        .contains("companyInformation: URL is not allowed")
        .contains("appLogo: is a GIF")
        .contains("fromEmail: ");
    assertThat(run.out()).isEmpty();
    assertThat(files(out)).isEmpty();
  }

  @Test
  void aMissingLogoFileIsNamed() throws IOException {
    Path branding =
        Files.writeString(dir.resolve("branding.yaml"), "appLogo: images/missing.png\n");

    Run run =
        run("preview", "--branding", branding.toString(), "--out", dir.resolve("out").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("appLogo: there is no file " + dir.resolve("images/missing.png"));
  }

  @Test
  void brandingThatIsNotYamlSaysWhere() throws IOException {
    Path branding = Files.writeString(dir.resolve("branding.yaml"), "senderName: [Acme\n");

    Run run =
        run("preview", "--branding", branding.toString(), "--out", dir.resolve("out").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(branding + " has 1 problem:")
        .contains("line ")
        .contains("not valid YAML");
  }

  @Test
  void anUnknownTypeNamesTheValidOnes() {
    Run run = run("preview", "--type", "SignUp", "--out", dir.resolve("out").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("--type: unknown usage type \"SignUp\"")
        .contains(
            "Register, SignIn, ForgotPassword, Generic, OrganizationInvitation,"
                + " UserPermissionValidation, BindNewIdentifier, MfaVerification, BindMfa, or all");
  }

  @Test
  void aMalformedLocaleIsRefused() {
    Run run = run("preview", "--locale", "ja jp", "--out", dir.resolve("out").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--locale: \"ja jp\" is not a language tag");
  }

  @Test
  void remoteModeIsRefusedRatherThanPostingTheEmails() throws IOException {
    Path out = dir.resolve("out");

    Run run =
        run(
            Map.of("AUTHMAIL_LOGTO_EMAIL_ENDPOINT", "https://mail.example.com"),
            "preview",
            "--out",
            out.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("AUTHMAIL_LOGTO_EMAIL_ENDPOINT is set")
        .contains("unset it to preview");
    assertThat(files(out)).isEmpty();
  }

  @Test
  void theLanguageChainDecidesTheFileName() throws IOException {
    Path out = dir.resolve("out");

    Run run = run("preview", "--locale", "zh-HK,nl,zh-Hans-SG", "--out", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(files(out))
        .extracting(name -> name.substring(0, name.indexOf('.')))
        .containsOnly("SignIn-zh-TW", "SignIn-en", "SignIn-zh-CN");
    assertThat(run.err())
        .contains("--locale zh-HK is written in zh-TW")
        .contains("--locale nl is written in en");
  }

  @Test
  void allTypesInAllLanguages() throws IOException {
    Path out = dir.resolve("out");

    Run run = run("preview", "--type", "all", "--locale", "all", "--out", out.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> html = files(out).stream().filter(name -> name.endsWith(".html")).toList();
    assertThat(html)
        .hasSize(9 * 12)
        .contains(
            "SignIn-en.html",
            "SignIn-ja.html",
            "OrganizationInvitation-zh-TW.html",
            "BindMfa-pt-BR.html",
            "MfaVerification-tr.html");
    assertThat(files(out)).hasSize(9 * 12 * 3);
    assertThat(read(out.resolve("OrganizationInvitation-ko.html")))
        .contains("href=\"https://auth.example.com/invitation/accept?token=sample\"");
    assertThat(run.out().lines()).hasSize(9 * 12 * 3);
  }
}
