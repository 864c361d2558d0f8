package dev.authmail.runtime.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium driven through chromedriver (the Debian packages {@code chromium} and
 * {@code chromium-driver}). Both paths are given explicitly, so Selenium Manager never looks for or
 * downloads a driver. Tests are skipped, saying why, when chromedriver is not installed.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
  static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
  static final int WIDTH = 1280;
  static final int HEIGHT = 900;
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final ChromeDriver driver;
  private final Path profile;
  private final Path screenshots;

  private Browser(ChromeDriver driver, Path profile, Path screenshots) {
    this.driver = driver;
    this.profile = profile;
    this.screenshots = screenshots;
  }

  /** Starts Chromium, or skips the calling test class when chromedriver or chromium is missing. */
  static Browser start(Path screenshots) throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMEDRIVER),
        "chromedriver is not installed at "
            + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver)");
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM), "chromium is not installed at " + CHROMIUM);
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    Path profile = Files.createTempDirectory("authmail-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=" + WIDTH + "," + HEIGHT,
        "--user-data-dir=" + profile,
        "--lang=en-US",
        "--hide-scrollbars",
        "--force-device-scale-factor=1");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(WAIT);
    Files.createDirectories(screenshots);
    return new Browser(driver, profile, screenshots);
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  WebElement clickable(String css) {
    return until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
  }

  void click(String css) {
    WebElement element = clickable(css);
    ((JavascriptExecutor) driver)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  void type(String css, String text) {
    WebElement element = find(css);
    element.clear();
    element.sendKeys(text);
  }

  /** Waits until the element's text contains {@code text}; returns the element. */
  WebElement waitForText(String css, String text) {
    until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    return driver.findElement(By.cssSelector(css));
  }

  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).until(condition::apply);
  }

  Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  void width(int width) {
    driver.manage().window().setSize(new Dimension(width, HEIGHT));
  }

  /**
   * Saves a PNG of the whole page (the window is stretched to the page's height for the shot, at
   * most {@code maxHeight}) as {@code name}.png.
   */
  Path screenshot(String name, int maxHeight) {
    Dimension before = driver.manage().window().getSize();
    try {
      script("window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur()");
      long height =
          ((Number)
                  script(
                      "return Math.max(document.documentElement.scrollHeight,"
                          + " document.body.scrollHeight)"))
              .longValue();
      int target = (int) Math.min(Math.max(height, HEIGHT), maxHeight);
      driver.manage().window().setSize(new Dimension(before.getWidth(), target));
      Thread.sleep(300); // let layout and iframes settle at the new size
      Path file = screenshots.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temporary profile is harmless
      }
    }
  }
}
