package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * R-COL-3 through a real browser: the demo sales representative imports a small CSV file from the
 * customer list, maps its columns, states the consent its customers gave, watches the progress page
 * refresh itself until the import is finished, and finds the new customer in the list with its
 * phone number masked.
 */
class CustomerImportBrowserTest extends BrowserTest {

    @Test
    void theSalesRepresentativeImportsACsvFileAndFindsTheCustomerInTheList() throws Exception {
        String company = "浏览器导入 " + UUID.randomUUID().toString().substring(0, 6);
        Path file = Files.createTempFile("custos-e2e-import-", ".csv");
        try {
            Files.writeString(file, "公司名称,联系人,Mobile,备注\r\n" + company + ",刘测试,13912340077,不导入\r\n",
                    StandardCharsets.UTF_8);
            // Tall enough for the mapping page and its consent fields without scrolling.
            WebDriver browser = browser(1280, 1400);
            browser.get(url("/login"));
            signIn(browser, "liu.yang", DEMO_PASSWORD, null);
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));

            browser.get(url("/customers"));
            WebElement importLink = waitFor(browser).until(ExpectedConditions.elementToBeClickable(
                    By.id("import-customers")));
            importLink.click();
            awaitNewPage(browser, importLink);

            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("file")))
                    .sendKeys(file.toAbsolutePath().toString());
            browser.findElement(By.id("mode-SKIP_INVALID")).click();
            WebElement upload = browser.findElement(By.id("upload"));
            upload.click();
            awaitNewPage(browser, upload);

            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("import-mapping")));
            assertThat(new Select(browser.findElement(By.id("col-0"))).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("companyName");
            assertThat(new Select(browser.findElement(By.id("col-3"))).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("ignore");
            // "Mobile" is no catalog label: the representative maps it to the phone field.
            new Select(browser.findElement(By.id("col-2"))).selectByValue("phone");
            // The customers in the file consented, on paper, to sales follow-up, which needs these fields.
            browser.findElement(By.id("purpose-SALES_FOLLOW_UP")).click();
            screenshot(browser, "customer-import-mapping.png");
            WebElement start = browser.findElement(By.id("start-import"));
            start.click();
            awaitNewPage(browser, start);

            // The fragment replaces itself every second until the import is finished.
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-status"),
                    "Finished"));
            assertThat(browser.findElement(By.id("import-created")).getText()).isEqualTo("1 customer created");
            screenshot(browser, "customer-import-done.png");

            WebElement done = browser.findElement(By.id("import-done"));
            done.click();
            awaitNewPage(browser, done);
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("name"))).sendKeys(company);
            WebElement search = browser.findElement(By.id("search"));
            search.click();
            awaitNewPage(browser, search);
            String table = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("customers")))
                    .getText();
            assertThat(table).contains(company, "刘测试", "*******0077", "liu.yang").doesNotContain("13912340077",
                    "不导入");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Issue 13.16 in a real browser: a file over the 50 MB upload limit gets the translated page saying
     * so (the server reads and drops the rest of the upload), not an empty answer or a reset connection.
     */
    @Test
    void aFileOverTheUploadLimitGetsAPageSayingSo() throws Exception {
        Path file = Files.createTempFile("custos-e2e-too-large-", ".csv");
        try (var out = Files.newOutputStream(file)) {
            out.write("companyName\r\n".getBytes(StandardCharsets.UTF_8));
            byte[] line = "Too Large Trading Co.\r\n".getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written < 51L * 1024 * 1024; written += line.length) {
                out.write(line);
            }
        }
        try {
            WebDriver browser = browser(1280, 900);
            browser.get(url("/login"));
            signIn(browser, "liu.yang", DEMO_PASSWORD, null);
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("home-heading")));
            browser.get(url("/customers/import"));

            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("file")))
                    .sendKeys(file.toAbsolutePath().toString());
            WebElement upload = browser.findElement(By.id("upload"));
            upload.click();
            awaitNewPage(browser, upload);

            String heading = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")))
                    .getText();
            assertThat(heading).isEqualTo("413 · Upload too large");
            assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("larger than the upload limit shown on the page");
            screenshot(browser, "customer-import-too-large.png");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
