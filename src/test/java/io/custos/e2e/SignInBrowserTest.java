package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
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
 * Sign-in through a real browser: Debian's headless chromium driven by Selenium against the whole
 * application on a random port, with the demo company seeded. Runs only with {@code -Pe2e}.
 * Uses the system chromium and chromedriver; Selenium Manager never runs (the build has no network).
 */
@Tag("e2e")
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("demo")
class SignInBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String PASSWORD = "Demo#2026";
    private static final String SUN_HAO_TOTP_SECRET = "ONSXG5DFNUQGC3DNNFXGS43UOJQXI33S";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("target", "e2e");

    @LocalServerPort
    int port;

    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

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

    @Test
    void signsInSwitchesToChineseAndSeesHomePage() {
        WebDriver browser = browser(1280, 900);
        browser.get(url("/login"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in to Custos");

        signIn(browser, "liu.yang", PASSWORD, null);
        WebElement heading = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));
        assertThat(heading.getText()).contains("Hello").contains("刘洋");

        browser.findElement(By.id("lang-zh")).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("home-heading"), "您好"));
        assertThat(browser.findElement(By.id("home-heading")).getText()).contains("您好").contains("刘洋");
        assertThat(browser.findElement(By.tagName("nav")).getText()).contains("首页");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).startsWith("zh");
        screenshot(browser, "home-zh.png");

        // The choice is remembered: a fresh page load stays Chinese.
        browser.get(url("/"));
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading"))).getText())
                .contains("您好");

        signOut(browser);
        waitFor(browser).until(ExpectedConditions.urlContains("/login"));
        assertThat(browser.getCurrentUrl()).contains("/login");
        assertThat(browser.findElements(By.id("sign-in"))).isNotEmpty();
        assertThat(browser.findElements(By.id("user-menu"))).isEmpty();
    }

    @Test
    void wrongPasswordShowsTheSameMessageAsUnknownUser() {
        WebDriver browser = browser(1280, 900);

        browser.get(url("/login"));
        signIn(browser, "liu.yang", "Wrong#2026", null);
        String wrongPassword = loginError(browser);

        browser.get(url("/login"));
        signIn(browser, "no.such.person", PASSWORD, null);
        String unknownUser = loginError(browser);

        assertThat(wrongPassword).isNotBlank();
        assertThat(unknownUser).isEqualTo(wrongPassword);
        assertThat(browser.findElements(By.id("home-heading"))).isEmpty();
    }

    @Test
    void systemAdminNeedsTheOneTimeCode() {
        WebDriver browser = browser(1280, 900);

        browser.get(url("/login"));
        signIn(browser, "sun.hao", PASSWORD, null);
        assertThat(loginError(browser)).isNotBlank();
        assertThat(browser.findElements(By.id("home-heading"))).isEmpty();

        browser.get(url("/login"));
        signIn(browser, "sun.hao", PASSWORD, totp(SUN_HAO_TOTP_SECRET));
        WebElement heading = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));
        assertThat(heading.getText()).contains("Hello").contains("孙浩");
        assertThat(browser.findElements(By.id("nav-employees"))).hasSize(1);
        assertThat(browser.findElements(By.id("nav-departments"))).hasSize(1);
        assertThat(browser.findElements(By.id("login-error"))).isEmpty();
    }

    @Test
    void phoneWidthPagesDoNotScrollSideways() {
        WebDriver browser = phone(390, 844);
        browser.get(url("/login"));
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        long innerWidth = number(browser, "return window.innerWidth");
        assertThat(innerWidth).as("the browser really is phone-sized").isLessThanOrEqualTo(390);
        assertNoHorizontalScroll(browser, "login page");
        screenshot(browser, "login-phone.png");

        signIn(browser, "liu.yang", PASSWORD, null);
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));
        assertNoHorizontalScroll(browser, "home page");
        screenshot(browser, "home-phone.png");
    }

    // --- helpers -----------------------------------------------------------------------------

    private WebDriver browser(int width, int height) {
        return browser(width, height, false);
    }

    /**
     * Headless chromium will not make a window narrower than 500 px, so a phone is emulated: a
     * 390 x 844 CSS-pixel viewport (an iPhone 12 to 15), touch, and the viewport meta tag honoured.
     */
    private WebDriver phone(int width, int height) {
        return browser(width, height, true);
    }

    private WebDriver browser(int width, int height, boolean phone) {
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

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static WebDriverWait waitFor(WebDriver browser) {
        return new WebDriverWait(browser, WAIT);
    }

    private static void signIn(WebDriver browser, String username, String password, @Nullable String otp) {
        WebElement user = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        user.clear();
        user.sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        if (otp != null) {
            browser.findElement(By.id("otp")).sendKeys(otp);
        }
        WebElement button = browser.findElement(By.id("sign-in"));
        button.click();
        waitFor(browser).until(ExpectedConditions.stalenessOf(button));
    }

    private static String loginError(WebDriver browser) {
        WebElement error = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(browser.getCurrentUrl()).contains("/login?error");
        return error.getText().strip();
    }

    private static void signOut(WebDriver browser) {
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("user-menu"))).click();
        WebElement signOut = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("sign-out")));
        signOut.click();
        waitFor(browser).until(ExpectedConditions.stalenessOf(signOut));
    }

    private static void assertNoHorizontalScroll(WebDriver browser, String page) {
        long scrollWidth = number(browser, "return document.documentElement.scrollWidth");
        long innerWidth = number(browser, "return window.innerWidth");
        assertThat(scrollWidth).as("%s: document width %d fits the %d px viewport", page, scrollWidth, innerWidth)
                .isLessThanOrEqualTo(innerWidth);
    }

    private static long number(WebDriver browser, String script) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(script)).longValue();
    }

    private static void screenshot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The code an authenticator app shows now (RFC 6238: SHA-1, 6 digits, 30 s). */
    private static String totp(String base32Secret) {
        try {
            TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6,
                    TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
            SecretKeySpec key = new SecretKeySpec(new Base32().decode(base32Secret), generator.getAlgorithm());
            return generator.generateOneTimePasswordString(key, Instant.now());
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
