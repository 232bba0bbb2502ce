package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 22.3 through a real browser (R-SUP-6): chen.jie of management opens the company's compliance
 * dashboard, zhang.wei the one of Sales 1 that he heads, and zhou.min the auditor's; ECharts draws each
 * chart on a canvas above its table, with no script error and nothing the content security policy
 * refuses. The management dashboard is kept as a picture for the README:
 * {@code target/screenshots/management-dashboard.png}, 1280 pixels wide, in English.
 */
class ComplianceDashboardBrowserTest extends BrowserTest {

    private static final String CHEN_JIE_TOTP_SECRET = "NVQW4YLHMVWWK3TUEBSGK3LPEBZWKY3S";
    private static final String ZHOU_MIN_TOTP_SECRET = "MF2WI2LUN5ZCAZDFNVXSA43FMNZGK5BA";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Collects script errors and refusals of the content security policy from the first line of each page. */
    private static final String WATCH = "window.__problems = [];"
            + "window.addEventListener('error', function (e) { window.__problems.push('error: ' + e.message); });"
            + "document.addEventListener('securitypolicyviolation', function (e) {"
            + " window.__problems.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI); });";

    @Test
    void managementHeadAndAuditorSeeTheirDashboardsDrawn() throws Exception {
        // A window whose page area is about 1280 x 900 once the browser's own bar is taken off.
        WebDriver management = watched(browser(1280, 1043));
        try {
            management.get(url("/login"));
            signIn(management, "chen.jie", DEMO_PASSWORD, totp(CHEN_JIE_TOTP_SECRET));
            management.get(url("/compliance/dashboard"));
            drawn(management, "chart-colours", "chart-use", "chart-work");
            assertThat(management.findElement(By.id("dashboard-title")).getText()).contains("The whole company");
            assertThat(management.findElement(By.id("table-overdue")).getText()).contains("Customer cases overdue");
            assertThat(management.findElement(By.id("table-work")).getText()).contains("Security alerts raised");
            assertThat(management.findElement(By.id("report-form")).isDisplayed()).isTrue();
            assertThat(problems(management)).as("script errors and refusals on management's dashboard").isEmpty();
            keep(management, "management-dashboard.png");
        } catch (RuntimeException | AssertionError e) {
            screenshot(management, "compliance-management-failed.png");
            throw e;
        }

        WebDriver head = watched(browser(1280, 900));
        try {
            head.get(url("/login"));
            signIn(head, "zhang.wei", DEMO_PASSWORD, null);
            head.get(url("/compliance/dashboard"));
            drawn(head, "chart-colours", "chart-use", "chart-work");
            assertThat(head.findElement(By.id("dashboard-title")).getText()).contains("Sales 1");
            assertThat(head.findElements(By.id("report-form"))).isEmpty();
            assertThat(problems(head)).as("script errors and refusals on the head's dashboard").isEmpty();
        } catch (RuntimeException | AssertionError e) {
            screenshot(head, "compliance-head-failed.png");
            throw e;
        }

        WebDriver auditor = watched(browser(1280, 900));
        try {
            auditor.get(url("/login"));
            signIn(auditor, "zhou.min", DEMO_PASSWORD, totp(ZHOU_MIN_TOTP_SECRET));
            auditor.get(url("/compliance/dashboard/audit"));
            drawn(auditor, "chart-volume", "chart-break-glass");
            assertThat(auditor.findElement(By.id("table-chains")).getText()).contains("node-1");
            assertThat(problems(auditor)).as("script errors and refusals on the auditor's dashboard").isEmpty();
        } catch (RuntimeException | AssertionError e) {
            screenshot(auditor, "compliance-auditor-failed.png");
            throw e;
        }
    }

    private static WebDriver watched(WebDriver browser) {
        ((ChromeDriver) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
        return browser;
    }

    private static void drawn(WebDriver browser, String... charts) {
        for (String chart : charts) {
            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#" + chart + "[data-drawn] canvas")));
            WebElement canvas = browser.findElement(By.cssSelector("#" + chart + " canvas"));
            assertThat(canvas.getSize().getHeight()).as(chart).isGreaterThan(100);
            assertThat(canvas.getSize().getWidth()).as(chart).isGreaterThan(200);
        }
    }

    /** The window as one picture (1280 x 900), the top of the page: colours, overdue and the first trend. */
    private static void keep(WebDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> problems(WebDriver browser) {
        Object found = ((JavascriptExecutor) browser).executeScript("return window.__problems || [];");
        return (List<String>) found;
    }
}
