package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Passkeys in a real browser (issue 24.2): chromium's virtual authenticator stands in for the
 * device (CTAP2, discoverable credentials, user verification as a PIN or fingerprint would give).
 * One person adds a passkey on the account page, finds that the password alone no longer signs
 * in, signs in with the passkey alone, and removes it on the Chinese page.
 */
class PasskeyBrowserTest extends BrowserTest {

    @Test
    void enrolSignInWithThePasskeyAloneAndRemoveIt() {
        WebDriver browser = browser(1280, 900);
        VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) browser).addVirtualAuthenticator(
                new VirtualAuthenticatorOptions()
                        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true)
                        .setHasUserVerification(true)
                        .setIsUserVerified(true));

        browser.get(url("/login"));
        assertThat(browser.findElement(By.id("passkey-sign-in")).getText()).isEqualTo("Sign in with a passkey");
        signIn(browser, "wang.fang", DEMO_PASSWORD, null);
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));

        browser.get(url("/account"));
        assertThat(browser.findElement(By.id("passkeys-heading")).getText()).isEqualTo("Passkeys");
        assertThat(browser.findElements(By.id("no-passkeys"))).hasSize(1);
        browser.findElement(By.id("passkey-name")).sendKeys("Work laptop");
        click(browser, browser.findElement(By.id("add-passkey")));
        WebElement name = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".passkey-row .passkey-name")));
        assertThat(name.getText()).isEqualTo("Work laptop");
        assertThat(browser.findElement(By.cssSelector(".alert-success")).getText()).contains("passkey has been added");
        assertThat(authenticator.getCredentials()).hasSize(1);
        screenshot(browser, "passkey-added.png");

        signOut(browser);
        // With a passkey, the password alone no longer signs in.
        signIn(browser, "wang.fang", DEMO_PASSWORD, null);
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")))
                .getText()).isNotBlank();

        WebElement passkey = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("passkey-sign-in")));
        passkey.click();
        WebElement heading = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));
        assertThat(heading.getText()).contains("王芳");

        browser.get(url("/account?lang=zh-CN"));
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("passkeys-heading")))
                .getText()).isEqualTo("通行密钥");
        WebElement row = browser.findElement(By.cssSelector(".passkey-row"));
        assertThat(row.getText()).contains("Work laptop").doesNotContain("—");
        screenshot(browser, "passkey-zh.png");
        WebElement remove = row.findElement(By.cssSelector(".remove-passkey"));
        assertThat(remove.getText()).isEqualTo("删除");
        click(browser, remove);
        awaitNewPage(browser, remove);
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-passkeys")))
                .getText()).isEqualTo("您还没有通行密钥。");
        assertThat(browser.findElement(By.cssSelector(".alert-success")).getText()).isEqualTo("通行密钥已删除。");

        // Without the passkey the password signs in again, and the (still stored) passkey no longer does.
        signOut(browser);
        WebElement again = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("passkey-sign-in")));
        again.click();
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-error")))
                .getText()).isNotBlank();
        signIn(browser, "wang.fang", DEMO_PASSWORD, null);
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));
    }

    private static void signOut(WebDriver browser) {
        click(browser, waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("user-menu"))));
        WebElement signOut = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("sign-out")));
        click(browser, signOut);
        awaitNewPage(browser, signOut);
    }
}
