package dev.authmail.connector.smtp;

import static dev.authmail.connector.smtp.SmtpTesting.config;
import static dev.authmail.connector.smtp.SmtpTesting.connector;
import static dev.authmail.connector.smtp.SmtpTesting.japaneseTemplates;
import static dev.authmail.connector.smtp.SmtpTesting.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.authmail.connector.api.ConnectorException;
import dev.authmail.connector.api.EmailAddress;
import dev.authmail.connector.api.ErrorCode;
import dev.authmail.connector.api.RenderedEmail;
import dev.authmail.connector.dkim.DkimAlgorithm;
import dev.authmail.connector.dkim.DkimKey;
import dev.authmail.connector.dkim.DkimKeys;
import dev.authmail.connector.dkim.DkimVerifier;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DKIM-signed mail as GreenMail received it, checked by python3-dkim (an independent verifier). */
class SmtpDkimTest {
  private static final List<DkimKey> KEYS = DkimVerifier.testKeys("example.com");

  private GreenMail greenMail;
  private SmtpConnector connector;

  @BeforeEach
  void start() {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
  }

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.close();
    }
    greenMail.stop();
  }

  private Map<String, Object> signingConfig(List<DkimKey> keys) {
    Map<String, Object> config = config(greenMail.getSmtp().getPort());
    List<Object> dkim = new ArrayList<>();
    for (DkimKey key : keys) {
      dkim.add(
          new LinkedHashMap<>(
              Map.of(
                  "domain",
                  key.domain(),
                  "selector",
                  key.selector(),
                  "privateKey",
                  DkimKeys.pem(key.privateKey()),
                  "algorithm",
                  key.algorithm().tag())));
    }
    config.put("dkim", dkim.size() == 1 ? dkim.get(0) : dkim);
    return config;
  }

  private byte[] received() throws Exception {
    assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage[] messages = greenMail.getReceivedMessages();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    messages[messages.length - 1].writeTo(out);
    return out.toByteArray();
  }

  @Test
  void japaneseSignInSignedWithRsaAndEd25519PassesTheIndependentVerifier() throws Exception {
    Map<String, Object> config = signingConfig(KEYS);
    config.put("templates", japaneseTemplates());
    config.put("fromName", "認証サービス");
    connector = connector(config);

    connector.send(signIn("alice@example.org", "246810"));

    byte[] wire = received();
    DkimVerifier.Result result = DkimVerifier.verify(wire, KEYS);
    assertThat(result.output())
        .contains("rsa2026 rsa-sha256 pass")
        .contains("ed2026 ed25519-sha256 pass");
    assertThat(result.passed()).isTrue();
  }

  @Test
  void longLinesAndAnInlineImageSignedWithOneKeyPass() throws Exception {
    connector = connector(signingConfig(List.of(KEYS.get(0))));
    byte[] logo =
        java.util.Arrays.copyOf(
            java.util.Base64.getDecoder()
                .decode(
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAA"
                        + "AAYAAjCB0C8AAAAASUVORK5CYII="),
            30_000);
    for (int i = 100; i < logo.length; i++) {
      logo[i] = (byte) (i * 31);
    }
    String longLine = "認証コード 123456 ".repeat(200) + "x".repeat(1500);
    RenderedEmail email =
        RenderedEmail.builder()
            .to(EmailAddress.parse("alice@example.org"))
            .subject("ログイン認証コード: 123456 — " + "長い件名".repeat(20))
            .html(
                "<p><img src=\"cid:logo-1@authmail\" alt=\"Acme\"></p><p>"
                    + longLine
                    + "</p>   \n\n")
            .inlineImage("logo-1@authmail", "image/png", logo)
            .build();

    connector.deliver(email);

    assertThat(DkimVerifier.verify(received(), List.of(KEYS.get(0))).passed()).isTrue();
  }

  @Test
  void aTamperedBodyFailsTheVerifier() throws Exception {
    connector = connector(signingConfig(KEYS));

    connector.send(signIn("alice@example.org", "135790"));

    String wire = new String(received(), StandardCharsets.ISO_8859_1);
    assertThat(wire).contains("135790");
    DkimVerifier.Result result =
        DkimVerifier.verify(
            wire.replace("135790", "135791").getBytes(StandardCharsets.ISO_8859_1), KEYS);
    assertThat(result.passed()).isFalse();
    assertThat(result.output()).contains("rsa-sha256 fail").contains("ed25519-sha256 fail");
  }

  @Test
  void aKeyFileIsReadAndItsBytesNeverShow(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ed.pem");
    Files.writeString(file, DkimKeys.pem(KEYS.get(1).privateKey()));
    Map<String, Object> config = config(greenMail.getSmtp().getPort());
    config.put(
        "dkim",
        new LinkedHashMap<>(
            Map.of("domain", "example.com", "selector", "ed2026", "privateKey", file.toString())));
    connector = connector(config);

    connector.send(signIn("alice@example.org", "112233"));

    assertThat(DkimVerifier.verify(received(), List.of(KEYS.get(1))).passed()).isTrue();
    assertThat(connector.toString()).contains("s=ed2026").doesNotContain("PRIVATE");
  }

  @Test
  void aSigningDomainThatDoesNotAlignWithFromIsRefusedWithTheReason() {
    Map<String, Object> config =
        signingConfig(
            List.of(
                new DkimKey(
                    "other.example",
                    "s1",
                    DkimAlgorithm.RSA_SHA256,
                    KEYS.get(0).privateKey(),
                    DkimKey.DEFAULT_HEADERS)));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector(config));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
    assertThat(e.getMessage())
        .contains("dkim[0].domain")
        .contains("From domain is example.com")
        .contains("set domain: example.com");
  }

  @Test
  void aWrongAlgorithmAndABadKeyAreRefusedWithoutQuotingTheKey() {
    Map<String, Object> config = config(greenMail.getSmtp().getPort());
    String pem = DkimKeys.pem(KEYS.get(0).privateKey());
    config.put(
        "dkim",
        List.of(
            Map.of(
                "domain",
                "example.com",
                "selector",
                "a",
                "privateKey",
                pem,
                "algorithm",
                "ed25519-sha256"),
            Map.of(
                "domain",
                "example.com",
                "selector",
                "b",
                "privateKey",
                "-----BEGIN PRIVATE KEY-----\nnot base64!\n")));

    ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> connector(config));

    assertThat(e.getMessage())
        .contains("dkim[0].algorithm")
        .contains("the private key is for rsa-sha256")
        .contains("dkim[1].privateKey")
        .contains("not valid PEM")
        .doesNotContain(pem.substring(40, 80))
        .doesNotContain("not base64!");
  }

  @Test
  void theDkimBlockIsMaskedWhereTheConfigIsShown() {
    Map<String, Object> config = signingConfig(List.of(KEYS.get(0)));

    Map<String, Object> masked = new SmtpConnectorFactory().configSpec().mask(config);

    assertThat(masked.get("dkim").toString())
        .contains("selector=rsa2026")
        .contains("privateKey=******")
        .doesNotContain("BEGIN");
  }
}
