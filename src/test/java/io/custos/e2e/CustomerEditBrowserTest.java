package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 14.1 in a real browser: a wrong phone on the edit form comes back with every other value
 * still filled in, and saving it corrected loses nothing; when the department head saves the same
 * customer meanwhile, the owner sees the head's values next to their own and keeps theirs only by
 * choosing to.
 */
class CustomerEditBrowserTest extends BrowserTest {

    @Test
    void anEditRejectedForItsPhoneKeepsEveryValueAndSavesWithoutLosingAny() {
        WebDriver owner = browser(1280, 1000);
        String customer = createAs(owner, "编辑浏览器甲贸易公司");
        owner.get(url(customer + "/edit"));
        WebElement phone = waitFor(owner).until(ExpectedConditions.visibilityOfElementLocated(By.id("f-phone")));
        phone.sendKeys("12345");
        save(owner, "save");
        waitFor(owner).until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(value(owner, "f-companyName")).isEqualTo("编辑浏览器甲贸易公司");
        assertThat(value(owner, "f-industry")).isEqualTo("进出口贸易");
        assertThat(value(owner, "f-city")).isEqualTo("青岛");
        assertThat(value(owner, "f-contactName")).isEqualTo("孙浏览");
        assertThat(value(owner, "f-jobTitle")).isEqualTo("采购经理");
        assertThat(value(owner, "f-phone")).isEqualTo("12345");
        assertThat(owner.findElement(By.id("f-phone")).getAttribute("class")).contains("is-invalid");
        screenshot(owner, "customer-edit-invalid.png");

        owner.findElement(By.id("f-phone")).clear();
        owner.findElement(By.id("f-phone")).sendKeys("139 0000 5678");
        save(owner, "save");
        waitFor(owner).until(ExpectedConditions.visibilityOfElementLocated(By.id("customer-fields")));
        assertThat(owner.findElement(By.id("value-industry")).getText()).isEqualTo("进出口贸易");
        assertThat(owner.findElement(By.id("value-city")).getText()).isEqualTo("青岛");
        assertThat(owner.findElement(By.id("value-jobTitle")).getText()).isEqualTo("采购经理");
        assertThat(owner.findElement(By.id("value-phone")).getText()).contains("5678").doesNotContain("139");
    }

    @Test
    void aConflictingEditShowsTheOtherPersonsValuesAndReplacesThemOnlyByChoice() {
        WebDriver owner = browser(1280, 1000);
        String customer = createAs(owner, "编辑浏览器乙贸易公司");
        owner.get(url(customer + "/edit"));
        waitFor(owner).until(ExpectedConditions.visibilityOfElementLocated(By.id("f-contactName")));

        WebDriver head = browser(1280, 1000);
        head.get(url("/login"));
        signIn(head, "zhang.wei", DEMO_PASSWORD, null);
        head.get(url(customer + "/edit"));
        WebElement city = waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.id("f-city")));
        city.clear();
        city.sendKeys("上海");
        save(head, "save");
        waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.id("customer-fields")));

        WebElement contact = owner.findElement(By.id("f-contactName"));
        contact.clear();
        contact.sendKeys("孙新联系人");
        save(owner, "save");
        waitFor(owner).until(ExpectedConditions.visibilityOfElementLocated(By.id("conflict")));
        assertThat(owner.findElements(By.id("save"))).isEmpty();
        assertThat(value(owner, "f-contactName")).isEqualTo("孙新联系人");
        assertThat(value(owner, "f-city")).isEqualTo("青岛");
        assertThat(owner.findElement(By.id("theirs-city")).getText()).contains("上海");
        assertThat(owner.findElements(By.id("theirs-contactName"))).as("my own change is not theirs").isEmpty();
        screenshot(owner, "customer-edit-conflict.png");

        save(owner, "keep-mine");
        waitFor(owner).until(ExpectedConditions.visibilityOfElementLocated(By.id("customer-fields")));
        assertThat(owner.findElement(By.id("value-contactName")).getText()).isEqualTo("孙新联系人");
        assertThat(owner.findElement(By.id("value-city")).getText()).isEqualTo("青岛");
    }

    /** Signs in as the sales employee and registers a customer through the form; its address. */
    private String createAs(WebDriver browser, String company) {
        browser.get(url("/login"));
        signIn(browser, "liu.yang", DEMO_PASSWORD, null);
        browser.get(url("/customers/new"));
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("f-companyName"))).sendKeys(company);
        browser.findElement(By.id("f-industry")).sendKeys("进出口贸易");
        browser.findElement(By.id("f-city")).sendKeys("青岛");
        browser.findElement(By.id("f-contactName")).sendKeys("孙浏览");
        browser.findElement(By.id("f-jobTitle")).sendKeys("采购经理");
        click(browser, browser.findElement(By.id("purpose-SALES_FOLLOW_UP")));
        click(browser, browser.findElement(By.id("purpose-CONTRACT")));
        new Select(browser.findElement(By.id("consent-channel"))).selectByValue("PAPER_FORM");
        save(browser, "save");
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("customer-fields")));
        return browser.getCurrentUrl().substring(url("").length());
    }

    private static void save(WebDriver browser, String id) {
        WebElement button = browser.findElement(By.id(id));
        click(browser, button);
        awaitNewPage(browser, button);
    }

    private static String value(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getAttribute("value");
    }

}
