package io.custos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * R-EMP-2, R-EMP-4 through a real browser: huang.li (Sales 2, untrained in the demo) is asked on
 * her home page to accept the agreement, is refused by the gate until she has, then for want of
 * the course, reads the course and takes its quiz in the page, and is let through.
 */
class TrainingBrowserTest extends BrowserTest {

    @Autowired JdbcClient jdbc;

    @Test
    void anEmployeeAcceptsTheAgreementAndPassesTheQuizInThePage() {
        WebDriver browser = browser(1280, 1000);
        browser.get(url("/login"));
        signIn(browser, "huang.li", DEMO_PASSWORD, null);
        WebElement tasks = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("tasks")));
        assertThat(tasks.getText()).contains("Accept version 1 of the confidentiality agreement",
                "Read and acknowledge version 1 of a policy document", "Pass your mandatory course");

        openFromTrainingMenu(browser, "nav-training-mine");
        assertThat(browser.findElement(By.id("gate")).getText()).contains("not accepted the confidentiality agreement");
        WebElement agreement = browser.findElement(By.id("pending-documents"))
                .findElement(By.partialLinkText("confidentiality agreement"));
        click(browser, agreement);
        awaitNewPage(browser, agreement);
        WebElement accept = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("acknowledge")));
        assertThat(accept.getText()).isEqualTo("I accept this agreement");
        click(browser, accept);
        awaitNewPage(browser, accept);
        assertThat(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("acknowledged")))
                .getText()).contains("You accepted this agreement on");

        openFromTrainingMenu(browser, "nav-training-mine");
        assertThat(browser.findElement(By.id("gate")).getText()).contains("mandatory course assigned to you has not been passed");
        WebElement course = browser.findElement(By.id("my-courses")).findElement(By.linkText(
                "Customer information confidentiality basics"));
        click(browser, course);
        awaitNewPage(browser, course);
        assertThat(browser.findElement(By.id("course-title")).getText()).isEqualTo("Customer information confidentiality basics");
        WebElement start = browser.findElement(By.id("start-quiz"));
        click(browser, start);
        awaitNewPage(browser, start);

        List<WebElement> questions = waitFor(browser)
                .until(ExpectedConditions.presenceOfAllElementsLocatedBy(By.cssSelector("fieldset.question")));
        assertThat(questions).hasSize(10);
        for (WebElement question : questions) {
            String name = question.findElement(By.cssSelector("input[type=radio]")).getAttribute("name");
            UUID questionId = UUID.fromString(name.substring(2));
            UUID right = jdbc.sql("select id from training_option where question_id = ? and correct = true")
                    .param(questionId).query(UUID.class).single();
            WebElement option = question.findElement(By.cssSelector("input[value='" + right + "']"));
            click(browser, option);
        }
        screenshot(browser, "training-quiz.png");
        // The browser answers in a second; huang.li took the ten minutes a person needs to read.
        jdbc.sql("update training_attempt set started_at = ? where submitted_at is null and employee_id = "
                        + "(select id from employee where username = 'huang.li')")
                .param(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(10)).update();
        WebElement submit = browser.findElement(By.id("submit-quiz"));
        click(browser, submit);
        awaitNewPage(browser, submit);
        WebElement result = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("quiz-result")));
        assertThat(result.getText()).contains("Passed.", "Score 100%: 10 of 10 correct (pass mark 80%)", "valid until");
        screenshot(browser, "training-result.png");

        openFromTrainingMenu(browser, "nav-training-mine");
        assertThat(browser.findElement(By.id("gate")).getText()).contains("You have accepted the confidentiality agreement");
        assertThat(browser.findElement(By.id("my-courses")).getText()).contains("Passed", "100%");

        browser.findElement(By.id("lang-zh")).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "我的培训"));
        assertThat(browser.findElement(By.id("my-courses")).getText()).contains("客户信息保密基础", "已合格");
    }


    private static void openFromTrainingMenu(WebDriver browser, String item) {
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("nav-training"))).click();
        WebElement link = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id(item)));
        link.click();
        awaitNewPage(browser, link);
    }
}
