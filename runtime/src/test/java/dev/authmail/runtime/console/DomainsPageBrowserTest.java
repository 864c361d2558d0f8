package dev.authmail.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authmail.runtime.domain.DnsClient;
import dev.authmail.runtime.domain.DnsTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's Domains page in headless Chromium, against a DNS server on 127.0.0.1. */
class DomainsPageBrowserTest {
  @TempDir Path temp;

  private DnsTestServer dns;
  private ConsoleTestServer server;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    browser =
        Browser.start(
            Path.of(System.getProperty("console.screenshots", "target/console-screenshots")));
    dns = new DnsTestServer();
    dns.add("acme.example", "MX", "10 mx.acme.example.");
    dns.txt("acme.example", "v=spf1 mx -all");
    server =
        ConsoleTestServer.start(
            Files.createDirectories(temp.resolve("data")),
            Map.of(DnsClient.RESOLVER_ENV, dns.address(), DnsClient.TIMEOUT_ENV, "2"));
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  @Test
  void showsEachCheckWithTheRecordToPublish() {
    browser.open(server.url() + "/");
    browser.type("#api-key", ConsoleTestServer.ADMIN_KEY);
    browser.find("#api-key").submit();
    browser.waitForText("main h1", "Connectors");

    browser.click("a[data-nav=domains]");
    browser.type("#domain-name", "acme.example");
    browser.find("#domain-name").submit();

    browser.waitForText("#domain-report-title", "acme.example");
    assertThat(browser.find("li[data-check=mx]").getText())
        .contains("pass")
        .contains("10 mx.acme.example");
    assertThat(browser.find("li[data-check=spf]").getText()).contains("pass");
    assertThat(browser.find("li[data-check=dmarc]").getText())
        .contains("fail")
        .contains("Publish this TXT record at _dmarc.acme.example")
        .contains("v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:dmarc-reports@acme.example");
    browser.screenshot("domains", 1600);
  }
}
