package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

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
        Select actions = new Select(action);
        assertThat(actions.getOptions()).extracting(WebElement::getText)
                .contains("Audit log verified", "Sign-in").noneMatch(CODE.asPredicate());
        actions.selectByValue("audit.");
        WebElement search = browser.findElement(By.id("search"));
        search.click();
        awaitNewPage(browser, search);
        String table = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-events")))
                .getText();
        // The verification above, and the page's own first search, are in the log, in words.
        assertThat(table).contains("Audit log verified", "Audit events searched", "zhou.min", "Security", "Allowed");
        assertThat(new Select(browser.findElement(By.id("action"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("audit.");
        assertThat(browser.findElement(By.id("result-summary")).getText()).containsPattern("[\\d,]+ events? match");

        List<String> exports = List.of(browser.findElement(By.id("export-csv")).getAttribute("href"),
                browser.findElement(By.id("export-xlsx")).getAttribute("href"));
        assertThat(exports.get(0)).contains("/audit/events/export?format=csv&action=audit.");
        assertThat(exports.get(1)).contains("/audit/events/export?format=xlsx&action=audit.");
        screenshot(browser, "audit-events.png");

        browser.findElement(By.id("lang-zh")).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "审计日志查询"));
        assertThat(browser.findElement(By.id("audit-events")).getText()).contains("安全", "允许", "校验审计日志");
    }

    @Test
    void theWholeLogFitsA1280PixelScreenInWordsWithDetailsToExpand() {
        WebDriver browser = browser(1280, 900);
        browser.get(url("/login"));
        signIn(browser, "zhou.min", DEMO_PASSWORD, totp(ZHOU_MIN_TOTP_SECRET));
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));
        browser.get(url("/audit/events?size=200"));
        WebElement table = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-events")));

        JavascriptExecutor page = (JavascriptExecutor) browser;
        Number overflow = (Number) page.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow.longValue()).as("sideways scrolling at 1280 px").isLessThanOrEqualTo(0);
        Number tableWidth = (Number) page.executeScript("return arguments[0].getBoundingClientRect().width;", table);
        assertThat(tableWidth.doubleValue()).isLessThanOrEqualTo(1280);

        for (WebElement details : browser.findElements(By.cssSelector("#audit-events details"))) {
            page.executeScript("arguments[0].open = true;", details);
        }
        // Record digests (sha256:, base64url) are evidence to compare, and may hold any run of letters.
        String text = DIGEST.matcher(table.getText()).replaceAll("");
        assertThat(text).contains("Sign-in");
        assertThat(WORD_CODE.matcher(text).results().map(java.util.regex.MatchResult::group).toList())
                .as("constants and keys shown to people").isEmpty();
        // Login names are dotted too (zhou.min), so dotted action codes are looked for where actions are shown.
        assertThat(browser.findElements(By.cssSelector("#audit-events .audit-action"))).isNotEmpty()
                .extracting(WebElement::getText).noneMatch(CODE.asPredicate());
        screenshot(browser, "audit-events-1280.png");
    }

    /** An UPPER_SNAKE constant or a camelCase key, as people must never read them. */
    private static final Pattern WORD_CODE = Pattern.compile("\\b[A-Z]{2,}_[A-Z_]+\\b|\\b[a-z]+[A-Z][A-Za-z]+\\b");
    private static final Pattern DIGEST = Pattern.compile("sha256:[A-Za-z0-9_-]+");
    /** A dotted action code, or either of the above. */
    private static final Pattern CODE = Pattern.compile("\\b[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*){1,4}\\b|"
            + WORD_CODE.pattern());

    private static void openFromAuditMenu(WebDriver browser, String item) {
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("nav-audit"))).click();
        WebElement link = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id(item)));
        link.click();
        awaitNewPage(browser, link);
    }
}
