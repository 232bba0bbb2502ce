package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 15 through a real browser (R-ORG-3, R-USE-3, R-USE-4): a sales employee asks to share the
 * delivery contacts of her customers with the forwarder Oceanic Freight; her department head, then
 * the administration officer approve, each seeing who is left out and why; the forwarder's agent
 * signs in, finds the new grant among what is shared with him, and reveals a granted phone number
 * for the grant's purpose, and only that.
 */
class SharingBrowserTest extends BrowserTest {

    @Test
    void aRequestApprovedTwiceLetsThePartnersAgentRevealAGrantedField() {
        WebDriver requester = browser(1280, 1100);
        requester.get(url("/login"));
        signIn(requester, "liu.yang", DEMO_PASSWORD, null);
        waitFor(requester).until(ExpectedConditions.elementToBeClickable(By.id("nav-sharing-toggle"))).click();
        WebElement nav = waitFor(requester).until(ExpectedConditions.elementToBeClickable(By.id("nav-sharing")));
        nav.click();
        awaitNewPage(requester, nav);
        WebElement ask = waitFor(requester).until(ExpectedConditions.elementToBeClickable(By.id("new-request")));
        ask.click();
        awaitNewPage(requester, ask);

        Select recipient = new Select(waitFor(requester).until(
                ExpectedConditions.visibilityOfElementLocated(By.id("recipient"))));
        recipient.selectByVisibleText("Oceanic Freight");
        new Select(requester.findElement(By.id("purpose"))).selectByValue("DELIVERY");
        for (String field : List.of("contactName", "phone", "address")) {
            click(requester, requester.findElement(By.id("field-" + field)));
        }
        click(requester, requester.findElement(By.id("choose-filter")));
        new Select(requester.findElement(By.id("ownerId"))).selectByVisibleText("刘洋");
        requester.findElement(By.id("justification")).sendKeys("Oceanic Freight delivers my orders this month.");
        screenshot(requester, "sharing-request-form.png");
        WebElement submit = requester.findElement(By.id("submit-request"));
        click(requester, submit);
        awaitNewPage(requester, submit);
        WebElement status = waitFor(requester).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("request-status")));
        assertThat(status.getText()).isEqualTo("Waiting for the department head");
        assertThat(requester.findElement(By.cssSelector(".alert-success")).getText()).contains("sent for approval");
        String request = requester.getCurrentUrl();
        assertThat(request).doesNotContain("DELIVERY").doesNotContain("phone");

        approve(request, "zhang.wei", null, "Waiting for the administration department");
        approve(request, "wang.fang", null, "Approved");

        WebDriver agent = browser(1280, 1100);
        agent.get(url("/login"));
        signIn(agent, "ocean.agent", DEMO_PASSWORD, null);
        WebElement shared = waitFor(agent).until(ExpectedConditions.elementToBeClickable(By.id("nav-shared")));
        shared.click();
        awaitNewPage(agent, shared);
        List<WebElement> grants = waitFor(agent).until(ExpectedConditions.presenceOfAllElementsLocatedBy(
                By.cssSelector("section[id^=shared-grant-]")));
        assertThat(grants).hasSizeGreaterThanOrEqualTo(2);
        assertThat(agent.findElement(By.tagName("main")).getText()).contains("Delivery", "Contact person", "Phone")
                .doesNotContain("Company name", "E-mail");
        screenshot(agent, "sharing-shared-with-me.png");
        WebElement open = grants.get(grants.size() - 1).findElement(By.cssSelector("a[id^=open-shared-]"));
        click(agent, open);
        awaitNewPage(agent, open);

        String masked = waitFor(agent).until(ExpectedConditions.visibilityOfElementLocated(By.id("value-phone")))
                .getText();
        assertThat(masked).contains("*");
        assertThat(agent.findElements(By.id("row-email"))).isEmpty();
        WebElement reveal = agent.findElement(By.id("reveal-phone"));
        assertThat(reveal.getText()).contains("Delivery");
        click(agent, reveal);
        awaitNewPage(agent, reveal);
        String phone = waitFor(agent).until(ExpectedConditions.visibilityOfElementLocated(By.id("value-phone")))
                .getText();
        assertThat(phone).doesNotContain("*").endsWith(masked.substring(masked.length() - 4));
        assertThat(agent.findElement(By.id("value-phone")).getAttribute("class")).contains("revealed-value");
        screenshot(agent, "sharing-partner-reveal.png");

        WebElement chinese = agent.findElement(By.id("lang-zh"));
        click(agent, chinese);
        awaitNewPage(agent, chinese);
        assertThat(waitFor(agent).until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1"))).getText())
                .isEqualTo("共享的客户");
    }

    /** One approver signs in, finds the request waiting on the home page's task, and approves it. */
    private void approve(String request, String username, String secret, String expectedStatus) {
        WebDriver browser = browser(1280, 1100);
        browser.get(url("/login"));
        signIn(browser, username, DEMO_PASSWORD, secret == null ? null : totp(secret));
        WebElement home = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("sharing request");
        browser.get(request);
        WebElement decide = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("decide")));
        assertThat(decide.getText()).containsPattern("Approving now shares \\d+ customers?");
        assertThat(home).isNotNull();
        click(browser, browser.findElement(By.id("decision-approve")));
        WebElement submit = browser.findElement(By.id("submit-decision"));
        click(browser, submit);
        awaitNewPage(browser, submit);
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("request-status")))
                .getText()).isEqualTo(expectedStatus);
        assertThat(browser.findElements(By.id("decide"))).isEmpty();
        screenshot(browser, "sharing-approved-by-" + username + ".png");
    }

}
