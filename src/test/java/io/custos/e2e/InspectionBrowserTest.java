package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.custos.supervision.EvidenceSource;
import io.custos.supervision.InspectionStatus;
import io.custos.supervision.RectificationStatus;
import io.custos.supervision.RectificationStepKind;

/**
 * Issue 20 through a real browser (R-SUP-1, R-SUP-2): wang.fang of the administration department
 * plans this quarter's inspection of Sales 1, records every item of the checklist on the page — the
 * clean-desk one as a finding — and completes it; zhang.wei, the head of Sales 1, follows his home
 * task to the rectification and submits the fix; wang.fang follows hers and verifies it, and the
 * rectification reads as closed, in English and in Chinese, without internal codes.
 * <p>
 * Its own application (the property below names it), closed afterwards: it adds an inspection and
 * home tasks the browser tests sharing the demo application do not expect.
 */
@TestPropertySource(properties = "custos.test.application=inspection-browser")
@DirtiesContext
class InspectionBrowserTest extends BrowserTest {

    private final Map<String, WebDriver> shots = new LinkedHashMap<>();

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = context -> context.getExecutionException()
            .ifPresent(failure -> shots.forEach((name, browser) -> {
                try {
                    screenshot(browser, "inspection-failed-" + name + ".png");
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }));

    @Test
    void wangFangInspectsSales1TheHeadFixesTheFindingAndSheVerifiesIt() {
        WebDriver officer = browser(1280, 1100);
        shots.put("wang.fang", officer);
        officer.get(url("/login"));
        signIn(officer, "wang.fang", DEMO_PASSWORD, null);
        officer.get(url("/supervision/inspections"));

        WebElement plan = waitFor(officer).until(ExpectedConditions.visibilityOfElementLocated(By.id("form-plan")));
        new Select(plan.findElement(By.id("departmentId"))).selectByVisibleText("Sales 1");
        String quarter = plan.findElement(By.id("period")).getAttribute("value");
        assertThat(quarter).as("this quarter by default").matches("\\d{4}-Q[1-4]");
        WebElement planButton = plan.findElement(By.id("plan-submit"));
        click(officer, planButton);
        awaitNewPage(officer, planButton);
        assertThat(waitFor(officer).until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1"))).getText())
                .isEqualTo("Inspection of Sales 1, " + quarter);
        String inspectionUrl = officer.getCurrentUrl();
        assertThat(officer.findElement(By.id("inspection-status")).getAttribute("data-status")).isEqualTo("PLANNED");
        assertThat(officer.findElements(By.cssSelector(".evidence-live"))).as("the items bound to live figures")
                .hasSize(8);

        List<WebElement> forms = officer.findElements(By.cssSelector("form.item-form"));
        assertThat(forms).hasSize(12);
        for (int n = 1; n <= 12; n++) {
            WebElement score = waitFor(officer).until(ExpectedConditions.presenceOfElementLocated(By.id("score-" + n)));
            if (n == 8) { // the clean-desk item, §3's last
                new Select(score).selectByValue("1");
                click(officer, officer.findElement(By.id("finding-8")));
                officer.findElement(By.id("text-8")).sendKeys("下班后桌面留有客户名单。Customer lists left on desks after hours.");
            } else {
                new Select(score).selectByValue("3");
            }
            WebElement record = officer.findElement(By.id("record-" + n));
            click(officer, record);
            awaitNewPage(officer, record);
            assertThat(officer.findElements(By.id("problem"))).as("item %d", n).isEmpty();
        }
        assertThat(officer.findElement(By.id("inspection-progress")).getText()).isEqualTo("12 of 12 items; score 34 of 36");
        screenshot(officer, "inspection-recorded.png");
        WebElement complete = officer.findElement(By.id("complete"));
        click(officer, complete);
        awaitNewPage(officer, complete);
        assertThat(waitFor(officer).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-success")))
                .getText()).isEqualTo("The inspection is completed; its findings are with the department head.");
        assertThat(officer.findElement(By.id("inspection-status")).getAttribute("data-status")).isEqualTo("COMPLETED");
        assertThat(officer.findElements(By.cssSelector("form.item-form"))).isEmpty();
        assertThat(officer.findElement(By.id("report-en")).getAttribute("href")).contains("lang=en");
        assertThat(officer.findElement(By.id("inspection-rectifications")).getText()).contains("张伟");

        WebDriver head = browser(1280, 1100);
        shots.put("zhang.wei", head);
        head.get(url("/login"));
        signIn(head, "zhang.wei", DEMO_PASSWORD, null);
        WebElement task = waitFor(head).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//ul[@id='tasks']//a[contains(., 'rectification is yours to fix')]")));
        click(head, task);
        awaitNewPage(head, task);
        WebElement row = waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//table[@id='rectification-list']//tr[td[contains(., 'Sales 1')]]//a")));
        click(head, row);
        awaitNewPage(head, row);
        assertThat(waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.id("rectification-finding")))
                .getText()).contains("Customer lists left on desks after hours.");
        assertThat(head.findElements(By.id("form-verify"))).as("not the owner's to verify").isEmpty();
        String rectificationUrl = head.getCurrentUrl();
        head.findElement(By.id("fix-text")).sendKeys("每晚下班前由部门负责人检查桌面。The head checks the desks every evening.");
        WebElement fix = head.findElement(By.id("fix-submit"));
        click(head, fix);
        awaitNewPage(head, fix);
        assertThat(waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.id("rectification-status")))
                .getAttribute("data-status")).isEqualTo("SUBMITTED");
        assertThat(head.findElements(By.id("form-fix"))).isEmpty();
        screenshot(head, "rectification-fix-submitted.png");

        officer.get(url("/"));
        WebElement verifyTask = waitFor(officer).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//ul[@id='tasks']//a[contains(., 'waits for you to verify')]")));
        click(officer, verifyTask);
        awaitNewPage(officer, verifyTask);
        officer.get(rectificationUrl);
        WebElement verify = waitFor(officer).until(ExpectedConditions.elementToBeClickable(By.id("verify-submit")));
        assertThat(officer.findElement(By.id("rectification-steps")).getText())
                .contains("The head checks the desks every evening.");
        click(officer, verify);
        awaitNewPage(officer, verify);
        assertThat(waitFor(officer).until(ExpectedConditions.visibilityOfElementLocated(By.id("rectification-status")))
                .getText()).isEqualTo("Verified and closed");

        WebElement chinese = officer.findElement(By.id("lang-zh"));
        click(officer, chinese);
        awaitNewPage(officer, chinese);
        waitFor(officer).until(ExpectedConditions.visibilityOfElementLocated(By.id("lang-zh")));
        assertThat(officer.findElement(By.id("rectification-status")).getText()).isEqualTo("已验证关闭");
        String page = officer.findElement(By.tagName("body")).getText();
        assertThat(page).contains("验证通过", "提交了整改").doesNotContain("??", "rectification.", "inspection.")
                .doesNotContain(internalCodes());
        screenshot(officer, "rectification-verified-zh.png");

        head.get(inspectionUrl);
        assertThat(waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.id("inspection-rectifications")))
                .getText()).contains("Verified and closed");
    }

    private static String[] internalCodes() {
        return Stream.of(InspectionStatus.values(), RectificationStatus.values(), RectificationStepKind.values(),
                EvidenceSource.values()).flatMap(Stream::of).map(Enum::name).toArray(String[]::new);
    }
}
