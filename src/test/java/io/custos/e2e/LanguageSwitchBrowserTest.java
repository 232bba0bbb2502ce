package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 14.10 in a real browser: switching the language shows the same page again, with its query
 * string and with what the person had typed into a form but not yet sent.
 */
class LanguageSwitchBrowserTest extends BrowserTest {

    @Test
    void switchingTheLanguageKeepsThePageItsQueryAndTheFormBeingEdited() {
        WebDriver browser = browser(1280, 1000);
        browser.get(url("/login"));
        signIn(browser, "liu.yang", DEMO_PASSWORD, null);

        browser.get(url("/customers?name=%E8%B4%B8%E6%98%93&page=0"));
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("customer-search")));
        switchTo(browser, "lang-zh");
        assertThat(browser.getCurrentUrl()).contains("/customers?", "name=%E8%B4%B8%E6%98%93", "page=0",
                "lang=zh-CN");
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("贸易");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");

        browser.get(url("/customers/new"));
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("f-companyName")))
                .sendKeys("切换语言贸易有限公司");
        browser.findElement(By.id("f-contactName")).sendKeys("林切换");
        switchTo(browser, "lang-en");
        assertThat(browser.getCurrentUrl()).endsWith("/customers/new?lang=en");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.findElement(By.id("f-companyName")).getAttribute("value")).isEqualTo("切换语言贸易有限公司");
        assertThat(browser.findElement(By.id("f-contactName")).getAttribute("value")).isEqualTo("林切换");
        screenshot(browser, "language-switch-kept-form.png");

        // Kept for that one switch only: opening the form again starts empty.
        browser.get(url("/customers/new"));
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("f-companyName")))
                .getAttribute("value")).isEmpty();
    }

    private static void switchTo(WebDriver browser, String id) {
        WebElement link = browser.findElement(By.id(id));
        link.click();
        awaitNewPage(browser, link);
        waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }
}
