package io.custos.e2e;

import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * What every browser test shares: the whole application on a random port with the demo company
 * seeded, and Debian's headless chromium, each browser with a throw-away profile, all quit and
 * deleted after each test. Uses the system chromium and chromedriver; Selenium Manager never runs
 * (the build has no network). Browser tests run only with {@code -Pe2e}.
 */
@Tag("e2e")
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("demo")
abstract class BrowserTest {

    static final String DEMO_PASSWORD = "Demo#2026";
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("target", "e2e");

    @LocalServerPort
    int port;

    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    WebDriver browser(int width, int height) {
        return open(width, height, false);
    }

    /**
     * Headless chromium will not make a window narrower than 500 px, so a phone is emulated: a
     * 390 x 844 CSS-pixel viewport (an iPhone 12 to 15), touch, and the viewport meta tag honoured.
     */
    WebDriver phone(int width, int height) {
        return open(width, height, true);
    }

    private WebDriver open(int width, int height, boolean phone) {
        Path profile;
        try {
            profile = Files.createTempDirectory("custos-e2e-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        profiles.add(profile);
        // Both paths set: Selenium uses them as they are and never starts Selenium Manager.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=" + width + "," + height,
                "--lang=en-US", "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
        if (phone) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", width, "height", height, "pixelRatio", 3.0, "mobile", true, "touch", true)));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    @AfterEach
    void quitBrowsers() {
        for (WebDriver driver : drivers) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                // Already gone; nothing to clean up.
            }
        }
        drivers.clear();
        for (Path profile : profiles) {
            deleteQuietly(profile);
        }
        profiles.clear();
    }

    /** Bootstrap scrolls smoothly; an element below the fold is brought into view at once before the click. */
    static void click(WebDriver browser, WebElement element) {
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        element.click();
    }

    static WebDriverWait waitFor(WebDriver browser) {
        return new WebDriverWait(browser, WAIT);
    }

    /** Fills in and sends the sign-in form that is on the page. */
    static void signIn(WebDriver browser, String username, String password, @Nullable String otp) {
        WebElement user = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        user.clear();
        user.sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        if (otp != null) {
            browser.findElement(By.id("otp")).sendKeys(otp);
        }
        WebElement button = browser.findElement(By.id("sign-in"));
        button.click();
        awaitNewPage(browser, button);
    }

    /**
     * Waits until {@code element} of the old page is gone. While the page is being replaced,
     * chromium sometimes answers "node does not belong to the document" rather than "stale"; that
     * is the same thing half done, so it is asked again.
     */
    static void awaitNewPage(WebDriver browser, WebElement element) {
        waitFor(browser).ignoring(WebDriverException.class).until(ExpectedConditions.stalenessOf(element));
    }

    static void screenshot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last 30-second step whose code each secret has given, across the test classes of this run. */
    private static final java.util.Map<String, Long> USED_STEPS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The code an authenticator app shows now (RFC 6238: SHA-1, 6 digits, 30 s). Custos refuses a code
     * used once (replay protection), so when this secret already gave the current step's code, this
     * waits for the next step, as a person would wait for their app to show a new code.
     */
    static synchronized String totp(String base32Secret) {
        try {
            TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6,
                    TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
            SecretKeySpec key = new SecretKeySpec(new Base32().decode(base32Secret), generator.getAlgorithm());
            long used = USED_STEPS.getOrDefault(base32Secret, Long.MIN_VALUE);
            Instant now = Instant.now();
            while (now.getEpochSecond() / 30 <= used) {
                Thread.sleep((used + 1) * 30_000 - now.toEpochMilli() + 50);
                now = Instant.now();
            }
            USED_STEPS.put(base32Secret, now.getEpochSecond() / 30);
            return generator.generateOneTimePasswordString(key, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a new TOTP code", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot compute a TOTP code", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp profile left behind is harmless.
        }
    }
}
