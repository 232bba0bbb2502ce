package io.custos.compliance.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.compliance.Indicator;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.DocumentContent;
import io.custos.training.DocumentKind;
import io.custos.training.DocumentView;
import io.custos.training.PolicyDocuments;
import io.custos.training.VersionState;
import io.custos.training.VersionView;

/**
 * The compliance map's pages (issue 22.1, 22.2, 22.7) in both languages and in words: the map for
 * management and for a head (their department only), the thresholds tuned by a security administrator
 * with a refusal that keeps what was typed, a draft's map set by the administration department, every
 * reading's link opening for the roles it is shown to, and everyone else refused.
 */
@IntegrationTest
class CompliancePagesTests {

    private static final Pattern KEY = Pattern.compile("\\b(compliance|audit|problem|nav)\\.[A-Za-z]");
    private static final List<String> CODES = List.of("PLAINTEXT_CONFIDENTIAL_VALUES", "DAYS_SINCE_BACKUP", "RED",
            "AMBER", "UNMAPPED", "CLASSIFICATION_AND_ENCRYPTION", "??");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired PolicyDocuments documents;

    TestAccounts.Account management;
    TestAccounts.Account security;
    TestAccounts.Account officer;
    TestAccounts.Account head;
    TestAccounts.Account sales;
    UUID department;

    @BeforeEach
    void people() throws Exception {
        Instant now = clock.instant();
        management = accounts.create(now, Set.of(Role.MANAGEMENT), TestAccounts.newSecret(), false);
        security = accounts.create(now, Set.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false);
        officer = accounts.create(now, Set.of(Role.ADMIN_OFFICER));
        head = accounts.create(now, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        sales = accounts.create(now, Set.of(Role.EMPLOYEE));
        department = accounts.customerDepartment("CMP-" + UUID.randomUUID().toString().substring(0, 6));
        accounts.moveTo(head, department);
        accounts.moveTo(sales, department);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        publishTemplate();
    }

    @AfterEach
    void defaults() {
        jdbc.sql("delete from compliance_threshold").update();
    }

    @Test
    void managementReadsTheMapInWordsInBothLanguages() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, management, clock.instant());
        for (String language : List.of("en", "zh-CN")) {
            Document map = page("/compliance/map", session, language);
            words(map);
            assertThat(map.select("#clauses tbody tr")).hasSizeGreaterThan(20);
            assertThat(map.select("#clause-6\\.2").attr("data-status")).isEqualTo("UNMAPPED");
            assertThat(map.select("#clause-5\\.1 .control")).hasSize(2);
            assertThat(map.select("#unmapped #control-CUSTOMER_REQUESTS")).hasSize(1);
            assertThat(map.select("#scope-form option")).hasSizeGreaterThan(1);
        }
        Document english = page("/compliance/map", session, "en");
        assertThat(english.select("#clause-5\\.1").text()).contains("§5.1", "Sharing and disclosure",
                "Approved sharing under an NDA", "Grants in force without a valid NDA");
        assertThat(english.select("#clause-6\\.2").text()).contains("No control of Custos carries out this clause");
        assertThat(english.select("#map-counts").text()).contains("No control");
        Document chinese = page("/compliance/map", session, "zh-CN");
        assertThat(chinese.select("#clause-5\\.1").text()).contains("§五.1", "共享与披露", "无有效保密协议的生效授权");
        // Management reads the figures but does not fix backups or the catalog: no links to them.
        assertThat(english.select("#reading-DAYS_SINCE_BACKUP a")).isEmpty();
    }

    @Test
    void aHeadSeesTheirDepartmentsMapAndASalespersonIsRefused() throws Exception {
        MockHttpSession headSession = Pages.signIn(mvc, head, clock.instant());
        Document map = page("/compliance/map", headSession, "en");
        words(map);
        assertThat(map.select("#map-facts").text()).contains("CMP-");
        assertThat(map.select("#reading-DAYS_SINCE_BACKUP").text()).contains("(company-wide)");
        assertThat(map.select("#to-thresholds")).isEmpty();
        assertThat(status("/compliance/map?department=" + UUID.randomUUID(), headSession)).isEqualTo(403);
        assertThat(status("/compliance/thresholds", headSession)).isEqualTo(403);

        MockHttpSession salesSession = Pages.signIn(mvc, sales, clock.instant());
        assertThat(status("/compliance/map", salesSession)).isEqualTo(403);
        assertThat(status("/compliance/map?department=" + department, salesSession)).isEqualTo(403);
    }

    @Test
    void aSecurityAdministratorTunesAThresholdAndARefusalKeepsWhatWasTyped() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, security, clock.instant());
        MockHttpServletResponse refused = mvc.perform(post("/compliance/thresholds/DAYS_SINCE_SWEEP").session(session)
                .with(csrf()).header("Accept-Language", "en").param("amber", "9").param("red", "3"))
                .andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(422);
        Document again = Jsoup.parse(refused.getContentAsString());
        assertThat(again.select("#amber-DAYS_SINCE_SWEEP").val()).isEqualTo("9");
        assertThat(again.select("#red-DAYS_SINCE_SWEEP").val()).isEqualTo("3");
        assertThat(again.select("#err-DAYS_SINCE_SWEEP").text()).contains("amber before red");
        // The policy's musts have no form at all.
        assertThat(again.select("#t-GRANTS_WITHOUT_VALID_NDA form")).isEmpty();
        assertThat(again.select("#t-GRANTS_WITHOUT_VALID_NDA").text()).contains("fixed");

        mvc.perform(post("/compliance/thresholds/DAYS_SINCE_SWEEP").session(session).with(csrf())
                .param("amber", "3").param("red", "9"));
        Document list = page("/compliance/thresholds", session, "zh-CN");
        words(list);
        assertThat(list.select("#t-DAYS_SINCE_SWEEP").attr("data-tuned")).isEqualTo("true");
        assertThat(list.select("#t-DAYS_SINCE_SWEEP").text()).contains("3 天", "9 天");
        Document map = page("/compliance/map", Pages.signIn(mvc, management, clock.instant()), "en");
        assertThat(map.select("#reading-DAYS_SINCE_SWEEP").first().text()).contains("threshold tuned", "Amber from 3 days");

        MockHttpSession officerSession = Pages.signIn(mvc, officer, clock.instant());
        assertThat(mvc.perform(post("/compliance/thresholds/DAYS_SINCE_SWEEP").session(officerSession).with(csrf())
                .param("amber", "50").param("red", "90")).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void theAdministrationDepartmentSetsADraftsMapThroughThePage() throws Exception {
        CustosUser officerUser = Gate.user(officer, EnumSet.of(Role.ADMIN_OFFICER));
        UUID draft = draft(officerUser);
        MockHttpSession session = Pages.signIn(mvc, officer, clock.instant());

        Document form = page("/compliance/map/versions/" + draft, session, "en");
        words(form);
        assertThat(form.select("#save-map")).hasSize(1);
        mvc.perform(post("/compliance/map/versions/" + draft).session(session).with(csrf())
                .param("clause.2.1", "", "MONITORING").param("clause.2.2", "", "POLICY_REVIEW"));
        Document saved = page("/compliance/map/versions/" + draft, session, "zh-CN");
        words(saved);
        assertThat(saved.select("#c-2\\.1-MONITORING").hasAttr("checked")).isTrue();
        assertThat(saved.select("#c-2\\.2-POLICY_REVIEW").hasAttr("checked")).isTrue();
        assertThat(saved.select("#version-facts").text()).contains("由行政部设置");

        // Management sees the map but has no form; a salesperson does not see a draft at all.
        Document approver = page("/compliance/map/versions/" + draft, Pages.signIn(mvc, management, clock.instant()), "en");
        assertThat(approver.select("#save-map")).isEmpty();
        assertThat(approver.select("#clause-2\\.1").text()).contains("Security monitoring");
        assertThat(status("/compliance/map/versions/" + draft, Pages.signIn(mvc, sales, clock.instant()))).isEqualTo(404);

        Gate.as(officerUser, () -> {
            documents.submit(draft, officerUser);
            return null;
        });
        MockHttpServletResponse locked = mvc.perform(post("/compliance/map/versions/" + draft).session(session)
                .with(csrf()).header("Accept-Language", "en").param("clause.2.1", "")).andReturn().getResponse();
        assertThat(locked.getStatus()).isEqualTo(409);
        assertThat(Jsoup.parse(locked.getContentAsString()).select("#problem").text()).contains("no longer a draft");
    }

    @Test
    void everyReadingsLinkOpensForTheRolesItIsShownTo() throws Exception {
        Instant now = clock.instant();
        for (Indicator indicator : Indicator.values()) {
            if (indicator.link() == null) {
                continue;
            }
            for (Role role : indicator.linkRoles()) {
                TestAccounts.Account account = Set.of(Role.SECURITY_ADMIN, Role.SYSTEM_ADMIN, Role.AUDITOR,
                        Role.MANAGEMENT).contains(role) ? accounts.create(now, Set.of(role), TestAccounts.newSecret(), false)
                        : accounts.create(now, role == Role.DEPT_HEAD ? Set.of(Role.EMPLOYEE, role) : Set.of(role));
                if (role == Role.DEPT_HEAD) {
                    accounts.moveTo(account, department);
                }
                MockHttpSession session = Pages.signIn(mvc, account, now);
                assertThat(status(indicator.link(), session)).as(indicator + " for " + role).isEqualTo(200);
            }
        }
    }

    private UUID draft(CustosUser officerUser) throws IOException {
        DocumentView policy = Gate.as(officerUser, () -> documents.documents(officerUser)).stream()
                .filter(d -> d.kind() == DocumentKind.POLICY).findFirst().orElseThrow();
        VersionView open = policy.open().orElse(null);
        if (open != null && open.state() != VersionState.SUBMITTED) {
            UUID id = open.id();
            Gate.as(officerUser, () -> {
                documents.revise(id, template(), officerUser);
                return null;
            });
            return id;
        }
        if (open != null) {
            approve(open.id());
        }
        return Gate.as(officerUser, () -> documents.draftNext(policy.id(), template(), officerUser));
    }

    private void publishTemplate() throws IOException {
        CustosUser officerUser = Gate.user(accounts.create(clock.instant(), Set.of(Role.ADMIN_OFFICER)),
                EnumSet.of(Role.ADMIN_OFFICER));
        UUID version = draft(officerUser);
        Gate.as(officerUser, () -> {
            documents.submit(version, officerUser);
            return null;
        });
        approve(version);
    }

    private void approve(UUID version) {
        CustosUser manager = Gate.user(accounts.create(clock.instant(), Set.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false), EnumSet.of(Role.MANAGEMENT));
        Gate.as(manager, () -> {
            documents.approve(version, manager);
            return null;
        });
    }

    private Document page(String url, MockHttpSession session, String language) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).session(session).header("Accept-Language", language))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(url).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }

    private int status(String url, MockHttpSession session) throws Exception {
        return mvc.perform(get(url).session(session)).andReturn().getResponse().getStatus();
    }

    private static void words(Document page) {
        String text = page.select("main").text();
        for (String code : CODES) {
            assertThat(text).as("no code on the page").doesNotContain(code);
        }
        assertThat(KEY.matcher(text).find()).as("no message key on the page: %s", text).isFalse();
        assertThat(text).doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    private static DocumentContent template() {
        return new DocumentContent("客户信息保密制度", "Customer information confidentiality policy",
                read("training/template-policy.zh.md"), read("training/template-policy.en.md"));
    }

    private static String read(String resource) {
        try (InputStream in = CompliancePagesTests.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
