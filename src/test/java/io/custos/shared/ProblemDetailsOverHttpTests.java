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

    /** Issue 13.16: an upload over the multipart limits used to get a 413 with an empty body. */
    @Test
    void anUploadOverTheSizeLimitIsAProblemToo() throws Exception {
        TestAccounts.Account someone = accounts.create(java.time.Instant.now(), java.util.Set.of(Role.EMPLOYEE));
        String issued = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.json(Map.of("username", someone.username(),
                        "password", TestAccounts.PASSWORD)))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String bearer = "Bearer " + Api.JSON.readValue(issued, Map.class).get("token");
        byte[] body = oversizedUpload();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/customers/imports"))
                .header("Authorization", bearer).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"upload-too-large\"", "\"instance\":\"urn:uuid:");

        // Without a declared length (chunked), the limit is found while the parts are read.
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/customers/imports"))
                .header("Authorization", bearer).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.body()).contains("\"code\":\"upload-too-large\"");
    }

    @Test
    void aBrowserUploadOverTheSizeLimitGetsATranslatedPage() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/customers/import"))
                .header("Accept", "text/html").header("Accept-Language", "zh-CN")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(oversizedUpload())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("上传文件过大", "请拆分为较小的文件").doesNotContainIgnoringCase("exception");
    }

    private static byte[] oversizedUpload() {
        byte[] head = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\ncompanyName\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = new byte[51 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        System.arraycopy(head, 0, body, 0, head.length);
        byte[] tail = "\r\n--b--\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(tail, 0, body, body.length - tail.length, tail.length);
        return body;
    }
}
