package io.custos.whistleblowing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.custos.support.TestAccounts;

/**
 * R-SUP-4 through a real Tomcat, for what MockMvc cannot show: an error on a whistleblower's path is
 * rendered by the container's error dispatch to {@code /error}, and that dispatch too must set no
 * cookie and open no session (the language switch's cookie, a session for a CSRF token). The same
 * configuration as {@code ProblemDetailsOverHttpTests}, so the two share one running application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.context.annotation.Import(TestAccounts.class)
class WhistleblowingErrorsOverHttpTests {

    @LocalServerPort int port;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anErrorOnThePublicPageSetsNoCookie() throws Exception {
        // A wrong method: Spring MVC sends the error, the container renders it through /error.
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/whistleblowing?lang=zh-CN"))
                .header("Accept", "text/html").method("PUT", HttpRequest.BodyPublishers.ofString("text=x"))
                .header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(405);
        assertThat(page.headers().allValues("Set-Cookie")).as("no cookie on the error page").isEmpty();
        assertThat(page.body()).contains("<html").doesNotContainIgnoringCase("exception");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void anErrorOnThePublicApiSetsNoCookie() throws Exception {
        HttpResponse<String> problem = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/public/v1/whistleblowing?lang=en")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(problem.statusCode()).isEqualTo(405);
        assertThat(problem.body()).contains("\"code\":\"method-not-allowed\"");
        assertThat(problem.headers().allValues("Set-Cookie")).isEmpty();
    }
}
