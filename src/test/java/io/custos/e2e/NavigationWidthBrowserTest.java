package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Every menu grows with the modules; whoever holds the most menus must still read the bar on a
 * 1280-pixel screen without scrolling sideways, in English (the wider words) and in Chinese. One
 * demo account per role, each with its own menus.
 */
class NavigationWidthBrowserTest extends BrowserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "zhang.wei, -",
            "liu.yang, -",
            "wang.fang, -",
            "zhao.lei, KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
            "sun.hao, ONSXG5DFNUQGC3DNNFXGS43UOJQXI33S",
            "chen.jie, NVQW4YLHMVWWK3TUEBSGK3LPEBZWKY3S",
            "ocean.agent, -"})
    void theMenuBarFitsA1280PixelScreenInBothLanguages(String username, @Nullable String totpSecret) {
        WebDriver browser = browser(1280, 900);
        browser.get(url("/login?lang=en"));
        signIn(browser, username, DEMO_PASSWORD, totpSecret == null ? null : totp(totpSecret));
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.tagName("nav")));
        assertThat(sidewaysOverflow(browser)).as(username + " in English").isLessThanOrEqualTo(0);

        browser.findElement(By.id("lang-zh")).click();
        waitFor(browser).until(ExpectedConditions.attributeContains(By.tagName("html"), "lang", "zh"));
        assertThat(sidewaysOverflow(browser)).as(username + " in Chinese").isLessThanOrEqualTo(0);
    }

    private static long sidewaysOverflow(WebDriver browser) {
        Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        return overflow.longValue();
    }
}
