package dev.authmail.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's Suppressions page in headless Chromium: add, list, filter and remove. */
class SuppressionsPageBrowserTest {
  @TempDir Path temp;

  private ConsoleTestServer server;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    browser =
        Browser.start(
            Path.of(System.getProperty("console.screenshots", "target/console-screenshots")));
    server = ConsoleTestServer.start(Files.createDirectories(temp.resolve("data")));
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void rows(int count) {
    browser.until(d -> browser.all("#suppression-results tr[data-address]").size() == count);
  }

  @Test
  void addsListsFiltersAndRemovesAddresses() {
    browser.open(server.url() + "/");
    browser.type("#api-key", ConsoleTestServer.ADMIN_KEY);
    browser.find("#api-key").submit();
    browser.waitForText("main h1", "Connectors");

    browser.click("a[data-nav=suppressions]");
    browser.waitForText("main h1", "Suppressions");
    browser.waitForText("#suppression-results", "No address is listed.");

    // an empty address is refused at the door
    browser.find("#suppression-address").submit();
    browser.waitForText("#suppression-error", "Enter an address.");

    browser.type("#suppression-address", "Jane.Doe@Example.com");
    browser.find("#suppression-address").submit();
    rows(1);
    browser.script(
        "const s = document.querySelector('#suppression-reason'); s.value = 'soft-bounce';");
    browser.type("#suppression-address", "full@example.com");
    browser.find("#suppression-address").submit();
    rows(2);

    String jane = browser.find("tr[data-address='jane.doe@example.com']").getText();
    assertThat(jane).contains("jane.doe@example.com").contains("manual").contains("1");
    assertThat(browser.find("tr[data-address='full@example.com']").getText())
        .contains("soft-bounce")
        .contains("recorded only");
    browser.screenshot("suppressions", 1200);

    browser.script(
        "const s = document.querySelector('#suppression-filter'); s.value = 'manual';"
            + " s.dispatchEvent(new Event('change'));");
    rows(1);

    browser.click("tr[data-address='jane.doe@example.com'] button.remove");
    browser.waitForText("#suppression-results", "No address is listed.");
    browser.waitForText("#flash", "removed");
  }
}
