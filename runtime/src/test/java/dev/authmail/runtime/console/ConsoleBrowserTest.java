package dev.authmail.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.authmail.runtime.testing.SmtpTestConfig;
import jakarta.mail.internet.MimeMessage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in real headless Chromium against the real runtime (SQLite, every serve module, the
 * capture inbox) and GreenMail: the set-up flow of issue 6 for the built-in service and for SMTP
 * (connectors, set up, preview, send a test, save, reorder), then messages and the inbox, with a
 * screenshot of each step. The tests build on each other, in order, like a person's session.
 *
 * <p>Screenshots go to {@code target/console-screenshots} (system property {@code
 * console.screenshots}); docs/images/console-*.png are copies of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SMTP = "simple-mail-transfer-protocol";
  private static final String BUILT_IN = "logto-email";

  @TempDir static Path temp;

  private GreenMail greenMail;
  private ConsoleTestServer server;
  private Browser browser;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() throws IOException {
    Path shots = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    browser = Browser.start(shots);
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    server = ConsoleTestServer.start(Files.createDirectories(temp.resolve("data")));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
    if (greenMail != null) {
      greenMail.stop();
    }
  }

  @Test
  @Order(1)
  void signsInWithTheAdminKeyKeptOutOfTheUrl() {
    // given the runtime's root URL
    browser.open(server.url() + "/");

    // when a wrong key is tried, then the right one
    browser.find("#api-key").sendKeys("not-the-key");
    browser.click(".sign-in button[type=submit]");
    browser.waitForText("#sign-in-error", "not accepted");
    browser.type("#api-key", ConsoleTestServer.ADMIN_KEY);
    browser.find("#api-key").submit();

    // then the connectors page shows the configuration file's chain, and the key is nowhere in the
    // URL
    browser.waitForText("main h1", "Connectors");
    browser.waitForText(".empty-chain", "logto-email");
    assertThat(browser.driver().getCurrentUrl())
        .startsWith(server.url() + "/console/")
        .doesNotContain(ConsoleTestServer.ADMIN_KEY);
    assertThat(browser.script("return sessionStorage.getItem('authmail.key')"))
        .isEqualTo(ConsoleTestServer.ADMIN_KEY);
  }

  @Test
  @Order(2)
  void setsUpTheBuiltInServiceWithBrandingPreviewsTestsAndSaves() throws Exception {
    // given the factory picker
    browser.click("a[data-nav=setup]");
    browser.click(".factory-card[data-factory=" + BUILT_IN + "]");

    // then the sender address is fixed and only the branding fields are offered
    WebElement sender = browser.find("#sender-address");
    assertThat(sender.getAttribute("value")).isEqualTo("no-reply@authmail.localhost");
    assertThat(sender.getAttribute("readonly")).isNotNull();
    assertThat(browser.all("#step-configure [data-key]"))
        .extracting(e -> e.getAttribute("data-key"))
        .containsExactly("senderName", "companyInformation", "appLogo");
    assertEveryFieldHasALabel();

    // when the sender name holds a URL and a test is sent
    browser.type("#field-senderName", "Acme https://acme.example");
    browser.type("#test-email", "dev@example.com");
    browser.click("#send-test");

    // then the service's refusal appears next to the sender name, and nothing was sent
    WebElement error = browser.find("[data-key=senderName] .field-error");
    assertThat(error.getText()).contains("URL is not allowed");
    assertThat(browser.find("#field-senderName").getAttribute("aria-invalid")).isEqualTo("true");
    browser.waitForText("#test-result", "Not sent");

    // when a GIF is uploaded as the logo, then it is refused next to the logo field
    browser.find("#field-appLogo").sendKeys(image("gif").toString());
    browser.waitForText("[data-key=appLogo] .field-error", "Only a PNG or JPEG");

    // when the branding is fixed and a PNG logo uploaded
    browser.type("#field-senderName", "Acme");
    browser.type("#field-companyInformation", "Acme Inc.\n1 Main Street\n12345 Springfield");
    browser.find("#field-appLogo").sendKeys(image("png").toString());

    // then the logo is previewed
    WebElement logo = browser.find(".logo-preview");
    assertThat(logo.getAttribute("src")).startsWith("data:image/png;base64,");
    assertThat(browser.all("[data-key=appLogo] .field-error")).noneMatch(WebElement::isDisplayed);
    browser.screenshot("console-setup", 1600);

    // when previewing with this branding
    browser.click("#open-preview");

    // then both versions are rendered side by side in sandboxed frames, the branded one with the
    // sender name
    browser.waitForText("#preview-branded .email-meta", "Acme");
    browser.waitForText("#preview-plain .email-meta", "Verification");
    for (String pane : List.of("#preview-plain", "#preview-branded")) {
      WebElement frame = browser.find(pane + " iframe");
      assertThat(frame.getAttribute("sandbox")).isEmpty();
      assertThat(frame.getAttribute("srcdoc")).contains("123456");
    }
    assertThat(browser.find("#preview-branded iframe").getAttribute("srcdoc"))
        .contains("Acme Inc.")
        .contains("data:image/png");
    assertThat(browser.find("#preview-plain iframe").getAttribute("srcdoc"))
        .doesNotContain("Acme Inc.");
    String english = browser.find("#preview-branded .subject").getText();

    // when the language and then the type change, then the preview follows
    new Select(browser.find("#preview-language")).selectByValue("ja");
    browser.waitForText("#preview-status", "(ja)");
    String japanese = browser.find("#preview-branded .subject").getText();
    assertThat(japanese).isNotEqualTo(english);
    assertThat(browser.find("#preview-branded iframe").getAttribute("srcdoc"))
        .contains("lang=\"ja\"");
    new Select(browser.find("#preview-type")).selectByValue("ForgotPassword");
    browser.waitForText("#preview-status", "Forgot password");
    assertThat(browser.find("#preview-branded .subject").getText()).isNotEqualTo(japanese);
    new Select(browser.find("#preview-type")).selectByValue("SignIn");
    new Select(browser.find("#preview-language")).selectByValue("en");
    browser.waitForText("#preview-status", "Sign in, English");
    browser.screenshot("console-preview", 1500);

    // when going back to set up and sending a test to a typed address
    browser.click(".breadcrumb a");
    assertThat(browser.find("#field-senderName").getAttribute("value")).isEqualTo("Acme");
    browser.type("#test-email", "dev@example.com");
    browser.click("#send-test");

    // then it is delivered (into the capture inbox, the platform transport)
    browser.waitForText("#test-result [data-outcome=delivered]", "Delivered");
    browser.screenshot("console-test", 2400);

    // when saved
    browser.click("#save");

    // then the connectors page lists it as the primary
    browser.waitForText(".flash", "saved");
    WebElement primary = browser.find("li.connector[data-factory=" + BUILT_IN + "]");
    assertThat(primary.findElement(By.cssSelector(".position")).getText()).isEqualTo("Primary");
    JsonNode stored = api("GET", "/api/connectors", null);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).get("config").get("senderName").asText()).isEqualTo("Acme");
  }

  @Test
  @Order(3)
  void inboxShowsTheBuiltInServicesTestEmailAsHtmlAndText() {
    // when the inbox is opened
    browser.click("a[data-nav=inbox]");

    // then the test email is listed; opened, it shows as HTML in a sandboxed frame and as text
    browser.waitForText("#inbox-list", "dev@example.com");
    browser.click("#inbox-list .inbox-item");
    WebElement frame = browser.find("#panel-html iframe");
    assertThat(frame.getAttribute("sandbox")).isEmpty();
    assertThat(frame.getAttribute("srcdoc")).contains("000000").contains("Acme Inc.");
    browser.waitForText("#inbox-reader .email-meta", "Acme <no-reply@authmail.localhost>");
    browser.screenshot("console-inbox", 1400);
    browser.click("#tab-text");
    WebElement text = browser.find("#panel-text pre");
    assertThat(text.getText()).contains("000000");
    assertThat(browser.driver().findElement(By.id("panel-html")).isDisplayed()).isFalse();
  }

  @Test
  @Order(4)
  void setsUpSmtpWithAFieldErrorAFailedAndADeliveredTestThenSavesAndReorders() throws Exception {
    // given the SMTP form, generated from its form items
    browser.click("a[data-nav=setup]");
    browser.click(".factory-card[data-factory=" + SMTP + "]");
    browser.find("#field-host");
    assertEveryFieldHasALabel();

    // when the port is not a number
    browser.type("#field-host", "127.0.0.1");
    browser.type("#field-port", "abc");
    browser.type("#field-fromEmail", "noreply@example.com");
    browser.click("[data-key=templates] button");
    browser.type("#test-email", "smtp-user@example.com");
    browser.click("#send-test");

    // then the API's validation error is shown next to the port field
    WebElement portError = browser.find("[data-key=port] .field-error");
    assertThat(portError.getText()).isNotBlank();
    assertThat(browser.all(".field-error")).filteredOn(WebElement::isDisplayed).hasSize(1);
    browser.screenshot("console-setup-smtp", 2400);

    // when the port has nothing listening
    browser.type("#field-port", Integer.toString(closedPort()));
    browser.click("#send-test");

    // then the failure is shown with its code and reason
    WebElement failed = browser.find("#test-result [data-outcome=failed]");
    assertThat(failed.findElement(By.cssSelector(".error-code")).getText())
        .startsWith("connector.");
    assertThat(failed.findElement(By.cssSelector(".error-message")).getText()).isNotBlank();
    assertThat(greenMail.getReceivedMessages()).isEmpty();

    // when the port is GreenMail's
    browser.type("#field-port", Integer.toString(greenMail.getSmtp().getPort()));
    browser.click("#send-test");

    // then the test email arrived in GreenMail, before anything was saved
    browser.waitForText("#test-result [data-outcome=delivered]", "Delivered");
    assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getAllRecipients()[0].toString()).isEqualTo("smtp-user@example.com");
    assertThat(received.getSubject()).isEqualTo("Your verification code");
    assertThat(api("GET", "/api/connectors", null)).hasSize(1);

    // when saved (as a fallback, the default)
    browser.click("#save");

    // then the chain is the built-in service, then SMTP
    browser.waitForText(".flash", "saved");
    assertThat(chainOnPage()).containsExactly(BUILT_IN, SMTP);

    // when SMTP is moved up, the chain is reordered in the API too; moved down again, it is back
    browser.click("li.connector[data-factory=" + SMTP + "] .move-up");
    browser.until(d -> chainOnPage().equals(List.of(SMTP, BUILT_IN)));
    assertThat(storedChain()).containsExactly(SMTP, BUILT_IN);
    assertThat(browser.script("return document.activeElement.className"))
        .asString()
        .contains("move-");
    browser.click("li.connector[data-factory=" + SMTP + "] .move-down");
    browser.until(d -> chainOnPage().equals(List.of(BUILT_IN, SMTP)));
    assertThat(storedChain()).containsExactly(BUILT_IN, SMTP);
  }

  @Test
  @Order(5)
  void messagesAreListedFilteredAndShowTheirAttempts() throws Exception {
    // given two messages sent through the API and delivered by the built-in service
    api(
        "POST",
        "/api/messages?wait=10s",
        "{\"to\": \"ann@example.com\", \"type\": \"SignIn\", \"payload\": {\"code\": \"111111\"}}");
    api(
        "POST",
        "/api/messages?wait=10s",
        "{\"to\": \"bob@example.com\", \"type\": \"Register\", \"payload\": {\"code\":"
            + " \"222222\"}}");

    // when the messages page is opened
    browser.click("a[data-nav=messages]");

    // then both are listed as delivered, and a row shows its attempts
    browser.until(d -> browser.all("#messages-results tbody[data-status=DELIVERED]").size() >= 2);
    browser.click("#messages-results tbody[data-status=DELIVERED] button[aria-expanded]");
    WebElement attempts = browser.find("#messages-results table.attempts");
    assertThat(attempts.getText()).contains("delivered");
    browser.screenshot("console-messages", 1400);

    // when filtered by usage type, then only that type is left; by a status none has, nothing
    new Select(browser.find("#filter-type")).selectByValue("Register");
    browser.until(d -> browser.all("#messages-results tbody[data-message]").size() == 1);
    assertThat(browser.find("#messages-results tbody[data-message]").getText())
        .contains("Register");
    new Select(browser.find("#filter-status")).selectByValue("FAILED");
    browser.waitForText("#messages-results", "No messages match");

    // and the connectors page shows the status and the delivery counts
    browser.click("a[data-nav=connectors]");
    WebElement builtIn = browser.find("li.connector[data-factory=" + BUILT_IN + "]");
    browser.until(
        d -> builtIn.findElement(By.cssSelector(".connector-status")).getText().equals("healthy"));
    String delivered =
        builtIn.findElement(By.xpath(".//dt[text()='Delivered']/following-sibling::dd")).getText();
    assertThat(Integer.parseInt(delivered)).isGreaterThanOrEqualTo(2);
    browser.screenshot("console-connectors", 1400);
  }

  @Test
  @Order(6)
  void isReadableAt400PixelsWithoutSidewaysScrolling() {
    // when the window is 400 px wide
    browser.width(400);
    try {
      for (String page : List.of("#/connectors", "#/setup", "#/preview", "#/messages", "#/inbox")) {
        browser.open(server.url() + "/console/" + page);
        browser.find("main h1");
        browser.until(d -> browser.all(".loading").isEmpty());
        // then nothing is wider than the screen
        long width =
            ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
        assertThat(width).as(page).isLessThanOrEqualTo(400);
      }
      browser.open(server.url() + "/console/#/preview");
      browser.waitForText("#preview-branded .email-meta", "Acme");
      browser.screenshot("console-mobile", 1800);
    } finally {
      browser.width(Browser.WIDTH);
    }
  }

  @Test
  @Order(7)
  void changingTheHostOfAStoredSmtpConnectorAsksForThePasswordAgainBeforeSaving() throws Exception {
    // given a stored SMTP connector with a password (disabled: it takes no part in the chain's
    // sends)
    Map<String, Object> config = SmtpTestConfig.loopback(greenMail.getSmtp().getPort());
    config.put("auth", Map.of("user", "mailer", "pass", "first-s3cret"));
    String id =
        api(
                "POST",
                "/api/connectors",
                JSON.writeValueAsString(
                    Map.of("factoryId", SMTP, "config", config, "enabled", false)))
            .get("id")
            .asText();

    // when it is opened from the connectors page
    browser.open(server.url() + "/console/#/connectors");
    browser.click("li.connector[data-connector='" + id + "'] a.button[href$='" + id + "']");
    browser.waitForText("main h1", "Edit");
    assertThat(browser.find("#field-auth").getAttribute("value"))
        .contains("******")
        .doesNotContain("first-s3cret");

    // then changing what is not a destination asks for nothing
    browser.type("#field-fromName", "Acme Mailer");
    assertThat(browser.all(".field-hint")).noneMatch(WebElement::isDisplayed);

    // when the host changes while the password is still ******
    browser.type("#field-host", "localhost");

    // then a hint next to the field holding the password says to enter it again, before anything is
    // sent
    WebElement hint = browser.waitForText("[data-key=auth] .field-hint", "another server");
    assertThat(hint.getText()).contains("Host").contains("auth.pass").contains("again");
    assertThat(browser.find("#field-auth").getAttribute("aria-describedby"))
        .contains(hint.getAttribute("id"));
    assertEveryFieldHasALabel();
    browser.screenshot("console-secret-destination", 2400);

    // when saved anyway, then the console refuses next to the field without asking the API
    browser.click("#save");
    WebElement refusal =
        browser.waitForText("[data-key=auth] .field-error", "to save or send a test");
    assertThat(refusal.getText()).contains("auth.pass");
    assertThat(browser.find("#field-auth").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(api("GET", "/api/connectors/" + id, null).get("config").get("host").asText())
        .isEqualTo("127.0.0.1");

    // when the password is typed again, then the hint and the refusal go away
    browser.type("#field-auth", "{\"user\": \"mailer\", \"pass\": \"second-s3cret\"}");
    browser.until(
        d ->
            browser.all("[data-key=auth] .field-hint, [data-key=auth] .field-error").stream()
                .noneMatch(WebElement::isDisplayed));

    // and saving succeeds: the new host is stored with the new (masked) password
    browser.click("#save");
    browser.waitForText(".flash", "saved");
    JsonNode stored = api("GET", "/api/connectors/" + id, null).get("config");
    assertThat(stored.get("host").asText()).isEqualTo("localhost");
    assertThat(stored.get("fromName").asText()).isEqualTo("Acme Mailer");
    assertThat(stored.get("auth").get("pass").asText()).isEqualTo("******");
    assertThat(stored.get("ignoreTLS").asBoolean()).isTrue();
    api("DELETE", "/api/connectors/" + id, null);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Every visible form control is named by a label (or aria-label): the accessibility baseline. */
  private void assertEveryFieldHasALabel() {
    Object unlabeled =
        browser.script(
            """
            return [...document.querySelectorAll('main input, main select, main textarea')]
              .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
              .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label'))
              .map(e => e.id || e.name);\
            """);
    assertThat((List<?>) unlabeled).isEmpty();
  }

  /**
   * The factories of the chain as listed, read in one script call (the list re-renders while
   * reordering).
   */
  @SuppressWarnings("unchecked")
  private List<String> chainOnPage() {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll('ol.chain > li.connector')].map(e =>"
                + " e.dataset.factory)");
  }

  private List<String> storedChain() throws Exception {
    List<String> ids = new ArrayList<>();
    api("GET", "/api/connectors", null).forEach(c -> ids.add(c.get("factoryId").asText()));
    return ids;
  }

  private JsonNode api(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + ConsoleTestServer.ADMIN_KEY)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isBetween(200, 299);
    return JSON.readTree(response.body());
  }

  /** A small logo image of the given format (png or gif), drawn without fonts. */
  private Path image(String format) throws IOException {
    BufferedImage image =
        new BufferedImage(
            160,
            48,
            format.equals("gif") ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0xE8, 0x4A, 0x27));
    g.fillRoundRect(0, 4, 40, 40, 12, 12);
    g.setColor(new Color(0x1D, 0x21, 0x30));
    g.fillRect(52, 14, 96, 8);
    g.fillRect(52, 28, 64, 8);
    g.dispose();
    Path file = temp.resolve("logo." + format);
    ImageIO.write(image, format, file.toFile());
    return file;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
