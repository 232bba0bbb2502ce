package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.support.Api;

/**
 * Issue 16 through a real browser (R-DEL-1, R-DEL-2): two prospects of Sales 1 last contacted three
 * years ago; the administration officer runs the sweep and finds them due; the head of Sales 1
 * proposes his department's due customers; management takes the head's step (a head never approves
 * his own proposal), the administration officer approves and executes, and the batch ends destroyed
 * with its certificate links, the customers gone from the due list.
 */
class RetentionBrowserTest extends BrowserTest {

    private static final String CHEN_JIE_SECRET = "NVQW4YLHMVWWK3TUEBSGK3LPEBZWKY3S";

    @Autowired JdbcClient jdbc;

    @Test
    void aSweptDepartmentIsProposedApprovedTwiceAndDestroyed() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        List<String> names = List.of("Retention E2E A " + suffix, "Retention E2E B " + suffix);
        List<UUID> ids = names.stream().map(this::customerOfLiuYang).toList();
        LocalDate longAgo = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusYears(3);
        for (UUID id : ids) {
            jdbc.sql("update customer set last_contact_on = ? where id = ?").params(Date.valueOf(longAgo), id).update();
        }

        WebDriver officer = browser(1280, 1100);
        officer.get(url("/login"));
        signIn(officer, "wang.fang", DEMO_PASSWORD, null);
        click(officer, waitFor(officer).until(ExpectedConditions.elementToBeClickable(By.id("nav-retention"))));
        WebElement due = waitFor(officer).until(ExpectedConditions.elementToBeClickable(By.id("nav-retention-due")));
        due.click();
        awaitNewPage(officer, due);
        WebElement sweep = waitFor(officer).until(ExpectedConditions.elementToBeClickable(By.id("run-sweep")));
        click(officer, sweep);
        awaitNewPage(officer, sweep);
        String list = waitFor(officer).until(ExpectedConditions.visibilityOfElementLocated(By.id("due-list"))).getText();
        assertThat(list).contains(names.get(0), names.get(1), "Prospect without a deal: 2 years after the last contact");
        assertThat(officer.findElement(By.id("sweep-facts")).getText()).contains("Last sweep");
        screenshot(officer, "retention-due.png");

        WebDriver head = browser(1280, 1100);
        head.get(url("/login"));
        signIn(head, "zhang.wei", DEMO_PASSWORD, null);
        head.get(url("/retention/due"));
        WebElement form = waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.id("propose-due-form")));
        assertThat(head.findElement(By.id("due-list")).getText()).contains(names.get(0), names.get(1));
        form.findElement(By.id("proposal-reason")).sendKeys("Prospects of Sales 1 without contact for two years.");
        click(head, form.findElement(By.id("proposal-confirmed")));
        WebElement propose = form.findElement(By.id("propose-due-submit"));
        click(head, propose);
        awaitNewPage(head, propose);
        assertThat(status(head)).isEqualTo("Waiting for approval");
        assertThat(head.findElements(By.id("batch-decision-form"))).as("a head does not approve his own proposal")
                .isEmpty();
        assertThat(head.findElement(By.id("batch-items")).getText()).contains(names.get(0), names.get(1));
        String batch = head.getCurrentUrl();

        WebDriver manager = browser(1280, 1100);
        manager.get(url("/login"));
        signIn(manager, "chen.jie", DEMO_PASSWORD, totp(CHEN_JIE_SECRET));
        waitFor(manager).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));
        assertThat(manager.findElement(By.tagName("main")).getText()).contains("destruction batch");
        decide(manager, batch, "Approved for the department by");

        officer.get(batch);
        decide(officer, batch, "Approved for the administration department by");
        assertThat(status(officer)).isEqualTo("Approved");
        WebElement execute = officer.findElement(By.id("execute-form"));
        click(officer, execute.findElement(By.id("execute-confirmed")));
        WebElement destroy = execute.findElement(By.id("execute"));
        click(officer, destroy);
        awaitNewPage(officer, destroy);
        new WebDriverWait(officer, Duration.ofSeconds(90)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> "DONE".equals(d.findElement(By.id("batch-status")).getAttribute("data-status")));
        assertThat(status(officer)).isEqualTo("Destroyed");
        assertThat(officer.findElement(By.id("batch-counts")).getText()).contains("2 destroyed");
        assertThat(officer.findElement(By.id("batch-digest")).getAttribute("value")).startsWith("sha256:");
        assertThat(officer.findElement(By.id("certificate-zh")).getAttribute("href")).contains("lang=zh-CN");
        assertThat(officer.findElement(By.id("batch-items")).getText()).doesNotContain(names.get(0))
                .contains("Destroyed customer");
        screenshot(officer, "retention-batch-done.png");

        officer.get(url("/retention/due"));
        assertThat(waitFor(officer).until(ExpectedConditions.visibilityOfElementLocated(By.tagName("main"))).getText())
                .doesNotContain(names.get(0)).doesNotContain(names.get(1));
    }

    /** Approves the batch with the confirmation ticked; the page then shows the step taken. */
    private void decide(WebDriver browser, String batch, String expectedStep) {
        browser.get(batch);
        WebElement form = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("batch-decision-form")));
        click(browser, form.findElement(By.id("decision-approve")));
        click(browser, form.findElement(By.id("decision-confirmed")));
        WebElement submit = form.findElement(By.id("submit-batch-decision"));
        click(browser, submit);
        awaitNewPage(browser, submit);
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("batch-steps")))
                .getText()).contains(expectedStep);
        assertThat(browser.findElements(By.id("batch-decision-form"))).isEmpty();
    }

    private static String status(WebDriver browser) {
        return waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("batch-status"))).getText();
    }

    /** A new prospect of liu.yang (Sales 1), through the API as she would import it. */
    @SuppressWarnings("unchecked")
    private UUID customerOfLiuYang(String company) {
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/auth/token")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Api.json(Map.of("username", "liu.yang", "password",
                            DEMO_PASSWORD)))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
            String bearer = "Bearer " + Api.JSON.readValue(token.body(), Map.class).get("token");
            Map<String, Object> body = Map.of("fields", Map.of("companyName", company, "contactName", "王伟", "phone",
                    "+86 137 1357 2468"), "consent", Map.of("noticeVersion", 1, "purposes", List.of("SALES_FOLLOW_UP"),
                    "sensitiveConsent", false, "thirdPartyConsent", false, "channel", "PAPER_FORM"));
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/customers")))
                    .header("Content-Type", "application/json").header("Authorization", bearer)
                    .POST(HttpRequest.BodyPublishers.ofString(Api.json(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return UUID.fromString((String) Api.JSON.readValue(created.body(), Map.class).get("id"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
