package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.HtmlUtils;

import io.custos.identity.Role;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** R-AUD-1, R-AUD-2: the auditor's search and verification pages, in English and Chinese. */
@AuditIntegrationTest
class AuditPagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationContext context;
    @Autowired AuditSealer sealer;

    SeededEvents events;
    MockHttpSession auditor;

    @BeforeEach
    void seedEventsAndSignInAnAuditor() throws Exception {
        events = new SeededEvents(context);
        auditor = signIn(Role.AUDITOR);
    }

    @Test
    void showsTheFilteredEventsWithTheirLabelsDetailsAndExportLinks() throws Exception {
        String page = page(get("/audit/events").param("action", events.root + ".customer."), auditor);
        String table = table(page);
        assertThat(table).contains(events.action(3), events.action(4)).doesNotContain(events.action(2))
                .contains("Customer data", "Denied", "Failed", "Reason", "no-consent", "Rows", "12", events.bob.name(),
                        events.customer, "Sales follow-up").doesNotContain("SALES_FOLLOW_UP", "reason=");
        assertThat(table.indexOf(events.action(4))).as("newest first").isLessThan(table.indexOf(events.action(3)));
        assertThat(href(page, "export-csv")).isEqualTo("/audit/events/export?format=csv&action=" + events.root
                + ".customer.");
        assertThat(href(page, "export-xlsx")).startsWith("/audit/events/export?format=xlsx&");
        assertThat(page).doesNotContain("id=\"security-only\"");
    }

    @Test
    void filtersByEveryFieldOfTheForm() throws Exception {
        String page = page(get("/audit/events").param("actor", events.alice.name().toLowerCase())
                .param("outcome", "ALLOWED").param("category", "SECURITY")
                .param("from", events.at(1).toString()).param("to", events.at(2).toString())
                .param("targetType", "employee").param("targetId", events.employeeOne.toString())
                .param("actorId", events.alice.id().toString()).param("action", events.root + "."), auditor);
        assertThat(table(page)).contains(events.action(1), "Method", "password").doesNotContain(events.action(2));
        assertThat(page).contains("value=\"" + events.alice.name().toLowerCase() + "\"");
        assertThat(page).containsPattern("<option value=\"ALLOWED\" selected=\"selected\"");
    }

    @Test
    void labelsAreChineseWithTheLanguageParameterOrCookie() throws Exception {
        String byParameter = page(get("/audit/events").param("lang", "zh-CN").param("action", events.root + "."), auditor);
        assertThat(byParameter).contains("审计日志查询", "客户数据", "拒绝", "失败", "安全", "导出 CSV", "时间");
        String byCookie = page(get("/audit/events").cookie(new Cookie("custos-lang", "zh-CN"))
                .param("action", events.root + ".employee."), auditor);
        assertThat(byCookie).contains("管理", "允许", "操作人").doesNotContain("Administration");
    }

    @Test
    void pagesThroughTheResultsKeepingTheFilter() throws Exception {
        String first = page(get("/audit/events").param("action", events.root + ".").param("size", "3"), auditor);
        assertThat(table(first)).contains(events.action(4), events.action(2)).doesNotContain(events.action(1));
        String next = href(first, "page-next");
        assertThat(next).contains("action=" + events.root + ".", "size=3", "page=1");
        String second = page(get(next), auditor);
        assertThat(table(second)).contains(events.action(1)).doesNotContain(events.action(2));
        assertThat(href(second, "page-previous")).contains("page=0");
    }

    @Test
    void aBadFilterShowsTheFormAgainWithWhatIsWrong() throws Exception {
        MvcResult result = mvc.perform(get("/audit/events").session(auditor).param("outcome", "Zq9MARKER")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        String page = result.getResponse().getContentAsString();
        assertThat(page).contains("id=\"filter-problem\"", "Check this field: Outcome")
                .doesNotContain("id=\"audit-events\"").doesNotContain("Zq9MARKER");
        MvcResult range = mvc.perform(get("/audit/events").session(auditor).param("lang", "zh-CN")
                .param("from", "2026-02-01T00:00").param("to", "2026-01-01T00:00")).andReturn();
        assertThat(range.getResponse().getStatus()).isEqualTo(422);
        assertThat(range.getResponse().getContentAsString()).contains("请检查此字段：截止时间（不含）");
    }

    @Test
    void exportsFromThePage() throws Exception {
        MvcResult result = mvc.perform(get("/audit/events/export").session(auditor).param("format", "csv")
                .param("action", events.root + ".customer.")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)).startsWith("attachment;");
        assertThat(AuditSearchTests.csv(result)).extracting(r -> r.get("action"))
                .containsExactly(events.action(4), events.action(3));

        MvcResult tooLarge = mvc.perform(get("/audit/events/export").session(auditor).param("format", "xlsx")
                .param("action", events.root + ".")).andReturn();
        assertThat(tooLarge.getResponse().getStatus()).isEqualTo(422);
        assertThat(tooLarge.getResponse().getContentAsString()).contains("Narrow the filter");
    }

    @Test
    void securityAdministratorsSeeSecurityEventsOnlyAndAreToldSo() throws Exception {
        String page = page(get("/audit/events").param("action", events.root + "."), signIn(Role.SECURITY_ADMIN));
        assertThat(page).contains("id=\"security-only\"", events.action(1)).doesNotContain(events.action(2))
                .doesNotContain(events.action(3));
    }

    @Test
    void theVerifyPageShowsTheLogIsIntact() throws Exception {
        String form = page(get("/audit/verify"), auditor);
        assertThat(form).contains("id=\"run-verify\"").doesNotContain("id=\"verify-result\"");
        String result = page(post("/audit/verify").with(csrf()), auditor);
        assertThat(result).contains("id=\"verify-valid\"", "The audit log is intact", "Checkpoints matched in file")
                .contains("<td>node-1</td>").doesNotContain("id=\"verify-invalid\"");
        String chinese = page(post("/audit/verify").with(csrf()).param("lang", "zh-CN"), auditor);
        assertThat(chinese).contains("审计日志完整", "文件中核对一致的检查点");
    }

    @Test
    void theVerifyPageNamesTheFirstBrokenPlace() throws Exception {
        sealer.sealNow();
        long seq = jdbc.sql("select seq from audit_event where chain = 'node-1' and action = ?")
                .param(events.action(2)).query(Long.class).single();
        jdbc.sql("update audit_event set outcome = 'DENIED' where chain = 'node-1' and seq = ?").param(seq).update();
        try {
            String page = page(post("/audit/verify").with(csrf()), auditor);
            assertThat(page).contains("id=\"verify-invalid\"", "Hash mismatch (content changed)", "<td>" + seq + "</td>")
                    .doesNotContain("id=\"verify-valid\"");
            String chinese = page(post("/audit/verify").with(csrf()).param("lang", "zh-CN"), auditor);
            assertThat(chinese).contains("哈希不符（内容被改动）");
        } finally {
            jdbc.sql("update audit_event set outcome = 'ALLOWED' where chain = 'node-1' and seq = ?").param(seq).update();
        }
        assertThat(page(post("/audit/verify").with(csrf()), auditor)).contains("id=\"verify-valid\"");
    }

    @Test
    void namesTargetsAndDetailsInWordsAndShowsTheTotal() throws Exception {
        TestAccounts.Account person = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String displayName = jdbc.sql("select display_name from employee where id = ?").param(person.id())
                .query(String.class).single();
        events.record(AuditEvent.of(AuditCategory.ADMINISTRATION, "identity.employee.roles-changed", AuditOutcome.ALLOWED)
                .actor(events.alice).target("employee", person.id()).detail("fields", java.util.List.of("phone", "idNumber"))
                .detail("tokensRevoked", 2).build());

        String page = page(get("/audit/events").param("actorId", events.alice.id().toString()), auditor);
        String table = table(page);
        assertThat(table).contains(displayName, person.id().toString(), "Roles changed", "Employee", "Fields",
                "Phone", "ID", "Tokens revoked").doesNotContain(">identity.employee.roles-changed<", "tokensRevoked<",
                "idNumber<");
        assertThat(page).contains("id=\"result-summary\"", "3 events match");
        assertThat(page).containsPattern("<select id=\"action\" name=\"action\"")
                .contains("<optgroup label=\"Accounts\">", ">Sign-in</option>", "value=\"identity.sign-in\"");

        String chinese = table(page(get("/audit/events").param("actorId", events.alice.id().toString())
                .param("lang", "zh-CN"), auditor));
        assertThat(chinese).contains("更改角色", "员工", "电话", "吊销的令牌数");
    }

    @Test
    void everyFieldListOfARecordViewIsNamedByItsLabel() throws Exception {
        // The details a record view carries (AccessDecision.auditDetails, CustomerReading): each list of fields.
        events.record(AuditEvent.of(AuditCategory.DATA, "customer.record.viewed", AuditOutcome.ALLOWED)
                .actor(events.alice).detail("shown", java.util.List.of("companyName"))
                .detail("masked", java.util.List.of("phone")).detail("denied", java.util.List.of("contactName"))
                .detail("reasons", java.util.List.of("contactName:no-consent"))
                .detail("unreadable", java.util.List.of("email")).build());
        events.record(AuditEvent.of(AuditCategory.DATA, "customer.record.updated", AuditOutcome.ALLOWED)
                .actor(events.alice).detail("set", java.util.List.of("contactName")).build());
        events.record(AuditEvent.of(AuditCategory.DATA, "sharing.request.approved-by-head", AuditOutcome.ALLOWED)
                .actor(events.alice).detail("next", "PENDING_ADMIN").detail("recipientType", "PARTNER").build());

        String table = table(page(get("/audit/events").param("actorId", events.alice.id().toString()), auditor));
        assertThat(table).contains("Company name", "Phone", "Contact person", "E-mail",
                "Waiting for the administration department", "A partner")
                .doesNotContain("companyName", "contactName", ">phone<", ">email<", "PENDING_ADMIN", ">PARTNER<");
    }

    @Test
    void aPageBeyondAnyOffsetIsRefusedAs422NotA500() throws Exception {
        String bearer = io.custos.support.Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.AUDITOR),
                TestAccounts.newSecret(), false), clock.instant());
        for (String[] paging : new String[][] {{"2147483647", "50"}, {"10737419", "200"}}) {
            MvcResult result = mvc.perform(get("/audit/events").session(auditor).param("page", paging[0])
                    .param("size", paging[1])).andReturn();
            assertThat(result.getResponse().getStatus()).isEqualTo(422);
            assertThat(result.getResponse().getContentAsString()).contains("id=\"filter-problem\"");
            MvcResult api = mvc.perform(get("/api/v1/audit/events").header("Authorization", bearer).param("page", paging[0])
                    .param("size", paging[1])).andReturn();
            assertThat(api.getResponse().getStatus()).isEqualTo(422);
            assertThat(api.getResponse().getContentAsString()).contains("\"field\":\"page\"");
        }
    }

    @Test
    void theAuditMenuAndPagesAreForAuditorsAndSecurityAdministratorsOnly() throws Exception {
        assertThat(page(get("/"), auditor)).contains("id=\"nav-audit-events\"", "id=\"nav-audit-verify\"");
        assertThat(page(get("/"), signIn(Role.SECURITY_ADMIN))).contains("id=\"nav-audit-events\"");
        for (Role role : Set.of(Role.EMPLOYEE, Role.SYSTEM_ADMIN)) {
            MockHttpSession other = signIn(role);
            assertThat(page(get("/"), other)).doesNotContain("nav-audit");
            for (String path : new String[] {"/audit/events", "/audit/verify", "/audit/events/export?format=csv"}) {
                assertThat(mvc.perform(get(path).session(other)).andReturn().getResponse().getStatus())
                        .as(role + " " + path).isEqualTo(403);
            }
            assertThat(mvc.perform(post("/audit/verify").with(csrf()).session(other)).andReturn().getResponse()
                    .getStatus()).isEqualTo(403);
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    private MockHttpSession signIn(Role role) throws Exception {
        boolean privileged = Role.requiresSecondFactor(Set.of(role));
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(role),
                privileged ? TestAccounts.newSecret() : null, false);
        MockHttpSession session = new MockHttpSession();
        var login = post("/login").session(session).with(csrf()).param("username", account.username())
                .param("password", TestAccounts.PASSWORD);
        if (privileged) {
            login.param("otp", TestAccounts.totp(account.totpSecret(), clock.instant()));
        }
        mvc.perform(login).andExpect(redirectedUrl("/"));
        return session;
    }

    private String page(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            MockHttpSession session) throws Exception {
        MvcResult result = mvc.perform(request.session(session)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    /** The result table alone: the action list of the filter names every action. */
    private static String table(String page) {
        int start = page.indexOf("id=\"audit-events\"");
        assertThat(start).as("a result table").isPositive();
        return page.substring(start, page.indexOf("</table>", start));
    }

    /** The link of the element with this id, as the browser would follow it. */
    private static String href(String page, String id) {
        Matcher link = Pattern.compile("id=\"" + id + "\"[^>]*href=\"([^\"]*)\"|href=\"([^\"]*)\"[^>]*id=\"" + id + "\"")
                .matcher(page);
        assertThat(link.find()).as("a link with id " + id).isTrue();
        return HtmlUtils.htmlUnescape(link.group(1) != null ? link.group(1) : link.group(2));
    }
}
