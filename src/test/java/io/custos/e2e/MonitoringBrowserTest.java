package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.custos.monitoring.MonitoringTestAlerts;

/**
 * Issue 21.5 through a real browser (R-SUP-3): liu.yang of Sales 1 reads 60 customers at once;
 * zhao.lei, the security administrator, opens the monitoring dashboard — ECharts draws each chart on
 * a canvas above its table, with no script error and nothing the content security policy refuses —
 * then finds the alert, sees the incident field only for the incident outcome, and triages it as a
 * finding.
 * <p>
 * Its own application, closed afterwards: the alert it raises is not for the other browser tests.
 */
@TestPropertySource(properties = "custos.test.application=monitoring-browser")
@DirtiesContext
class MonitoringBrowserTest extends BrowserTest {

    private static final String ZHAO_LEI_TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";
    /** Collects script errors and refusals of the content security policy from the first line of each page. */
    private static final String WATCH = "window.__problems = [];"
            + "window.addEventListener('error', function (e) { window.__problems.push('error: ' + e.message); });"
            + "document.addEventListener('securitypolicyviolation', function (e) {"
            + " window.__problems.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI); });";

    @Autowired ApplicationContext context;
    @Autowired JdbcClient jdbc;

    @Test
    void zhaoLeiReadsTheDashboardAndTriagesLiuYangsBulkReading() throws Exception {
        UUID liuYang = jdbc.sql("select id from employee where username = 'liu.yang'").query(UUID.class).single();
        MonitoringTestAlerts.bulkReading(context, liuYang, "liu.yang", 60);
        UUID alert = jdbc.sql("select id from monitoring_alert where subject_id = ? and rule_kind = 'BULK_READING'")
                .param(liuYang).query(UUID.class).single();

        WebDriver browser = browser(1280, 1100);
        try {
            ((ChromeDriver) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
            browser.get(url("/login"));
            signIn(browser, "zhao.lei", DEMO_PASSWORD, totp(ZHAO_LEI_TOTP_SECRET));

            browser.get(url("/monitoring/dashboard"));
            for (String chart : List.of("chart-rule", "chart-department", "chart-day")) {
                waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#" + chart + "[data-drawn] canvas")));
                WebElement canvas = browser.findElement(By.cssSelector("#" + chart + " canvas"));
                assertThat(canvas.getSize().getHeight()).as(chart).isGreaterThan(100);
            }
            assertThat(browser.findElement(By.id("table-rule")).getText()).contains("Bulk reading");
            assertThat(browser.findElement(By.id("table-department")).getText()).contains("Sales 1");
            assertThat(problems(browser)).as("script errors and refusals on the dashboard").isEmpty();

            WebElement open = browser.findElement(By.cssSelector("#table-rule a[href*='rule=BULK_READING']"));
            click(browser, open);
            awaitNewPage(browser, open);
            WebElement link = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#alert-" + alert + " a")));
            assertThat(browser.findElement(By.id("alert-" + alert)).getText()).contains("Bulk reading",
                    "51 customers within 10 minutes");
            click(browser, link);
            awaitNewPage(browser, link);

            WebElement incidentField = waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(
                    By.id("incident-field")));
            assertThat(incidentField.isDisplayed()).as("no outcome chosen yet").isFalse();
            click(browser, browser.findElement(By.id("outcome-INCIDENT")));
            assertThat(incidentField.isDisplayed()).isTrue();
            click(browser, browser.findElement(By.id("outcome-FINDING")));
            assertThat(incidentField.isDisplayed()).isFalse();
            browser.findElement(By.id("note")).sendKeys("Asked Zhang Wei: a list for a mailing, not agreed.");
            WebElement submit = browser.findElement(By.id("triage-submit"));
            click(browser, submit);
            awaitNewPage(browser, submit);
            WebElement status = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("alert-status")));
            assertThat(status.getAttribute("data-status")).isEqualTo("FINDING");
            assertThat(browser.findElement(By.id("triage-note")).getText())
                    .isEqualTo("Asked Zhang Wei: a list for a mailing, not agreed.");
            assertThat(problems(browser)).as("script errors and refusals on the alert").isEmpty();
        } catch (RuntimeException | AssertionError e) {
            screenshot(browser, "monitoring-failed.png");
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> problems(WebDriver browser) {
        Object found = ((JavascriptExecutor) browser).executeScript("return window.__problems || [];");
        return (List<String>) found;
    }
}
