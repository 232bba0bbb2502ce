package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * R-X-4: every malformed request gets a 4xx RFC 9457 problem with a stable type and code, and the
 * body never echoes the input, a stack trace or SQL.
 */
@IntegrationTest
class ProblemDetailsTests {

    /** Put into every bad request; it must never come back. */
    static final String MARKER = "Zq9MARKER13800138000";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;

    String admin;

    @BeforeEach
    void signIn() throws Exception {
        admin = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(), false),
                clock.instant());
    }

    static Stream<Arguments> malformedRequests() {
        String big = "{\"username\":\"" + "a".repeat(2 * 1024 * 1024) + MARKER + "\"}";
        return Stream.of(
                Arguments.of("truncated JSON", HttpMethod.POST, "/api/v1/employees", "application/json",
                        "{\"username\": \"" + MARKER, 400, "malformed-json"),
                Arguments.of("not JSON at all", HttpMethod.POST, "/api/v1/employees", "application/json",
                        MARKER + " <xml/>", 400, "malformed-json"),
                Arguments.of("empty body", HttpMethod.POST, "/api/v1/employees", "application/json", "", 400,
                        "malformed-json"),
                Arguments.of("array instead of object", HttpMethod.POST, "/api/v1/employees", "application/json",
                        "[\"" + MARKER + "\"]", 400, "malformed-json"),
                Arguments.of("number where a list belongs", HttpMethod.POST, "/api/v1/employees", "application/json",
                        "{\"username\":\"ab" + "c\",\"displayName\":\"" + MARKER + "\",\"roles\":42}", 400, "wrong-type"),
                Arguments.of("unknown role", HttpMethod.POST, "/api/v1/employees", "application/json",
                        "{\"username\":\"abc\",\"displayName\":\"x\",\"roles\":[\"" + MARKER + "\"]}", 400, "wrong-type"),
                Arguments.of("unknown enum status", HttpMethod.PUT, "/api/v1/employees/00000000-0000-0000-0000-000000000001",
                        "application/json", "{\"displayName\":\"x\",\"roles\":[\"EMPLOYEE\"],\"status\":\"" + MARKER + "\"}",
                        400, "wrong-type"),
                Arguments.of("unknown member", HttpMethod.POST, "/api/v1/employees", "application/json",
                        "{\"username\":\"abc\",\"displayName\":\"x\",\"roles\":[\"EMPLOYEE\"],\"isAdmin\":\"" + MARKER + "\"}",
                        400, "unknown-field"),
                Arguments.of("invalid username", HttpMethod.POST, "/api/v1/employees", "application/json",
                        "{\"username\":\"" + MARKER + "!\",\"displayName\":\"x\",\"roles\":[\"EMPLOYEE\"]}", 422,
                        "validation-failed"),
                Arguments.of("missing required members", HttpMethod.POST, "/api/v1/employees", "application/json",
                        "{}", 422, "validation-failed"),
                Arguments.of("bad e-mail", HttpMethod.POST, "/api/v1/employees", "application/json",
                        "{\"username\":\"abc\",\"displayName\":\"x\",\"email\":\"" + MARKER + "\",\"roles\":[\"EMPLOYEE\"]}",
                        422, "validation-failed"),
                Arguments.of("wrong content type", HttpMethod.POST, "/api/v1/employees", "text/plain", MARKER, 415,
                        "unsupported-media-type"),
                Arguments.of("oversized body", HttpMethod.POST, "/api/v1/employees", "application/json", big, 413,
                        "payload-too-large"),
                Arguments.of("id that is not a UUID", HttpMethod.GET, "/api/v1/employees/" + MARKER, null, null, 400,
                        "wrong-type"),
                Arguments.of("unknown id", HttpMethod.GET, "/api/v1/employees/00000000-0000-0000-0000-000000000001", null,
                        null, 404, "not-found"),
                Arguments.of("token request without password", HttpMethod.POST, "/api/v1/auth/token", "application/json",
                        "{\"username\":\"" + MARKER + "\"}", 422, "validation-failed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void answersAProblemWithoutEchoingTheInput(String name, HttpMethod method, String path, String contentType,
            String content, int expectedStatus, String expectedCode) throws Exception {
        MockHttpServletRequestBuilder request = request(method, path).header("Authorization", admin);
        if (contentType != null) {
            request.contentType(contentType);
        }
        if (content != null) {
            request.content(content);
        }
        MvcResult result = mvc.perform(request).andReturn();

        String body = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(expectedStatus);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        Map<String, Object> problem = Api.body(result);
        assertThat(problem).containsEntry("code", expectedCode)
                .containsEntry("type", "/problems/" + expectedCode)
                .containsEntry("status", expectedStatus)
                .containsKey("title");
        assertThat(body).doesNotContain(MARKER)
                .doesNotContainIgnoringCase("exception")
                .doesNotContain("at io.custos", "at org.springframework", "SQL", "select ", "tools.jackson");
    }

    static Stream<Arguments> requestsWithABadField() {
        return Stream.of(
                Arguments.of("{\"username\":\"Bad!\",\"displayName\":\"x\",\"roles\":[\"EMPLOYEE\"]}", "username"),
                Arguments.of("{\"username\":\"abc\",\"displayName\":\"x\",\"email\":\"no\",\"roles\":[\"EMPLOYEE\"]}", "email"),
                Arguments.of("{\"username\":\"abc\",\"displayName\":\"\",\"roles\":[\"EMPLOYEE\"]}", "displayName"),
                Arguments.of("{\"username\":\"abc\",\"displayName\":\"x\",\"roles\":[]}", "roles"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("requestsWithABadField")
    void validationProblemsNameTheField(String content, String field) throws Exception {
        Map<String, Object> problem = Api.body(mvc.perform(request(HttpMethod.POST, "/api/v1/employees")
                .header("Authorization", admin).contentType("application/json").content(content)).andReturn());
        assertThat(problem).containsEntry("code", "validation-failed");
        @SuppressWarnings("unchecked")
        java.util.List<Map<String, Object>> errors = (java.util.List<Map<String, Object>>) problem.get("errors");
        assertThat(errors).extracting(e -> (Object) e.get("field")).containsExactly(field);
    }

    @org.junit.jupiter.api.Test
    void typeProblemsNameTheField() throws Exception {
        Map<String, Object> problem = Api.body(mvc.perform(request(HttpMethod.POST, "/api/v1/employees")
                .header("Authorization", admin).contentType("application/json")
                .content("{\"username\":\"abc\",\"displayName\":\"x\",\"roles\":42}")).andReturn());
        assertThat(problem).containsEntry("code", "wrong-type").containsEntry("field", "roles");
    }
}
