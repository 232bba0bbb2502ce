package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.TestPropertySource;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.training.DocumentContent;
import io.custos.training.DocumentKind;
import io.custos.training.DocumentView;
import io.custos.training.PolicyDocuments;
import io.custos.training.VersionView;

/**
 * Issues 14.9 and 14.11 through a real browser. huang.li (untrained in the demo) sees her
 * mandatory course as blocking on her home page; a refused reveal links her to the agreement, whose
 * Accept button comes after its text, then to the course. chen.jie opens the policy version waiting
 * for him from his home page, reads what it changes, and publishes it only once he has confirmed.
 * Its own application (the property below), so the other browser tests' huang.li is not this one's.
 */
@TestPropertySource(properties = "custos.training.reading-time-per-question=5s")
class TrainingGuidanceBrowserTest extends BrowserTest {

    private static final String CHEN_JIE_TOTP_SECRET = "NVQW4YLHMVWWK3TUEBSGK3LPEBZWKY3S";

    @Autowired PolicyDocuments documents;
    @Autowired Employees employees;

    @Test
    void aRefusedRevealLinksToTheAgreementAndThenToTheCourseThatLiftIt() {
        WebDriver browser = browser(1280, 1000);
        browser.get(url("/login"));
        signIn(browser, "huang.li", DEMO_PASSWORD, null);
        WebElement blocking = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//ul[@id='tasks']/li[contains(., 'Pass your mandatory course')]")));
        assertThat(blocking.findElement(By.cssSelector(".task-badge")).getText()).isEqualTo("Action required");
        assertThat(blocking.getText()).contains("confidential customer data cannot be revealed to you");

        openCustomerOf(browser, "huang.li");
        WebElement message = refusedReveal(browser, "phone", "SALES_FOLLOW_UP");
        assertThat(message.getText()).startsWith("Sign the confidentiality agreement first.");
        WebElement toAgreement = message.findElement(By.linkText("Read and accept the agreement"));
        screenshot(browser, "training-gate-refusal-agreement.png");
        click(browser, toAgreement);
        awaitNewPage(browser, toAgreement);

        WebElement text = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("document-body")));
        WebElement accept = browser.findElement(By.id("acknowledge"));
        assertThat(accept.getText()).isEqualTo("I accept this agreement");
        assertThat(accept.getLocation().getY()).as("Accept comes after the text it accepts")
                .isGreaterThan(text.getLocation().getY() + text.getSize().getHeight());
        click(browser, accept);
        awaitNewPage(browser, accept);
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("acknowledged")));

        openCustomerOf(browser, "huang.li");
        message = refusedReveal(browser, "phone", "SALES_FOLLOW_UP");
        assertThat(message.getText()).startsWith("Pass your assigned confidentiality training first.");
        WebElement toCourse = message.findElement(By.linkText("Open the course and take its quiz"));
        screenshot(browser, "training-gate-refusal-course.png");
        click(browser, toCourse);
        awaitNewPage(browser, toCourse);
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("course-title")))
                .getText()).isEqualTo("Customer information confidentiality basics");
        assertThat(browser.findElement(By.id("attempts-left")).getText()).isEqualTo("Attempts left in 24 hours: 3 of 3.");
    }

    @Test
    void managementOpensTheVersionFromItsTaskReadsTheChangesAndConfirmsBeforePublishing() {
        UUID version = submitPolicyChange();
        WebDriver browser = browser(1280, 1000);
        browser.get(url("/login"));
        signIn(browser, "chen.jie", DEMO_PASSWORD, totp(CHEN_JIE_TOTP_SECRET));
        WebElement task = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.partialLinkText("Version 2 of a policy document awaits your approval")));
        assertThat(task.getAttribute("href")).endsWith("/training/documents/versions/" + version);
        click(browser, task);
        awaitNewPage(browser, task);

        WebElement changes = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("changes")));
        assertThat(changes.getText()).contains("What version 2 changes against version 1 in force", "Chinese text",
                "English text");
        assertThat(browser.findElements(By.cssSelector("#diff-en .diff-added"))).extracting(WebElement::getText)
                .anyMatch(line -> line.contains("Confidential papers are shredded the same day."));
        assertThat(browser.findElements(By.cssSelector("#diff-en .diff-removed"))).isEmpty();
        assertThat(browser.findElement(By.id("version-state")).getText()).isEqualTo("Awaiting approval");
        screenshot(browser, "training-approval-diff.png");

        // Not confirmed: the browser holds the form back, and nothing is published.
        WebElement approve = browser.findElement(By.id("approve"));
        click(browser, approve);
        assertThat(browser.findElement(By.id("confirm-approval")).getAttribute("validationMessage")).isNotBlank();
        assertThat(browser.findElement(By.id("version-state")).getText()).isEqualTo("Awaiting approval");

        click(browser, browser.findElement(By.id("confirm-approval")));
        click(browser, approve);
        awaitNewPage(browser, approve);
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("version-state")))
                .getText()).isEqualTo("In force");
        assertThat(browser.findElement(By.cssSelector(".alert-success")).getText()).contains("Approved and published");
        assertThat(browser.findElements(By.id("diff-en"))).isEmpty();
    }

    /** wang.fang drafts version 2 of the demo policy with one added line in each language, and submits it. */
    private UUID submitPolicyChange() {
        EmployeeView officer = employees.byUsername("wang.fang").orElseThrow();
        CustosUser user = new CustosUser(officer.id(), officer.username(), officer.displayName(), officer.departmentId(),
                EnumSet.of(Role.ADMIN_OFFICER), EmployeeStatus.ACTIVE);
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(user, null,
                java.util.List.of(new SimpleGrantedAuthority(Role.ADMIN_OFFICER.authority()))));
        try {
            DocumentView policy = documents.documents(user).stream().filter(d -> d.kind() == DocumentKind.POLICY)
                    .findFirst().orElseThrow();
            DocumentContent current = policy.current().map(VersionView::content).orElseThrow();
            UUID version = documents.draftNext(policy.id(), new DocumentContent(current.titleZh(), current.titleEn(),
                    current.bodyZh() + "\n\n机密纸质资料当天粉碎。", current.bodyEn()
                            + "\n\nConfidential papers are shredded the same day."), user);
            documents.submit(version, user);
            return version;
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static void openCustomerOf(WebDriver browser, String owner) {
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("nav-customers"))).click();
        WebElement link = waitFor(browser).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//table[@id='customers']//tr[td[normalize-space(.)='" + owner + "']]//a")));
        click(browser, link);
        awaitNewPage(browser, link);
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("customer-fields")));
    }

    private static WebElement refusedReveal(WebDriver browser, String field, String purpose) {
        click(browser, waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("reveal-" + field))));
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reveal-purpose")));
        new Select(browser.findElement(By.id("reveal-purpose-select"))).selectByValue(purpose);
        click(browser, browser.findElement(By.id("reveal-purpose-confirm")));
        return waitFor(browser).until(d -> {
            WebElement box = d.findElement(By.id("reveal-message-" + field));
            return box.getText().isBlank() ? null : box;
        });
    }

}
