package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issues 13.2 and 14.12 in the browser: the system administrator creates a salesperson, whose role
 * waits for the head of Sales 2 (a task on her home page, decided in the page); a password reset is
 * confirmed on a page of its own and refused without a reason.
 */
class AccountAdministrationBrowserTest extends BrowserTest {

    @Test
    void aNewSalespersonWaitsForTheHeadAndAResetAsksForAReason() {
        WebDriver admin = browser(1280, 900);
        admin.get(url("/login"));
        signIn(admin, "sun.hao", DEMO_PASSWORD, totp("ONSXG5DFNUQGC3DNNFXGS43UOJQXI33S"));
        admin.get(url("/admin/employees/new"));
        waitFor(admin).until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("e2e.newcomer");
        admin.findElement(By.id("displayName")).sendKeys("新同事");
        new Select(admin.findElement(By.id("departmentId"))).selectByVisibleText("Sales 2");
        WebElement save = admin.findElement(By.id("save-employee"));
        save.click();
        awaitNewPage(admin, save);
        assertThat(admin.findElement(By.id("pending-grant")).getText()).contains("approves");
        screenshot(admin, "role-grant-requested.png");

        admin.findElement(By.linkText("Continue")).click();
        WebElement reset = waitFor(admin).until(ExpectedConditions.elementToBeClickable(By.id("reset-password")));
        reset.click();
        awaitNewPage(admin, reset);
        assertThat(admin.findElement(By.id("confirm-message")).getText()).contains("every session and token");
        WebElement confirm = admin.findElement(By.id("confirm"));
        confirm.click();
        awaitNewPage(admin, confirm);
        assertThat(admin.findElement(By.id("reason-error")).getText()).contains("Say why");
        screenshot(admin, "password-reset-confirm.png");
        admin.findElement(By.id("reason")).sendKeys("Typed the wrong address in the welcome mail");
        confirm = admin.findElement(By.id("confirm"));
        confirm.click();
        awaitNewPage(admin, confirm);
        assertThat(admin.findElement(By.tagName("h1")).getText()).isEqualTo("One-time password");

        WebDriver head = browser(1280, 900);
        head.get(url("/login"));
        signIn(head, "li.na", DEMO_PASSWORD, null);
        WebElement task = waitFor(head).until(ExpectedConditions.elementToBeClickable(
                By.partialLinkText("新同事")));
        assertThat(task.getAttribute("href")).contains("/role-grants/");
        task.click();
        awaitNewPage(head, task);
        assertThat(head.findElement(By.id("grant-roles")).getText()).isEqualTo("Employee");
        assertThat(head.findElement(By.id("grant-department")).getText()).isEqualTo("Sales 2");
        screenshot(head, "role-grant-approve.png");
        WebElement approve = head.findElement(By.id("approve-grant"));
        approve.click();
        awaitNewPage(head, approve);
        assertThat(head.findElement(By.id("grant-status")).getText()).isEqualTo("Approved");
    }
}
