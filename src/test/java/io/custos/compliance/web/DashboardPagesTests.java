package io.custos.compliance.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.compliance.Dashboards;
import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboards (issue 22.3, 22.7) in both languages and in words: management's for the company with
 * the map's colours, the overdue readings and the trends, each chart with its table; a head's for the
 * department they head (a head of two picks), never another's; the auditor's with the log's chains;
 * the API's JSON for the same viewers; everyone else refused.
 */
@IntegrationTest
class DashboardPagesTests {

    private static final List<String> CODES = List.of("OVERDUE_", "TRAINING_PASSES", "BREAK_GLASS", "UNMAPPED",
            "REVEALS", "customer.field.revealed", "??");
    private static final Pattern KEY = Pattern.compile("\\b(compliance|audit|problem|nav)\\.[A-Za-z]");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** As PageWordsTests reads codes: an enum's name is never a word. */
    private static final Pattern UPPER_SNAKE = Pattern.compile("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\\b");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    TestAccounts.Account management;
    TestAccounts.Account head;
    TestAccounts.Account auditor;
    TestAccounts.Account salesperson;
    UUID department;
    UUID second;
    UUID other;

    @BeforeEach
    void people() {
        Instant now = clock.instant();
        management = accounts.create(now, Set.of(Role.MANAGEMENT), TestAccounts.newSecret(), false);
        auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        head = accounts.create(now, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        salesperson = accounts.create(now, Set.of(Role.EMPLOYEE));
        String tag = UUID.randomUUID().toString().substring(0, 6);
        department = accounts.customerDepartment("DASH-A-" + tag);
        second = accounts.customerDepartment("DASH-B-" + tag);
        other = accounts.customerDepartment("DASH-C-" + tag);
        accounts.moveTo(head, department);
        accounts.moveTo(salesperson, department);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
    }

    @Test
    void managementSeesTheCompanysColoursOverdueAndTrendsEachChartWithItsTable() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, management, clock.instant());
        for (String language : List.of("en", "zh-CN")) {
            Document page = page("/compliance/dashboard", session, language);
            words(page);
            for (String chart : List.of("colours", "use", "work")) {
                JsonNode data = JSON.readTree(page.select("#chart-" + chart).attr("data-chart"));
                assertThat(data.get("series").size()).as(chart).isPositive();
            }
            assertThat(page.select("#table-colours tbody tr")).hasSize(5);
            assertThat(page.select("#table-overdue tbody tr")).hasSize(Dashboards.OVERDUE.size());
            assertThat(page.select("#table-use tbody tr")).hasSize(2);
            assertThat(page.select("#table-work tbody tr")).hasSize(4);
            assertThat(page.select("#table-use thead th")).as("the figure, twelve months, the total").hasSize(14);
            assertThat(page.select("script[src*=echarts]")).hasSize(1);
            assertThat(page.select("script[src*=compliance.js]")).hasSize(1);
            assertThat(page.select("script:not([src])")).as("no inline script").isEmpty();
            assertThat(page.select("#report-form")).hasSize(1);
            assertThat(page.select("#department option")).as("the company and every department")
                    .hasSizeGreaterThan(3);
        }
        Document english = page("/compliance/dashboard", session, "en");
        assertThat(english.select("#dashboard-title").text()).contains("Compliance dashboard", "The whole company");
        assertThat(english.select("#trends-use").text()).contains("in the company's time zone");
        assertThat(english.select("#table-overdue").text()).contains("Customer cases overdue");
        assertThat(english.select("#table-use a")).as("reveals are the auditors' to open, not management's")
                .isEmpty();
        assertThat(english.select("#report-form option[value=en]")).hasSize(1);
        Document chinese = page("/compliance/dashboard", session, "zh-CN");
        assertThat(chinese.select("#dashboard-title").text()).contains("合规看板", "全公司");

        // Management may look at any department too.
        Document departmental = page("/compliance/dashboard?department=" + department, session, "en");
        assertThat(departmental.select("#dashboard-title").text()).contains("DASH-A-");
        assertThat(departmental.select("#report-form")).as("the board report is the company's").isEmpty();
    }

    @Test
    void aHeadSeesTheirDepartmentPicksAmongThoseTheyHeadAndNoOther() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, head, clock.instant());
        for (String language : List.of("en", "zh-CN")) {
            Document page = page("/compliance/dashboard", session, language);
            words(page);
            assertThat(page.select("#dashboard-title").text()).contains("DASH-A-");
            assertThat(page.select("#department-form")).as("one department: nothing to pick").isEmpty();
            assertThat(page.select("#report-form")).isEmpty();
            assertThat(page.select("#trend-incidents td").first().text()).as("incidents are the company's")
                    .isNotEqualTo("");
        }
        assertThat(status(get("/compliance/dashboard?department=" + other), session)).isEqualTo(403);
        assertThat(status(get("/compliance/dashboard/audit"), session)).isEqualTo(403);

        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), second).update();
        Document two = page("/compliance/dashboard?department=" + second, session, "en");
        assertThat(two.select("#dashboard-title").text()).contains("DASH-B-");
        assertThat(two.select("#department option")).hasSize(2);
        assertThat(two.select("#department option[selected]").val()).isEqualTo(second.toString());
    }

    @Test
    void theAuditorSeesTheLogsVolumeChainsAndEmergencyAccessButNotManagementsDashboard() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, auditor, clock.instant());
        for (String language : List.of("en", "zh-CN")) {
            Document page = page("/compliance/dashboard/audit", session, language);
            words(page);
            assertThat(page.select("#table-chains tbody tr")).isNotEmpty();
            assertThat(page.select("#table-volume tbody tr")).hasSize(1);
            assertThat(page.select("#table-break-glass tbody tr")).hasSize(2);
            for (String chart : List.of("volume", "break-glass")) {
                assertThat(JSON.readTree(page.select("#chart-" + chart).attr("data-chart")).get("categories").size())
                        .isEqualTo(12);
            }
            assertThat(page.select("#report-form")).hasSize(1);
        }
        Document english = page("/compliance/dashboard/audit", session, "en");
        assertThat(english.select("#table-volume a")).as("the auditor opens the log behind each month")
                .isNotEmpty();
        assertThat(english.select("#table-volume a").first().attr("href")).startsWith("/audit/events?from=");
        assertThat(status(get("/compliance/dashboard"), session)).isEqualTo(403);
    }

    @Test
    void aSalespersonIsRefusedEveryDashboardPageAndApi() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, salesperson, clock.instant());
        for (String url : List.of("/compliance/dashboard", "/compliance/dashboard/audit",
                "/compliance/dashboard/report?quarter=2026Q4&lang=en")) {
            assertThat(status(get(url), session)).as(url).isEqualTo(403);
        }
        String token = Api.token(mvc, salesperson, clock.instant());
        assertThat(mvc.perform(get("/api/v1/compliance/dashboard").header("Authorization", token))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
        MockHttpSession managementSession = Pages.signIn(mvc, management, clock.instant());
        assertThat(status(get("/compliance/dashboard/audit"), managementSession)).isEqualTo(403);
    }

    @Test
    void theApiAnswersTheCompanyForManagementAndTheDepartmentForItsHead() throws Exception {
        JsonNode company = json("/api/v1/compliance/dashboard", management);
        assertThat(company.get("department").isNull()).isTrue();
        assertThat(company.get("counts").has("RED")).isTrue();
        assertThat(company.get("series").get("months").size()).isEqualTo(12);
        assertThat(company.get("series").get("counts").get("REVEALS").size()).isEqualTo(12);
        assertThat(company.get("overdue").get("readings").size()).isEqualTo(Dashboards.OVERDUE.size());
        long sum = 0;
        for (JsonNode r : company.get("overdue").get("readings")) {
            sum += r.get("value").isNull() ? 0 : r.get("value").asLong();
        }
        assertThat(company.get("overdue").get("total").asLong()).isEqualTo(sum);
        assertThat(company.get("readings").size()).isPositive();

        JsonNode mine = json("/api/v1/compliance/dashboard", head);
        assertThat(mine.get("department").asString()).isEqualTo(department.toString());
        assertThat(mine.get("series").get("companyWide").toString()).contains("INCIDENTS");
        String token = Api.token(mvc, head, clock.instant());
        assertThat(mvc.perform(get("/api/v1/compliance/dashboard?department=" + other)
                .header("Authorization", token)).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    private JsonNode json(String url, TestAccounts.Account who) throws Exception {
        String token = Api.token(mvc, who, clock.instant());
        MockHttpServletResponse response = mvc.perform(get(url).header("Authorization", token))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return JSON.readTree(response.getContentAsString());
    }

    private int status(MockHttpServletRequestBuilder request, MockHttpSession session) throws Exception {
        return mvc.perform(request.session(session)).andReturn().getResponse().getStatus();
    }

    private Document page(String url, MockHttpSession session, String language) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).session(session).header("Accept-Language", language))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(url + " " + response.getContentAsString()).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }

    private static void words(Document page) {
        String text = page.select("main").text();
        for (String code : CODES) {
            assertThat(text).as("no code on the page").doesNotContain(code);
        }
        assertThat(KEY.matcher(text).find()).as("no message key on the page: %s", text).isFalse();
        assertThat(UPPER_SNAKE.matcher(text).find()).as("no code on the page: %s", text).isFalse();
        assertThat(text).doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
