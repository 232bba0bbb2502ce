package io.custos.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * Security assessments (issue 20.7, R-IT-2): a dependency scan done attaches the build's own
 * CycloneDX SBOM (the one the build wrote to META-INF/sbom, on the test classpath as in the jar)
 * with its SHA-256 and component count, and gives it back byte for byte; other kinds attach
 * nothing; planning, completing, and who may read and write.
 */
@IntegrationTest
class AssessmentTests {

    static final String SBOM = "META-INF/sbom/application.cdx.json";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired Assessments assessments;

    TestAccounts.Account security;
    TestAccounts.Account auditor;
    TestAccounts.Account systemAdmin;
    TestAccounts.Account employee;

    @BeforeEach
    void people() {
        clock.set(LocalDate.of(2031, 6, 2).atTime(10, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
        Instant now = clock.instant();
        security = accounts.create(now, Set.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false);
        auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        systemAdmin = accounts.create(now, Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(), false);
        employee = accounts.create(now, Set.of(Role.EMPLOYEE));
    }

    @Test
    void aDependencyScanDoneAttachesTheBuildsSbomWithItsDigestAndComponentCount() throws Exception {
        byte[] built;
        try (InputStream in = new ClassPathResource(SBOM).getInputStream()) {
            built = in.readAllBytes();
        }
        JsonNode tree = Api.JSON.readTree(built);
        assertThat(tree.path("bomFormat").asString()).isEqualTo("CycloneDX");
        int components = tree.path("components").size();
        assertThat(components).as("the build's own libraries").isGreaterThan(50);

        MvcResult created = call(post("/api/v1/assessments"), security, assessment("DEPENDENCY_SCAN", today(), true));
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        Map<String, Object> body = Api.body(created);
        assertThat(body.get("status")).isEqualTo("DONE");
        @SuppressWarnings("unchecked")
        Map<String, Object> sbom = (Map<String, Object>) body.get("sbom");
        assertThat(sbom.get("sha256")).isEqualTo(sha256(built));
        assertThat(sbom.get("componentCount")).isEqualTo(components);
        assertThat(((Number) sbom.get("sizeBytes")).longValue()).isEqualTo(built.length);
        assertThat(sbom.get("buildName")).isEqualTo("custos");
        UUID id = UUID.fromString((String) body.get("id"));
        // Stored compressed, far smaller than the file.
        assertThat(jdbc.sql("select content_gzip from supervision_assessment_sbom where assessment_id = ?").param(id)
                .query((rs, n) -> rs.getBytes(1)).single().length).isLessThan(built.length / 3);

        for (TestAccounts.Account reader : List.of(auditor, systemAdmin, security)) {
            MvcResult download = call(get("/api/v1/assessments/" + id + "/sbom"), reader, null);
            assertThat(download.getResponse().getStatus()).isEqualTo(200);
            assertThat(download.getResponse().getContentType()).isEqualTo("application/vnd.cyclonedx+json");
            assertThat(download.getResponse().getContentAsByteArray()).isEqualTo(built);
        }
        assertThat(status(get("/api/v1/assessments/" + id + "/sbom"), employee, null)).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'supervision.assessment.sbom-downloaded' "
                + "and target_id = ?").param(id.toString()).query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select details from audit_event where action = 'supervision.assessment.sbom-attached' "
                + "and target_id = ?").param(id.toString()).query(String.class).single()).contains("sha256:" + java.util.Base64
                .getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(built)));
    }

    @Test
    void aPlannedScanAttachesTheSbomWhenDoneAndOtherKindsAttachNothing() throws Exception {
        MvcResult planned = call(post("/api/v1/assessments"), security,
                assessment("DEPENDENCY_SCAN", today().plusDays(10), false));
        assertThat(planned.getResponse().getStatus()).isEqualTo(201);
        UUID id = UUID.fromString((String) Api.body(planned).get("id"));
        assertThat(Api.body(planned).get("sbom")).isNull();
        assertThat(status(get("/api/v1/assessments/" + id + "/sbom"), security, null)).isEqualTo(404);

        // Done early: dated today, with the SBOM of the build running now; a second completion is refused.
        CustosUser me = new CustosUser(security.id(), security.username(), "Test", null, Set.of(Role.SECURITY_ADMIN),
                EmployeeStatus.ACTIVE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assessments.complete(id, "Nothing found.", 7, me))
                .as("a stale version").hasMessage("assessment-changed");
        AssessmentView done = assessments.complete(id, "Nothing found.", 0, me);
        assertThat(done.status()).isEqualTo(AssessmentStatus.DONE);
        assertThat(done.assessedOn()).isEqualTo(today());
        assertThat(done.sbom()).isNotNull();
        assertThat(status(get("/api/v1/assessments/" + id + "/sbom"), security, null)).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assessments.complete(id, "Again.", 1, me))
                .hasMessage("assessment-not-planned");

        MvcResult penetration = call(post("/api/v1/assessments"), security,
                assessment("PENETRATION_TEST", today().minusDays(3), true));
        assertThat(penetration.getResponse().getStatus()).isEqualTo(201);
        assertThat(Api.body(penetration).get("sbom")).isNull();

        assertThat(status(post("/api/v1/assessments"), security, assessment("PENETRATION_TEST", today().plusDays(1), true)))
                .as("done in the future").isEqualTo(422);
        assertThat(status(post("/api/v1/assessments"), security, with(assessment("INTERNAL_REVIEW", today(), true),
                "summary", " "))).as("done needs a summary").isEqualTo(422);
        assertThat(status(post("/api/v1/assessments"), security, with(assessment("INTERNAL_REVIEW", today(), false),
                "kind", null))).isEqualTo(422);
    }

    @Test
    void securityAdministratorsWriteAssessmentsReadersReadOthersAreRefused() throws Exception {
        assertThat(status(post("/api/v1/assessments"), auditor, assessment("INTERNAL_REVIEW", today(), false)))
                .isEqualTo(403);
        assertThat(status(post("/api/v1/assessments"), systemAdmin, assessment("INTERNAL_REVIEW", today(), false)))
                .isEqualTo(403);
        assertThat(status(post("/api/v1/assessments"), employee, assessment("INTERNAL_REVIEW", today(), false)))
                .isEqualTo(403);
        assertThat(status(get("/api/v1/assessments"), employee, null)).isEqualTo(403);
        assertThat(status(get("/api/v1/assessments"), auditor, null)).isEqualTo(200);
        assertThat(status(get("/api/v1/assessments/" + UUID.randomUUID()), auditor, null)).isEqualTo(404);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Map<String, Object> assessment(String kind, LocalDate on, boolean done) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("scope", "All third-party libraries of the application");
        body.put("assessedOn", on.toString());
        body.put("assessor", "IT security");
        body.put("summary", done ? "Checked every component against public vulnerability databases." : null);
        body.put("done", done);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put(key, value);
        return changed;
    }

    private int status(MockHttpServletRequestBuilder request, TestAccounts.Account by, Map<String, Object> body)
            throws Exception {
        return call(request, by, body).getResponse().getStatus();
    }

    private MvcResult call(MockHttpServletRequestBuilder request, TestAccounts.Account by, Map<String, Object> body)
            throws Exception {
        request.header("Authorization", token(by));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(Api.json(body));
        }
        return mvc.perform(request).andReturn();
    }

    private final Map<UUID, String> tokens = new HashMap<>();

    private String token(TestAccounts.Account account) throws Exception {
        String token = tokens.get(account.id());
        if (token == null) {
            token = Api.token(mvc, account, clock.instant());
            tokens.put(account.id(), token);
        }
        return token;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai"));
    }
}
