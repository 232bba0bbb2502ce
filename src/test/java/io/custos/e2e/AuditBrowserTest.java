package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * R-AUD-1, R-AUD-2 through a real browser: the demo auditor signs in with her one-time code,
 * verifies the log from the Audit menu, and finds that check, and her own searches, in the log.
 */
class AuditBrowserTest extends BrowserTest {

    private static final String ZHOU_MIN_TOTP_SECRET = "MF2WI2LUN5ZCAZDFNVXSA43FMNZGK5BA";

    @Test
    void theAuditorVerifiesTheLogAndFindsTheCheckInIt() {
        WebDriver browser = browser(1280, 900);
        browser.get(url("/login"));
        signIn(browser, "zhou.min", DEMO_PASSWORD, totp(ZHOU_MIN_TOTP_SECRET));
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));

        openFromAuditMenu(browser, "nav-audit-verify");
        browser.findElement(By.id("run-verify")).click();
        WebElement valid = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("verify-valid")));
        assertThat(valid.getText()).contains("intact");
        assertThat(browser.findElement(By.id("verify-chains")).getText()).contains("node-1");
        assertThat(browser.findElements(By.id("verify-invalid"))).isEmpty();
        screenshot(browser, "audit-verify.png");

        openFromAuditMenu(browser, "nav-audit-events");
        WebElement action = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("action")));
        action.sendKeys("audit.");
        WebElement search = browser.findElement(By.id("search"));
        search.click();
        awaitNewPage(browser, search);
        String table = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-events")))
                .getText();
        // The verification above, and the page's own first search, are in the log.
        assertThat(table).contains("audit.log.verified", "audit.events.searched", "zhou.min", "Security", "Allowed");
        assertThat(browser.findElement(By.id("action")).getAttribute("value")).isEqualTo("audit.");

        List<String> exports = List.of(browser.findElement(By.id("export-csv")).getAttribute("href"),
                browser.findElement(By.id("export-xlsx")).getAttribute("href"));
        assertThat(exports.get(0)).contains("/audit/events/export?format=csv&action=audit.");
        assertThat(exports.get(1)).contains("/audit/events/export?format=xlsx&action=audit.");
        screenshot(browser, "audit-events.png");

        browser.findElement(By.id("lang-zh")).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "审计日志查询"));
        assertThat(browser.findElement(By.id("audit-events")).getText()).contains("安全", "允许");
    }

    private static void openFromAuditMenu(WebDriver browser, String item) {
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("nav-audit"))).click();
        WebElement link = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id(item)));
        link.click();
        awaitNewPage(browser, link);
    }
}
