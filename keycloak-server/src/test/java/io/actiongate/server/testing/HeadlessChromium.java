package io.actiongate.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for the page tests: the machine's Chromium and chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}), headless, driven by Selenium. Screenshots go to {@code target/screenshots}.
 */
public final class HeadlessChromium {

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final int VIEWPORT_HEIGHT = 800;
    private static final int MOBILE_BELOW = 600;

    private HeadlessChromium() {
    }

    /** Whether the browser tests can run; on CI a missing browser is a failure, elsewhere a loud skip. */
    public static boolean availableOrFailOnCi() {
        if (browser().isPresent() && driver().isPresent()) {
            return true;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("Chromium or chromedriver is not installed (.ci/run installs Debian's chromium and chromium-driver)");
        }
        System.out.println("[actiongate] SKIPPED browser tests: Chromium or chromedriver is not installed "
                + "(apt-get install chromium chromium-driver)");
        return false;
    }

    /**
     * A fresh browser (no cookies) whose page is the given width, as a phone or a laptop shows it. The viewport
     * is emulated (Chrome's DevTools protocol): a real window cannot be narrower than 500 px.
     */
    public static ChromeDriver open(int width) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser().orElseThrow().toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--hide-scrollbars", "--lang=en-US", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver().orElseThrow().toFile()).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        emulate(chrome, width, VIEWPORT_HEIGHT);
        return chrome;
    }

    /** The whole page (the viewport grown to its height), saved as target/screenshots/{name}.png. */
    public static Path screenshot(ChromeDriver browser, String name) {
        Map<String, Object> viewport = browser.executeCdpCommand("Runtime.evaluate", Map.of("expression",
                "[window.innerWidth, Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)].join(',')",
                "returnByValue", true));
        String[] size = String.valueOf(((Map<?, ?>) viewport.get("result")).get("value")).split(",");
        int width = Integer.parseInt(size[0]);
        emulate(browser, width, Math.max(Integer.parseInt(size[1]), VIEWPORT_HEIGHT));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            emulate(browser, width, VIEWPORT_HEIGHT);
        }
    }

    /**
     * Waits (up to 15 s) until the element shows the expected text: after a click the old page may still be
     * there for a moment.
     */
    public static void awaitText(WebDriver browser, By element, String expected) {
        long deadline = System.currentTimeMillis() + 15_000;
        String seen = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                seen = browser.findElement(element).getText();
                if (expected.equals(seen)) {
                    return;
                }
            } catch (NoSuchElementException | StaleElementReferenceException e) {
                seen = null; // the next page is still loading
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Expected " + element + " to show \"" + expected + "\" but it showed \"" + seen + "\"");
    }

    private static void emulate(ChromeDriver browser, int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < MOBILE_BELOW));
    }

    private static Optional<Path> browser() {
        return firstExecutable("CHROME_BIN", "chromium", "chromium-browser", "google-chrome");
    }

    private static Optional<Path> driver() {
        return firstExecutable("CHROMEDRIVER", "chromedriver");
    }

    private static Optional<Path> firstExecutable(String variable, String... commands) {
        if (System.getenv(variable) != null) {
            return Optional.of(Paths.get(System.getenv(variable))).filter(Files::isExecutable);
        }
        return Stream.of(commands).flatMap(command -> Stream.of(System.getenv("PATH").split(":"))
                        .map(dir -> Paths.get(dir, command)))
                .filter(Files::isExecutable).findFirst();
    }
}
