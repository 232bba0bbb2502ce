package io.custos.whistleblowing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.LogLines;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Whistleblowing (R-SUP-4, issue 20.5): a report without an account keeps nothing about its maker
 * (tables, audit log, log lines, cookies, session), is followed up only with its code, whose wrong
 * guesses are throttled; a report about the administration department goes to the auditors alone;
 * answers reach the reporter, and a report verified as true proposes a reward.
 */
@IntegrationTest
class WhistleblowingTests {

    private static final String CODE = "[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired WhistleThrottle throttle;
    @Autowired List<HomeTaskProvider> homeTasks;

    TestAccounts.Account admin;
    TestAccounts.Account auditor;
    TestAccounts.Account employee;
    TestAccounts.Account adminAndAuditor;

    @BeforeEach
    void people() {
        throttle.reset();
        admin = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.ADMIN_OFFICER);
        employee = RetentionFixture.person(accounts, documents, clock.instant(),
                accounts.customerDepartment("WB" + UUID.randomUUID().toString().substring(0, 6)), Role.EMPLOYEE);
        auditor = privileged(Role.AUDITOR);
        adminAndAuditor = privileged(Role.ADMIN_OFFICER, Role.AUDITOR);
    }

    @Test
    void aReportKeepsNothingAboutWhoMadeIt() throws Exception {
        String address = "198.51.100." + (10 + new java.util.Random().nextInt(200));
        String agent = "Mozilla/5.0 (Reporter " + UUID.randomUUID() + ")";
        String words = "The manager of Sales 3 copies the customer list to a USB stick every Friday " + UUID.randomUUID();
        MvcResult made;
        List<String> logged;
        try (LogLines lines = LogLines.all()) {
            // Even a signed-in member of staff, with their session cookie and token, reports as nobody.
            made = mvc.perform(post("/api/public/v1/whistleblowing").with(r -> {
                r.setRemoteAddr(address);
                return r;
            }).header("User-Agent", agent).header("Authorization", token(employee)).cookie(new Cookie("JSESSIONID", "ABC"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(Api.json(Map.of("text", words, "concernsAdministration", false)))).andReturn();
            logged = lines.lines();
        }
        assertThat(made.getResponse().getStatus()).as(made.getResponse().getContentAsString()).isEqualTo(201);
        String code = (String) Api.body(made).get("code");
        assertThat(code).matches(CODE);
        assertThat(made.getResponse().getHeaders("Set-Cookie")).isEmpty();
        assertThat(made.getRequest().getSession(false)).isNull();

        UUID id = jdbc.sql("select id from whistle_report where code_hash = ?")
                .param(WhistleCodes.hash(WhistleCodes.normalize(code).orElseThrow())).query(UUID.class).single();
        // Nothing in the tables of the report points at its maker; the words are encrypted; the code is not kept.
        String stored = jdbc.sql("select * from whistle_report where id = ?").param(id).query().listOfRows().toString()
                + jdbc.sql("select * from whistle_message where report_id = ?").param(id).query().listOfRows();
        assertThat(stored).doesNotContain(address, agent, "ABC", employee.id().toString(), employee.username(),
                "USB stick", code, code.replace("-", ""));
        assertThat(jdbc.sql("select count(*) from information_schema.columns where lower(table_name) in "
                + "('whistle_report', 'whistle_message') and (lower(column_name) like '%address%' "
                + "or lower(column_name) like '%agent%' or lower(column_name) like '%session%' "
                + "or lower(column_name) like '%employee%')").query(Long.class).single()).isZero();
        // The audit log records that a report was made, by nobody: no person, address or request.
        List<Map<String, Object>> events = jdbc.sql("select actor_type, actor_id, actor_name, client_address, request_id, "
                + "details from audit_event where target_id = ?").param(id.toString()).query().listOfRows();
        assertThat(events).hasSize(1);
        assertThat(lower(events.get(0)).get("actor_type")).isEqualTo("ANONYMOUS");
        assertThat(events.toString()).doesNotContain(address, employee.id().toString(), employee.username(), "USB");
        assertThat(lower(events.get(0)).get("client_address")).isNull();
        assertThat(lower(events.get(0)).get("request_id")).isNull();
        assertThat(lower(events.get(0)).get("actor_id")).isNull();
        assertThat(jdbc.sql("select count(*) from audit_event where client_address = ?").param(address).query(Long.class)
                .single()).isZero();
        // Nor in what was logged, nor in the log file.
        assertThat(String.join("\n", logged)).doesNotContain(address, agent, code, "USB stick");
        Path file = Path.of("data/logs/custos.log");
        if (Files.exists(file)) {
            assertThat(Files.readString(file)).doesNotContain(address, agent, code);
        }

        // The follow-up by code: no cookie, no session either.
        MvcResult read = mvc.perform(get("/api/public/v1/whistleblowing/" + code.toLowerCase()).with(r -> {
            r.setRemoteAddr(address);
            return r;
        })).andReturn();
        assertThat(read.getResponse().getStatus()).isEqualTo(200);
        assertThat(read.getResponse().getHeaders("Set-Cookie")).isEmpty();
        assertThat(read.getRequest().getSession(false)).isNull();
        assertThat(read.getResponse().getContentAsString()).contains("USB stick", "\"status\":\"OPEN\"");
    }

    @Test
    void thePublicPageNeedsNoAccountSetsNoCookieAndSpeaksBothLanguages() throws Exception {
        MvcResult english = mvc.perform(get("/whistleblowing").param("lang", "en")).andReturn();
        assertThat(english.getResponse().getStatus()).isEqualTo(200);
        assertThat(english.getResponse().getHeaders("Set-Cookie")).as("the language is not remembered in a cookie")
                .isEmpty();
        assertThat(english.getRequest().getSession(false)).isNull();
        assertThat(english.getResponse().getContentAsString()).contains("Report wrongdoing", "name=\"lang\" value=\"en\"")
                .doesNotContain("_csrf");
        MvcResult chinese = mvc.perform(get("/whistleblowing").param("lang", "zh-CN")).andReturn();
        assertThat(chinese.getResponse().getContentAsString()).contains("举报违规行为", "value=\"zh-CN\"");
        assertThat(chinese.getResponse().getHeaders("Set-Cookie")).isEmpty();

        // A report from the form, in Chinese, with no CSRF token and no session: the code is shown once.
        MvcResult made = mvc.perform(post("/whistleblowing").param("lang", "zh-CN")
                .param("text", "有人把客户合同带回家处理，违反了保密制度的规定。").param("concernsAdministration", "true")).andReturn();
        assertThat(made.getResponse().getStatus()).isEqualTo(200);
        assertThat(made.getResponse().getHeaders("Set-Cookie")).isEmpty();
        assertThat(made.getRequest().getSession(false)).isNull();
        String page = made.getResponse().getContentAsString();
        assertThat(page).contains("已收到您的举报");
        String code = page.replaceAll("(?s).*id=\"whistle-code\">([^<]+)<.*", "$1");
        assertThat(code).matches(CODE);
        assertThat(jdbc.sql("select handler_role from whistle_report where code_hash = ?")
                .param(WhistleCodes.hash(WhistleCodes.normalize(code).orElseThrow())).query(String.class).single())
                .isEqualTo("AUDITOR");

        // Too short: the page again, the words kept.
        MvcResult tooShort = mvc.perform(post("/whistleblowing").param("lang", "en").param("text", "Too short")).andReturn();
        assertThat(tooShort.getResponse().getStatus()).isEqualTo(422);
        assertThat(tooShort.getResponse().getContentAsString()).contains("Too short</textarea>", "between 20 and");

        // The follow-up by code on the page, and a fact added.
        MvcResult followed = mvc.perform(post("/whistleblowing/follow-up").param("lang", "en").param("code", code))
                .andReturn();
        assertThat(followed.getResponse().getStatus()).isEqualTo(200);
        assertThat(followed.getResponse().getContentAsString()).contains("Being handled", "客户合同");
        MvcResult added = mvc.perform(post("/whistleblowing/follow-up/message").param("lang", "en").param("code", code)
                .param("text", "It happened again on Monday.")).andReturn();
        assertThat(added.getResponse().getStatus()).isEqualTo(200);
        assertThat(added.getResponse().getContentAsString()).contains("It happened again on Monday.", "Added to your report.");
        assertThat(added.getResponse().getHeaders("Set-Cookie")).isEmpty();
        MvcResult switched = mvc.perform(get("/whistleblowing/follow-up").param("lang", "zh-CN")).andReturn();
        assertThat(switched.getResponse().getRedirectedUrl()).isEqualTo("/whistleblowing?lang=zh-CN");
        assertThat(switched.getResponse().getHeaders("Set-Cookie")).isEmpty();
        MvcResult wrong = mvc.perform(post("/whistleblowing/follow-up").param("lang", "en").param("code", "0000-0000"))
                .andReturn();
        assertThat(wrong.getResponse().getStatus()).isEqualTo(404);
        assertThat(wrong.getResponse().getContentAsString()).as("the code typed is kept, marked at the field")
                .contains("No report carries this code", "value=\"0000-0000\"", "is-invalid");
        MvcResult blank = mvc.perform(post("/whistleblowing/follow-up").param("lang", "zh-CN").param("code", " "))
                .andReturn();
        assertThat(blank.getResponse().getStatus()).isEqualTo(422);
        assertThat(blank.getResponse().getContentAsString()).contains("请输入举报时获得的查询码")
                .doesNotContain("没有与此查询码对应的举报");
        MvcResult empty = mvc.perform(post("/whistleblowing").param("lang", "en").param("text", "Too short")).andReturn();
        assertThat(empty.getResponse().getStatus()).isEqualTo(422);
        assertThat(empty.getResponse().getContentAsString()).as("the error is at the field").contains("Too short</textarea>",
                "id=\"text-problem\"", "is-invalid");
    }

    /**
     * An unexpected failure on a public path reaches the container, which dispatches it to
     * {@code /error} (as Tomcat does; see also {@code WhistleblowingErrorsOverHttpTests}): that
     * dispatch sets no cookie and opens no session either, while a staff path's error is the staff's.
     */
    @Test
    void anUnexpectedErrorOnAPublicPathSetsNoCookieAndOpensNoSession() throws Exception {
        for (String path : List.of("/whistleblowing", "/whistleblowing/follow-up", "/api/public/v1/whistleblowing/AB12")) {
            MvcResult failed = mvc.perform(errorDispatchOf(path).param("lang", "zh-CN")
                    .accept(MediaType.TEXT_HTML, MediaType.APPLICATION_JSON)).andReturn();
            assertThat(failed.getResponse().getStatus()).as(path).isEqualTo(500);
            assertThat(failed.getResponse().getHeaders("Set-Cookie")).as(path).isEmpty();
            assertThat(failed.getRequest().getSession(false)).as(path).isNull();
            assertThat(failed.getResponse().getHeader("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(failed.getResponse().getContentAsString()).as(path).doesNotContain("database is gone", "_csrf");
        }
        MvcResult page = mvc.perform(errorDispatchOf("/whistleblowing").param("lang", "zh-CN").accept(MediaType.TEXT_HTML))
                .andReturn();
        assertThat(page.getResponse().getContentAsString()).contains("<html", "lang=\"zh-CN\"");
        // Not the staff's: their pages under /whistleblowing/reports keep their own chain.
        MvcResult staff = mvc.perform(errorDispatchOf("/whistleblowing/reports").param("lang", "zh-CN")
                .accept(MediaType.TEXT_HTML)).andReturn();
        assertThat(staff.getResponse().getHeaders("Set-Cookie")).isNotEmpty();
    }

    private static MockHttpServletRequestBuilder errorDispatchOf(String path) {
        return get("/error").with(request -> {
            request.setDispatcherType(DispatcherType.ERROR);
            request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, path);
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
            request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("database is gone"));
            return request;
        });
    }

    @Test
    void wrongCodesAreThrottledPerClientAndTheCodeIsKeptOnlyAsAHash() throws Exception {
        String code = submit("Someone shares their password with a temporary worker in the warehouse.", false);
        String normalized = code.replace("-", "");
        assertThat(jdbc.sql("select count(*) from whistle_report where code_hash = ?").param(WhistleCodes.hash(normalized))
                .query(Long.class).single()).isOne();
        // Read forgivingly: lower case, spaces instead of dashes.
        assertThat(follow(code.toLowerCase().replace("-", ""), "203.0.113.5")).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            String guess = WhistleCodes.generate();
            assertThat(follow(guess, "203.0.113.9")).as("a wrong code is a plain 404").isEqualTo(404);
        }
        assertThat(follow(WhistleCodes.generate(), "203.0.113.9")).as("the eleventh wrong code waits").isEqualTo(429);
        assertThat(follow(code, "203.0.113.9"))
                .as("the right code still answers from the same (shared office) address: misses cannot lock a colleague out")
                .isEqualTo(200);
        assertThat(follow(code, "203.0.113.5")).as("another client is not held up").isEqualTo(200);
        clock.advance(Duration.ofMinutes(16));
        assertThat(follow(WhistleCodes.generate(), "203.0.113.9")).as("the period over, the client may try again")
                .isEqualTo(404);
    }

    @Test
    void colleaguesBehindOneAddressMayReportManyTimesAndOnlyAScriptIsStopped() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(report("203.0.113.40", "Report number " + i + " about printed customer lists left out."))
                    .as("report " + i).isEqualTo(201);
        }
        assertThat(report("203.0.113.40", "One report too many from a single address within the hour."))
                .isEqualTo(429);
        assertThat(report("203.0.113.41", "Another address is not held up by the first one at all."))
                .isEqualTo(201);
        clock.advance(Duration.ofMinutes(61));
        assertThat(report("203.0.113.40", "An hour later the same address may report again as usual."))
                .isEqualTo(201);
    }

    private int report(String address, String text) throws Exception {
        return mvc.perform(post("/api/public/v1/whistleblowing").with(r -> {
            r.setRemoteAddr(address);
            return r;
        }).contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("text", text, "concernsAdministration", false))))
                .andReturn().getResponse().getStatus();
    }

    @Test
    void aReportAboutTheAdministrationGoesToTheAuditorsAndTheAdministrationNeverSeesIt() throws Exception {
        String code = submit("The administration officer sells visitor logs to a competitor, I have seen it twice.", true);
        UUID id = idOf(code);
        assertThat(ids(admin)).doesNotContain(id.toString());
        assertThat(status(get("/api/v1/whistleblowing/reports/" + id), admin, null)).isEqualTo(404);
        assertThat(status(post("/api/v1/whistleblowing/reports/" + id + "/actions"), admin,
                Map.of("action", "CLOSE", "verdict", "UNFOUNDED"))).isEqualTo(404);
        assertThat(status(get("/api/v1/whistleblowing/reports/" + id), adminAndAuditor, null))
                .as("an auditor who is also an administration officer does not see it either").isEqualTo(404);
        assertThat(status(get("/api/v1/whistleblowing/reports"), employee, null)).isEqualTo(403);
        assertThat(status(get("/api/v1/whistleblowing/reports/" + id), employee, null)).isEqualTo(404);
        assertThat(ids(auditor)).contains(id.toString());
        assertThat(status(get("/api/v1/whistleblowing/reports/" + id), auditor, null)).isEqualTo(200);
        // And an ordinary report is the administration department's, not the auditors'.
        UUID ordinary = idOf(submit("A salesperson prints customer lists and leaves them on the printer overnight.", false));
        assertThat(ids(admin)).contains(ordinary.toString());
        assertThat(status(get("/api/v1/whistleblowing/reports/" + ordinary), auditor, null)).isEqualTo(404);
        // Home: the open report is a task for the auditor.
        assertThat(tasks(auditor)).anyMatch(t -> t.messageKey().equals("home.task.whistle.open"));
        assertThat(tasks(employee)).noneMatch(t -> t.messageKey().equals("home.task.whistle.open"));
    }

    @Test
    void answersReachTheReporterWithoutTheHandlersNameAndAVerifiedReportProposesAReward() throws Exception {
        String code = submit("A colleague forwards customer complaints to a private mailbox every evening.", false);
        UUID id = idOf(code);
        assertThat(status(post("/api/v1/whistleblowing/reports/" + id + "/actions"), admin,
                Map.of("action", "ANSWER", "text", "Thank you, we are looking into it. Can you say which mailbox?")))
                .isEqualTo(200);
        jdbc.sql("update employee set display_name = '王芳' where id = ?").param(admin.id()).update();
        assertThat(mvc.perform(get("/whistleblowing/reports/" + id).session(Pages.signIn(mvc, admin, clock.instant()))
                .param("lang", "en")).andReturn().getResponse().getContentAsString())
                .as("the handler by name, not by login").contains("by 王芳").doesNotContain("by " + admin.username());
        MvcResult read = anonymous(get("/api/public/v1/whistleblowing/" + code), null);
        assertThat(read.getResponse().getContentAsString()).contains("which mailbox").doesNotContain(admin.username(),
                admin.id().toString());
        assertThat(anonymous(post("/api/public/v1/whistleblowing/" + code + "/messages"),
                Map.of("text", "The mailbox is on a free webmail service.")).getResponse().getStatus()).isEqualTo(201);
        MvcResult staffView = call(get("/api/v1/whistleblowing/reports/" + id), admin, null);
        assertThat(staffView.getResponse().getContentAsString()).contains("free webmail", "which mailbox");
        assertThat(status(post("/api/v1/whistleblowing/reports/" + id + "/actions"), admin, Map.of("action", "CLOSE")))
                .as("a verdict is required").isEqualTo(422);
        assertThat(status(post("/api/v1/whistleblowing/reports/" + id + "/actions"), admin,
                Map.of("action", "CLOSE", "verdict", "VERIFIED", "text", "Verified; measures are being taken.")))
                .isEqualTo(200);
        assertThat(status(post("/api/v1/whistleblowing/reports/" + id + "/actions"), admin,
                Map.of("action", "CLOSE", "verdict", "UNFOUNDED"))).as("closed once").isEqualTo(409);
        assertThat(status(post("/api/v1/whistleblowing/reports/" + id + "/actions"), admin,
                Map.of("action", "ANSWER", "text", "more"))).isEqualTo(409);
        assertThat(anonymous(post("/api/public/v1/whistleblowing/" + code + "/messages"), Map.of("text", "One more thing"))
                .getResponse().getStatus()).isEqualTo(409);
        assertThat(anonymous(get("/api/public/v1/whistleblowing/" + code), null).getResponse().getContentAsString())
                .contains("\"verdict\":\"VERIFIED\"", "measures are being taken");
        // The administration department may go on to propose a penalty for the person reported, with this evidence.
        MvcResult penalty = call(post("/api/v1/discipline/proposals"), admin, Map.of("kind", "WARNING", "employeeId",
                employee.id(), "reason", "Forwarded customer complaints to a private mailbox.", "evidenceKind",
                "WHISTLEBLOWING", "evidenceId", id.toString()));
        assertThat(penalty.getResponse().getStatus()).as(penalty.getResponse().getContentAsString()).isEqualTo(201);
        assertThat(mvc.perform(get("/whistleblowing/reports/" + id).session(Pages.signIn(mvc, admin, clock.instant())))
                .andReturn().getResponse().getContentAsString()).contains("evidenceKind=WHISTLEBLOWING");
        // The reward for the anonymous reporter, proposed after the commit.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from discipline_proposal "
                + "where evidence_kind = 'WHISTLEBLOWING' and evidence_id = ? and kind = 'REWARD' and anonymous_reporter "
                + "and status = 'PROPOSED'").param(id.toString()).query(Long.class).single() == 1);
        // Nothing anyone wrote reached the audit log.
        assertThat(jdbc.sql("select count(*) from audit_event where details like '%mailbox%' or details like '%webmail%'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void theHandlersPagesKeepWhatWasTypedWhenAStepIsRefused() throws Exception {
        UUID id = idOf(submit("Customer files are left unlocked in the meeting room after hours.", false));
        MockHttpSession session = Pages.signIn(mvc, admin, clock.instant());
        assertThat(mvc.perform(get("/whistleblowing/reports").session(session)).andReturn().getResponse()
                .getContentAsString()).contains("/whistleblowing/reports/" + id);
        MvcResult refused = mvc.perform(post("/whistleblowing/reports/" + id + "/close").session(session).with(csrf())
                .param("text", "We found the room locked.")).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        assertThat(refused.getResponse().getContentAsString()).contains("We found the room locked.</textarea>",
                "Choose a verdict", "id=\"verdict-problem\"", "is-invalid").doesNotContain("id=\"problem\"");
        MvcResult noAnswer = mvc.perform(post("/whistleblowing/reports/" + id + "/answer").session(session).with(csrf())
                .param("text", " ")).andReturn();
        assertThat(noAnswer.getResponse().getStatus()).isEqualTo(422);
        assertThat(noAnswer.getResponse().getContentAsString()).contains("id=\"answer-text-problem\"")
                .doesNotContain("id=\"verdict-problem\"");
        assertThat(mvc.perform(get("/whistleblowing/reports").session(session).param("lang", "zh-CN")).andReturn()
                .getResponse().getContentAsString()).contains(">查看</a>");
        MvcResult closed = mvc.perform(post("/whistleblowing/reports/" + id + "/close").session(session).with(csrf())
                .param("verdict", "NOT_VERIFIED").param("text", "We found the room locked.")).andReturn();
        assertThat(closed.getResponse().getStatus()).isEqualTo(302);
        assertThat(mvc.perform(get("/whistleblowing/reports/" + id).session(session)).andReturn().getResponse()
                .getContentAsString()).contains("Could not be verified");
        MockHttpSession other = Pages.signIn(mvc, employee, clock.instant());
        assertThat(mvc.perform(get("/whistleblowing/reports/" + id).session(other)).andReturn().getResponse().getStatus())
                .isEqualTo(404);
    }

    // ---------------------------------------------------------------- helpers

    private TestAccounts.Account privileged(Role... roles) {
        Set<Role> set = EnumSet.copyOf(List.of(roles));
        TestAccounts.Account account = accounts.create(clock.instant(), set, TestAccounts.newSecret(), false);
        Gate.pass(documents, accounts, clock.instant(), account, set);
        return account;
    }

    private String submit(String text, boolean admin) throws Exception {
        MvcResult made = anonymous(post("/api/public/v1/whistleblowing"), Map.of("text", text, "concernsAdministration", admin));
        assertThat(made.getResponse().getStatus()).as(made.getResponse().getContentAsString()).isEqualTo(201);
        return (String) Api.body(made).get("code");
    }

    private UUID idOf(String code) {
        return jdbc.sql("select id from whistle_report where code_hash = ?")
                .param(WhistleCodes.hash(WhistleCodes.normalize(code).orElseThrow())).query(UUID.class).single();
    }

    private int follow(String code, String address) throws Exception {
        return mvc.perform(get("/api/public/v1/whistleblowing/" + code).with(r -> {
            r.setRemoteAddr(address);
            return r;
        })).andReturn().getResponse().getStatus();
    }

    private MvcResult anonymous(MockHttpServletRequestBuilder request, Map<String, Object> body) throws Exception {
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(Api.json(body));
        }
        return mvc.perform(request).andReturn();
    }

    private String ids(TestAccounts.Account by) throws Exception {
        MvcResult list = call(get("/api/v1/whistleblowing/reports"), by, null);
        assertThat(list.getResponse().getStatus()).isEqualTo(200);
        return list.getResponse().getContentAsString();
    }

    private List<HomeTask> tasks(TestAccounts.Account person) {
        return homeTasks.stream().flatMap(p -> p.tasksFor(person.id()).stream()).toList();
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

    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> lower = new HashMap<>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(), v));
        return lower;
    }
}
