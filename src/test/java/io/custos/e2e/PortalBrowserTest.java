package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

import io.custos.customer.FieldCatalog;
import io.custos.customer.FieldDefinition;
import io.custos.shared.Sensitivity;
import io.custos.support.LogLines;

/**
 * The customer portal on a phone (R-CUS-1, R-CUS-2, issue 19): the demo customer (whose e-mail
 * address the README gives) asks for a sign-in link, opens the one the demo profile logs (the demo
 * has no mail server; tokens are stored hashed, so the log is the only honest place to read one),
 * presses the button that spends it, and then reads what is held about them, withdraws a consent,
 * files a complaint (first refused for lacking words, keeping the chosen type) and signs out, after
 * which neither the back button, nor reopening the portal, nor the used link shows their data. Every page fits 390 px
 * without sideways scrolling and reads in words, in Chinese and in English.
 * <p>
 * Shares the demo application: it withdraws the demo customer's after-sales consent and adds
 * complaints, which no other browser test looks at.
 */
class PortalBrowserTest extends BrowserTest {

    private static final String EMAIL = "portal.demo@example.com";
    private static final String COMPANY = "示范门户贸易有限公司";
    private static final Pattern LOGGED_LINK = Pattern.compile(
            "Portal sign-in link for the demo customer: \\S+/portal/sign-in/link\\?token=([A-Za-z0-9_-]{43})");
    /** UPPER_SNAKE constants and camelCase keys, as in {@code AuditBrowserTest}. */
    private static final Pattern WORD_CODE = Pattern.compile("\\b[A-Z]{2,}_[A-Z_]+\\b|\\b[a-z]+[A-Z][A-Za-z]+\\b");
    /** A dotted message key such as portal.request.status.OPEN (the e-mail address is taken out first). */
    private static final Pattern DOTTED_KEY = Pattern.compile("\\b[a-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*){1,5}\\b");
    private static final Pattern NOT_WORDS = Pattern.compile("sha256:[A-Za-z0-9_-]+|CW-\\d{4}-\\d+|"
            + Pattern.quote(EMAIL) + "|[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");

    @Autowired FieldCatalog catalog;

    /** The browsers of this test by name, shot when the test fails (before the base class quits them). */
    private final Map<String, WebDriver> shots = new LinkedHashMap<>();

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = context -> context.getExecutionException()
            .ifPresent(failure -> shots.forEach((name, browser) -> {
                try {
                    screenshot(browser, "portal-failed-" + name + ".png");
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }));

    @Test
    @DisplayName("R-CUS-1, R-CUS-2: on a phone, in Chinese, the customer signs in by link, reads their data, "
            + "withdraws a consent, files a complaint (a refused one keeps its type) and signs out for good")
    void aCustomerUsesThePortalOnAPhoneInChinese() {
        WebDriver phone = phone(390, 844);
        shots.put("zh", phone);
        signInByLink(phone, "zh-CN");
        assertThat(phone.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(phone.findElement(By.id("portal-heading")).getText()).isEqualTo("您在我们这里的信息");
        fitsAndReadsInWords(phone, "home");
        screenshot(phone, "portal-home-zh.png");

        // What is held: the company and the e-mail in clear, only L4 fields masked.
        open(phone, By.id("portal-link-data"));
        WebElement held = waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-held")));
        assertThat(phone.findElement(By.tagName("h1")).getText()).isEqualTo(COMPANY);
        assertThat(field(phone, "companyName").getText()).contains(COMPANY);
        assertThat(field(phone, "email").getText()).contains(EMAIL).doesNotContain("*");
        Set<String> l4 = catalog.fields().stream().filter(f -> f.sensitivity() == Sensitivity.L4)
                .map(FieldDefinition::key).collect(Collectors.toSet());
        for (WebElement row : held.findElements(By.cssSelector("li[data-field]"))) {
            String key = row.getAttribute("data-field");
            assertThat(row.getText().contains("仅显示部分内容"))
                    .as("field %s is masked exactly when it is L4", key).isEqualTo(l4.contains(key));
        }
        fitsAndReadsInWords(phone, "data");
        screenshot(phone, "portal-data-zh.png");

        // Withdraw the after-sales consent: a button, then a confirmation in words, then the notice.
        phone.get(url("/portal/consents"));
        WebElement afterSales = waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#portal-consents li[data-purpose=AFTER_SALES]")));
        String purpose = afterSales.findElement(By.cssSelector(".fw-semibold")).getText();
        assertThat(purpose).isEqualTo("售后服务");
        fitsAndReadsInWords(phone, "consents");
        screenshot(phone, "portal-consents-zh.png");
        open(phone, afterSales.findElement(By.tagName("button")));
        WebElement confirm = waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("portal-withdraw-confirm")));
        assertThat(confirm.getText()).contains(purpose);
        fitsAndReadsInWords(phone, "withdraw");
        screenshot(phone, "portal-withdraw-zh.png");
        open(phone, By.id("portal-withdraw-confirm-button"));
        assertThat(waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-consents-notice")))
                .getText()).contains("撤回");
        assertThat(phone.findElements(By.cssSelector("#portal-consents li[data-purpose=AFTER_SALES]")))
                .as("after-sales is no longer consented to").isEmpty();
        assertThat(phone.findElement(By.id("portal-consents")).getText()).doesNotContain(purpose);
        fitsAndReadsInWords(phone, "consents after withdrawal");

        // A complaint without words is refused; the page says why and Complain stays chosen.
        phone.get(url("/portal/requests"));
        int before = phone.findElements(By.cssSelector("#request-list > li")).size();
        open(phone, By.id("new-request"));
        fitsAndReadsInWords(phone, "new request");
        click(phone, waitFor(phone).until(ExpectedConditions.elementToBeClickable(By.id("type-COMPLAINT"))));
        open(phone, By.id("send-request"));
        assertThat(waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("problem"))).getText())
                .isNotBlank();
        assertThat(phone.findElement(By.id("type-COMPLAINT")).isSelected()).isTrue();
        fitsAndReadsInWords(phone, "refused request");
        screenshot(phone, "portal-request-refused-zh.png");

        String words = "昨晚十一点贵司又打电话推销，我已说过不要再打。";
        phone.findElement(By.id("text")).sendKeys(words);
        open(phone, By.id("send-request"));
        WebElement filed = waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("filed")));
        String reference = Pattern.compile("CW-\\d{4}-\\d+").matcher(filed.getText()).results()
                .map(MatchResult::group).findFirst().orElseThrow();
        assertThat(phone.findElement(By.id("request-reference")).getText()).contains(reference);
        String status = phone.findElement(By.id("request-status")).getText();
        assertThat(status).contains("办理中", "原样保留您的记录");
        assertThat(phone.findElement(By.id("request-due")).getText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(phone.findElement(By.id("request-words")).getText()).contains(words);
        fitsAndReadsInWords(phone, "request");
        screenshot(phone, "portal-request-zh.png");
        open(phone, By.linkText("« 您的请求"));
        WebElement list = waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("request-list")));
        assertThat(list.findElements(By.cssSelector("li"))).hasSize(before + 1);
        assertThat(list.getText()).contains(reference);
        fitsAndReadsInWords(phone, "requests");

        signOutForGood(phone, "zh");
    }

    @Test
    @DisplayName("R-CUS-1: on a phone, in English, the customer signs in by link; every page fits 390 px and "
            + "reads in words; after signing out the portal shows nothing")
    void aCustomerReadsThePortalOnAPhoneInEnglish() {
        WebDriver phone = phone(390, 844);
        shots.put("en", phone);
        String token = signInByLink(phone, "en");
        assertThat(phone.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(phone.findElement(By.id("portal-heading")).getText()).isEqualTo("Your information with us");
        fitsAndReadsInWords(phone, "home");
        screenshot(phone, "portal-home-en.png");
        for (String page : List.of("portal-link-data", "portal-link-uses", "portal-link-recipients",
                "portal-link-consents", "portal-link-requests")) {
            open(phone, By.id(page));
            fitsAndReadsInWords(phone, page);
            open(phone, By.id("portal-back"));
            waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-menu")));
        }
        phone.get(url("/portal/data"));
        assertThat(field(phone, "email").getText()).contains(EMAIL);
        screenshot(phone, "portal-data-en.png");
        // Still signed in, a page the back button brings back shows again (it is hidden only after signing out).
        open(phone, By.id("portal-back"));
        phone.navigate().back();
        assertThat(waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-held"))).getText())
                .contains(EMAIL);

        phone.get(url("/portal/requests"));
        WebElement first = waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#request-list > li a")));
        open(phone, first);
        waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("request-status")));
        fitsAndReadsInWords(phone, "request");
        screenshot(phone, "portal-request-en.png");

        signOutForGood(phone, "en");

        // Whoever finds the link later (in the mailbox, the history) cannot sign in with it again.
        phone.get(url("/portal/sign-in/link?token=" + token));
        open(phone, By.id("portal-use-link"));
        waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-invalid")));
        assertThat(phone.getPageSource()).doesNotContain(COMPANY, EMAIL);
    }

    /**
     * Asks for a link on the sign-in page, reads it from the log (the demo's stand-in for the
     * e-mail), opens it, and presses the button: opening alone does not sign in.
     */
    private String signInByLink(WebDriver phone, String language) {
        phone.get(url("/portal/sign-in?lang=" + language));
        WebElement address = waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("address")));
        fitsAndReadsInWords(phone, "sign-in");
        screenshot(phone, "portal-sign-in-" + language + ".png");
        String token;
        try (LogLines log = LogLines.of("io.custos.portal.DemoSignInLog")) {
            address.sendKeys(EMAIL);
            open(phone, By.id("portal-request"));
            waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-sent")));
            assertThat(phone.getCurrentUrl()).endsWith("/portal/sign-in/sent");
            fitsAndReadsInWords(phone, "sent");
            token = log.await(LOGGED_LINK, Duration.ofSeconds(10));
        }

        phone.get(url("/portal/sign-in/link?token=" + token));
        waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-use-link")));
        assertThat(phone.findElements(By.id("portal-sign-out"))).as("opening the link signs nobody in").isEmpty();
        fitsAndReadsInWords(phone, "link");
        open(phone, By.id("portal-use-link"));
        waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-menu")));
        assertThat(phone.getCurrentUrl()).endsWith("/portal");
        return token;
    }

    /** Signs out with the header's button; then back, and reopening the portal, show none of the data. */
    private void signOutForGood(WebDriver phone, String language) {
        phone.get(url("/portal/data"));
        waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-held")));
        open(phone, By.id("portal-sign-out"));
        waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-signed-out")));
        assertThat(phone.getCurrentUrl()).contains("/portal/sign-in");
        fitsAndReadsInWords(phone, "signed out");
        screenshot(phone, "portal-signed-out-" + language + ".png");

        phone.navigate().back();
        waitFor(phone).until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        assertThat(phone.getPageSource()).as("the back button after signing out").doesNotContain(COMPANY, EMAIL);
        phone.get(url("/portal"));
        waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("address")));
        assertThat(phone.getCurrentUrl()).contains("/portal/sign-in");
        assertThat(phone.getPageSource()).doesNotContain(COMPANY, EMAIL);
        phone.get(url("/portal/data"));
        waitFor(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("address")));
        assertThat(phone.getPageSource()).doesNotContain(COMPANY, EMAIL);
    }

    private static WebElement field(WebDriver phone, String key) {
        return phone.findElement(By.cssSelector("#portal-held li[data-field=" + key + "]"));
    }

    private static void open(WebDriver phone, By locator) {
        open(phone, waitFor(phone).until(ExpectedConditions.elementToBeClickable(locator)));
    }

    private static void open(WebDriver phone, WebElement element) {
        click(phone, element);
        awaitNewPage(phone, element);
    }

    /** The page fits the phone's width (no sideways scroll) and shows words, not internal codes or keys. */
    private static void fitsAndReadsInWords(WebDriver phone, String page) {
        waitFor(phone).until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        JavascriptExecutor js = (JavascriptExecutor) phone;
        Long scroll = (Long) js.executeScript("return document.documentElement.scrollWidth");
        Long client = (Long) js.executeScript("return document.documentElement.clientWidth");
        assertThat(scroll).as("%s scrolls sideways at 390 px (%s)", page, phone.getCurrentUrl()).isLessThanOrEqualTo(client);
        assertThat((Long) js.executeScript("return document.querySelectorAll('body [style]').length"))
                .as("style attributes on %s, which the portal's CSP drops", page).isZero();
        String text = NOT_WORDS.matcher(phone.findElement(By.tagName("body")).getText()).replaceAll(" ");
        assertThat(WORD_CODE.matcher(text).results().map(MatchResult::group).toList())
                .as("constants and keys shown on %s", page).isEmpty();
        assertThat(DOTTED_KEY.matcher(text).results().map(MatchResult::group).toList())
                .as("message keys shown on %s", page).isEmpty();
        assertThat(text).as("missing messages on %s", page).doesNotContain("??");
    }
}
