package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.TestAccounts;

/**
 * The same promise as {@link ProblemDetailsTests} through a real Tomcat, for what MockMvc cannot
 * show: unknown routes and methods (the container's error dispatch), a body over the size limit,
 * and the HTML error page people see.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.context.annotation.Import(TestAccounts.class)
class ProblemDetailsOverHttpTests {

    static final String MARKER = "Zq9MARKER13800138000";

    @LocalServerPort int port;
    @org.springframework.beans.factory.annotation.Autowired TestAccounts accounts;
    final HttpClient http = HttpClient.newHttpClient();

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/" + MARKER, null, 401, "unauthenticated"),
                Arguments.of("PUT", "/api/v1/auth/token", "{}", 401, "unauthenticated"),
                Arguments.of("POST", "/api/v1/auth/token", "{\"username\":\"" + MARKER, 400, "malformed-json"),
                Arguments.of("POST", "/api/v1/auth/token", "{\"username\":\"" + "x".repeat(2_000_000) + MARKER + "\"}",
                        413, "payload-too-large"),
                Arguments.of("POST", "/api/v1/auth/token", "{\"username\":\"a\",\"password\":\"b\",\"isAdmin\":\"" + MARKER + "\"}",
                        400, "unknown-field"),
                Arguments.of("GET", "/api/v1/auth/token", null, 401, "unauthenticated"));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("requests")
    void answersProblemsOverHttp(String method, String path, String body, int status, String code) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain(MARKER).doesNotContainIgnoringCase("exception");
        @SuppressWarnings("unchecked")
        Map<String, Object> problem = Api.JSON.readValue(response.body(), Map.class);
        assertThat(problem).containsEntry("code", code).containsEntry("type", "/problems/" + code);
    }

    @Test
    void unknownRoutesAndMethodsOfAnAuthenticatedCallerAreProblemsToo() throws Exception {
        TestAccounts.Account someone = accounts.create(java.time.Instant.now(), java.util.Set.of(Role.EMPLOYEE));
        String issued = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.json(Map.of("username", someone.username(),
                        "password", TestAccounts.PASSWORD)))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String bearer = "Bearer " + Api.JSON.readValue(issued, Map.class).get("token");

        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/" + MARKER)).header("Authorization", bearer).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"not-found\"").doesNotContain(MARKER);

        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/me")).header("Authorization", bearer).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("\"code\":\"method-not-allowed\"");
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void peopleGetATranslatedErrorPage() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/problems/" + MARKER))
                .header("Accept", "text/html").header("Accept-Language", "zh-CN").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("未找到").doesNotContain(MARKER).doesNotContainIgnoringCase("exception");
    }
}
