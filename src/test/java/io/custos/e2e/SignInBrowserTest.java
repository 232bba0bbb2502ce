package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Sign-in through a real browser: Debian's headless chromium driven by Selenium against the whole
 * application on a random port, with the demo company seeded.
 */
class SignInBrowserTest extends BrowserTest {

    private static final String PASSWORD = DEMO_PASSWORD;
    private static final String SUN_HAO_TOTP_SECRET = "ONSXG5DFNUQGC3DNNFXGS43UOJQXI33S";

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

    /** Issue 24.3: the fourth try of one name from one address gets the page again, saying when, name kept. */
    @Test
    void aThrottledSignInShowsWhenToTryAgainAndKeepsTheName() {
        WebDriver browser = browser(1280, 900);
        String name = "ghost.browser." + System.nanoTime() % 100_000;
        for (int i = 0; i < 3; i++) {
            browser.get(url("/login"));
            signIn(browser, name, "Wrong#2026", null);
            loginError(browser);
        }
        browser.get(url("/login"));
        signIn(browser, name, "Wrong#2026", null);

        WebElement message = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-throttled")));
        assertThat(message.getText()).contains("Try again in").contains("minutes");
        assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEqualTo(name);
        assertThat(browser.findElement(By.id("password")).getAttribute("value")).isEmpty();
        screenshot(browser, "sign-in-throttled.png");
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

    private static String loginError(WebDriver browser) {
        WebElement error = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(browser.getCurrentUrl()).contains("/login?error");
        return error.getText().strip();
    }

    private static void signOut(WebDriver browser) {
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("user-menu"))).click();
        WebElement signOut = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("sign-out")));
        signOut.click();
        awaitNewPage(browser, signOut);
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
}
