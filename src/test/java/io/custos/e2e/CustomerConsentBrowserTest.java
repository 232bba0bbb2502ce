package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * R-COL-1, R-COL-2, R-USE-1 in a real browser: a sales employee registers a customer with the
 * consent collected on paper, is refused a field the chosen purposes do not need, and then sees the
 * record with the phone masked and the consent on the customer's page.
 */
class CustomerConsentBrowserTest extends BrowserTest {

    @Test
    void aSalesEmployeeRegistersACustomerWithConsentAndSeesItMasked() {
        WebDriver browser = browser(1280, 1000);
        browser.get(url("/login"));
        signIn(browser, "liu.yang", DEMO_PASSWORD, null);
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("nav-customers"))).click();
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("new-customer"))).click();

        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("f-companyName")))
                .sendKeys("浏览器测试贸易有限公司");
        browser.findElement(By.id("f-contactName")).sendKeys("林浏览");
        browser.findElement(By.id("f-phone")).sendKeys("+86 135 7777 2468");
        browser.findElement(By.id("f-idNumber")).sendKeys("110105199001011234");
        click(browser, "purpose-SALES_FOLLOW_UP");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("consent-channel")))
                .selectByValue("PAPER_FORM");
        WebElement save = browser.findElement(By.id("save"));
        click(browser, "save");
        awaitNewPage(browser, save);
        WebElement problem = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        // Named by its label in the page's language, never by its key (issue 14.6).
        assertThat(problem.getText()).doesNotContain("idNumber").containsAnyOf("ID number", "身份证号");
        assertThat(browser.findElement(By.id("error-idNumber")).getText()).isEqualTo(problem.getText());
        assertThat(browser.findElement(By.id("f-idNumber")).getAttribute("class")).contains("is-invalid");
        screenshot(browser, "customer-consent-refused.png");

        browser.findElement(By.id("f-idNumber")).clear();
        save = browser.findElement(By.id("save"));
        click(browser, "save");
        awaitNewPage(browser, save);
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("customer-fields")));
        assertThat(browser.findElement(By.id("value-phone")).getText()).contains("*******2468").doesNotContain("7777");
        assertThat(browser.findElement(By.id("value-companyName")).getText()).isEqualTo("浏览器测试贸易有限公司");
        assertThat(browser.findElement(By.id("consent-history")).getText()).contains("Granted", "v1", "Sales follow-up",
                "Paper form", "liu.yang");
        screenshot(browser, "customer-consent-view.png");
    }

    /** Bootstrap scrolls smoothly; an element below the fold is brought into view at once before the click. */
    private static void click(WebDriver browser, String id) {
        WebElement element = browser.findElement(By.id(id));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                element);
        element.click();
    }
}
