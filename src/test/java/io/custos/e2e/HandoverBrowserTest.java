package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.custos.handover.HandoverKind;
import io.custos.handover.HandoverStatus;
import io.custos.handover.ItemKind;
import io.custos.handover.ItemOutcome;

/**
 * Issue 18 through a real browser (R-EMP-5, handover on departure): huang.li of Sales 2 is on
 * notice (demo data); li.na, the head of Sales 2, follows her home task to the handover, ticks
 * "select all" customers, leaves one out, and hands the rest to the colleague she chooses; the page
 * comes back with those shown as handed over and the one left out still to settle, in either
 * language without internal codes. huang.li, on notice but still able to sign in, confirms her
 * departure undertaking, and li.na sees it given.
 * <p>
 * Its own application (the property below names it), closed afterwards: it hands huang.li's
 * customers to li.na, and the browser tests sharing the demo application open huang.li's customers.
 */
@TestPropertySource(properties = "custos.test.application=handover-browser")
@DirtiesContext
class HandoverBrowserTest extends BrowserTest {

    /** The browsers of this test by name, shot when the test fails (before the base class quits them). */
    private final Map<String, WebDriver> shots = new LinkedHashMap<>();

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = context -> context.getExecutionException()
            .ifPresent(failure -> shots.forEach((name, browser) -> {
                try {
                    screenshot(browser, "handover-failed-" + name + ".png");
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }));

    @Test
    void theHeadHandsOverTickedCustomersAndTheLeaverGivesHerUndertaking() {
        WebDriver head = browser(1280, 1100);
        shots.put("li.na", head);
        head.get(url("/login"));
        signIn(head, "li.na", DEMO_PASSWORD, null);
        WebElement task = waitFor(head).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//ul[@id='tasks']//a[contains(., 'Handovers wait for you')]")));
        click(head, task);
        awaitNewPage(head, task);
        openCaseOf(head, "huang.li");

        WebElement heading = waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
        assertThat(heading.getText()).isEqualTo("Handover: 黄丽");
        assertThat(head.findElement(By.id("handover-status")).getAttribute("data-status")).isEqualTo("OPEN");
        String caseUrl = head.getCurrentUrl();

        WebElement customers = head.findElement(By.id("group-CUSTOMER"));
        List<WebElement> boxes = customers.findElements(By.cssSelector("input[data-select-group=CUSTOMER]"));
        assertThat(boxes).as("huang.li's open customers, each with a box").hasSizeGreaterThanOrEqualTo(2);
        assertThat(boxes).noneMatch(WebElement::isSelected);
        click(head, customers.findElement(By.cssSelector("input[data-select-all=CUSTOMER]")));
        assertThat(boxes).as("select all ticks every customer").allMatch(WebElement::isSelected);

        WebElement kept = boxes.get(boxes.size() - 1);
        String keptId = kept.getAttribute("value");
        click(head, kept);
        assertThat(kept.isSelected()).isFalse();
        List<String> handedIds = new ArrayList<>();
        for (WebElement box : boxes.subList(0, boxes.size() - 1)) {
            assertThat(box.isSelected()).isTrue();
            handedIds.add(box.getAttribute("value"));
        }

        Select successor = new Select(customers.findElement(By.id("successor-CUSTOMER")));
        assertThat(successor.getOptions()).extracting(WebElement::getText).doesNotContain("黄丽 (huang.li)");
        successor.selectByVisibleText("李娜 (li.na)");
        screenshot(head, "handover-customers-ticked.png");
        WebElement reassign = customers.findElement(By.id("reassign-CUSTOMER"));
        click(head, reassign);
        awaitNewPage(head, reassign);

        assertThat(waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-success")))
                .getText()).isEqualTo("Done: the items are settled.");
        assertThat(head.findElements(By.id("problem"))).isEmpty();
        for (String id : handedIds) {
            WebElement row = head.findElement(By.id("item-" + id));
            assertThat(row.getAttribute("data-settled")).isEqualTo("true");
            assertThat(row.getText()).contains("Handed to 李娜 on");
            assertThat(row.findElements(By.id("pick-" + id))).as("a settled customer cannot be ticked again").isEmpty();
        }
        WebElement open = head.findElement(By.id("item-" + keptId));
        assertThat(open.getAttribute("data-settled")).isEqualTo("false");
        assertThat(open.getText()).contains("To settle").doesNotContain("Handed to");
        assertThat(open.findElement(By.id("pick-" + keptId)).isSelected()).isFalse();
        assertThat(head.findElement(By.cssSelector("#group-CUSTOMER h2")).getText())
                .startsWith("Customers (1 to settle of ");
        screenshot(head, "handover-customers-handed-over.png");

        WebElement chinese = head.findElement(By.id("lang-zh"));
        click(head, chinese);
        awaitNewPage(head, chinese);
        waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.id("lang-zh")));
        assertThat(head.getCurrentUrl()).startsWith(caseUrl).contains("lang=zh-CN");
        assertThat(head.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(head.findElement(By.tagName("h1")).getText()).isEqualTo("交接单：黄丽");
        for (String id : handedIds) {
            assertThat(head.findElement(By.id("item-" + id)).getText()).contains("交给李娜");
        }
        assertThat(head.findElement(By.id("item-" + keptId)).getText()).contains("待处理");
        assertThat(head.findElement(By.cssSelector("#group-CUSTOMER h2")).getText()).contains("待处理 1 项");
        String page = head.findElement(By.tagName("body")).getText();
        assertThat(page).as("the Chinese page in words, without internal codes or missing messages")
                .doesNotContain("??", "handover.", "Handed to", "To settle", "Customers (")
                .doesNotContain(internalCodes());
        screenshot(head, "handover-case-zh.png");

        WebDriver leaver = browser(1280, 1100);
        shots.put("huang.li", leaver);
        leaver.get(url("/login"));
        signIn(leaver, "huang.li", DEMO_PASSWORD, null);
        WebElement own = waitFor(leaver).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//ul[@id='tasks']//a[contains(., 'confirm your departure undertaking')]")));
        click(leaver, own);
        awaitNewPage(leaver, own);
        assertThat(waitFor(leaver).until(ExpectedConditions.visibilityOfElementLocated(By.id("undertaking-state")))
                .getText()).isEqualTo("Not given yet");
        assertThat(leaver.getCurrentUrl()).isEqualTo(caseUrl);
        assertThat(leaver.findElement(By.id("undertaking-text")).getText()).contains("I keep no copy");
        assertThat(leaver.findElements(By.id("reassign-CUSTOMER"))).as("the leaver settles nothing herself").isEmpty();
        WebElement give = leaver.findElement(By.id("give-undertaking"));
        click(leaver, give);
        awaitNewPage(leaver, give);
        assertThat(waitFor(leaver).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert-success")))
                .getText()).isEqualTo("The undertaking is recorded.");
        assertThat(leaver.findElement(By.id("undertaking-state")).getText()).startsWith("Confirmed by the person on ");
        assertThat(leaver.findElements(By.id("give-undertaking"))).isEmpty();
        screenshot(leaver, "handover-undertaking-given.png");

        head.get(caseUrl);
        WebElement given = waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("undertaking-state")));
        assertThat(given.getText()).as("li.na's browser stays in Chinese").startsWith("本人已于 ").endsWith(" 确认");
        assertThat(head.findElement(By.id("sign-off-waits")).getText()).contains("尚有 1 项", "已确认");
        assertThat(head.findElements(By.id("sign-off-button"))).as("one customer is still open").isEmpty();
        int items = head.findElements(By.cssSelector("tr[data-settled]")).size();
        screenshot(head, "handover-undertaking-seen-by-head.png");

        // Handovers are under the Cases menu, beside the customers' cases.
        click(head, head.findElement(By.id("nav-cases")));
        WebElement menu = waitFor(head).until(ExpectedConditions.elementToBeClickable(By.id("nav-handovers")));
        click(head, menu);
        awaitNewPage(head, menu);
        WebElement row = waitFor(head).until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//table[@id='handover-list']//tr[td[contains(., 'huang.li')]]")));
        assertThat(row.getText()).contains("黄丽", "离职", "办理中").endsWith("1 / " + items);
    }

    /** The home task leads straight to the case when it is the only one, else to the list: open huang.li's. */
    private static void openCaseOf(WebDriver browser, String username) {
        waitFor(browser).ignoring(WebDriverException.class)
                .until(d -> !d.findElements(By.id("handover-list")).isEmpty()
                        || !d.findElements(By.id("handover-summary")).isEmpty());
        if (browser.findElements(By.id("handover-list")).isEmpty()) {
            return;
        }
        WebElement link = browser.findElement(By.xpath(
                "//table[@id='handover-list']//tr[td[contains(., '" + username + "')]]//a"));
        click(browser, link);
        awaitNewPage(browser, link);
    }

    /** The names of the handover's enums: none of them may reach a person as text. */
    private static String[] internalCodes() {
        return Stream.of(ItemKind.values(), ItemOutcome.values(), HandoverStatus.values(), HandoverKind.values())
                .flatMap(Stream::of).map(Enum::name).toArray(String[]::new);
    }
}
