package io.custos.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The calendar's page, API and home task (R-CUS-2, issue 19.4): staff read a year in Chinese and
 * English in words (weekday, holiday or make-up working day, the day's name), a year nobody entered
 * says so plainly, only the administration officer sees and uses the form, a refused entry comes
 * back with the reason and what was typed, the API answers problem details (never a 500) and the
 * officer is asked for next year's notice from November. Changes use 2031 and are undone.
 */
@IntegrationTest
class CalendarPagesTests {

    /** A message key or code shown instead of words. */
    private static final Pattern CODE = Pattern.compile("casework\\.|problem\\.|calendar-|\\btrue\\b|\\bfalse\\b|\\?\\?");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired WorkingCalendar calendar;
    @Autowired List<HomeTaskProvider> homeTasks;
    @Autowired JdbcClient jdbc;

    TestAccounts.Account officer;
    TestAccounts.Account employee;
    TestAccounts.Account head;

    @BeforeEach
    void people() {
        officer = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.ADMIN_OFFICER);
        employee = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.EMPLOYEE);
        head = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.EMPLOYEE, Role.DEPT_HEAD);
    }

    @AfterEach
    void undo() {
        CustosUser by = Gate.user(officer, Set.of(Role.ADMIN_OFFICER));
        calendar.year(2031).forEach(d -> calendar.remove(d.day(), by));
    }

    @Test
    @DisplayName("R-CUS-2: staff read 2026 in both languages in words: weekday, holiday or make-up working day, the name")
    void bothLanguagesInWords() throws Exception {
        MockHttpSession session = signIn(employee);
        Document english = page("/casework/calendar?year=2026", session, "en");
        assertThat(english.getElementById("day-2026-10-01").text()).contains("2026-10-01", "Thursday",
                "Public holiday", "National Day");
        assertThat(english.getElementById("day-2026-02-14").text()).contains("Saturday", "Make-up working day",
                "Spring Festival make-up working day");
        assertThat(english.select("#calendar-days tbody tr")).hasSize(39);
        assertThat(english.getElementById("not-entered")).isNull();
        assertThat(english.getElementById("previous-year").attr("href")).endsWith("year=2025");
        assertThat(english.getElementById("next-year").attr("href")).endsWith("year=2027");
        assertThat(english.getElementById("calendar-form")).as("read only").isNull();
        assertThat(english.select("button[id^=remove-]")).isEmpty();
        words(english);

        Document chinese = page("/casework/calendar?year=2026", session, "zh-CN");
        assertThat(chinese.getElementById("day-2026-10-01").text()).contains("星期四", "法定节假日", "国庆节");
        assertThat(chinese.getElementById("day-2026-02-14").text()).contains("星期六", "调休上班日", "春节调休上班");
        assertThat(chinese.title()).contains("2026 年工作日日历");
        words(chinese);
    }

    @Test
    @DisplayName("R-CUS-2: a year without entries says that its deadlines count only weekends as days off")
    void yearWithoutEntries() throws Exception {
        MockHttpSession session = signIn(head);
        assertThat(page("/casework/calendar?year=2031", session, "en").getElementById("not-entered").text())
                .isEqualTo("2031's public holidays have not been entered; deadlines in 2031 count only weekends as "
                        + "days off.");
        assertThat(page("/casework/calendar?year=2031", session, "zh-CN").getElementById("not-entered").text())
                .isEqualTo("2031 年的法定节假日尚未录入；2031 年的期限只把周末算作休息日。");
        MockHttpServletResponse bad = mvc.perform(get("/casework/calendar?year=20x1").session(session)
                .header("Accept-Language", "en")).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(422);
        assertThat(Jsoup.parse(bad.getContentAsString()).text()).contains("The calendar keeps the years 2000 to 2100.");
    }

    @Test
    @DisplayName("R-CUS-2: the officer adds, replaces and removes a day from the page; a refusal keeps what was typed")
    void officerUsesTheForm() throws Exception {
        MockHttpSession session = signIn(officer);
        Document empty = page("/casework/calendar?year=2031", session, "en");
        assertThat(empty.getElementById("calendar-form")).isNotNull();

        // A make-up working day on a Wednesday: refused, in words, with the form as typed.
        MockHttpServletResponse refused = mvc.perform(post("/casework/calendar").session(session).with(csrf())
                .header("Accept-Language", "en").param("year", "2031").param("day", "2031-06-04")
                .param("working", "true").param("nameZh", "端午调休").param("nameEn", "Dragon Boat make-up"))
                .andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(422);
        Document again = Jsoup.parse(refused.getContentAsString());
        assertThat(again.getElementById("problem").text()).contains("only a Saturday or a Sunday can be a make-up "
                + "working day");
        assertThat(again.getElementById("day").val()).isEqualTo("2031-06-04");
        assertThat(again.getElementById("nameZh").val()).isEqualTo("端午调休");
        assertThat(again.getElementById("nameEn").val()).isEqualTo("Dragon Boat make-up");
        assertThat(again.select("#working option[selected]").val()).isEqualTo("true");
        assertThat(again.getElementById("working").hasClass("is-invalid")).isTrue();
        words(again);

        MockHttpServletResponse chinese = mvc.perform(post("/casework/calendar").session(session).with(csrf())
                .header("Accept-Language", "zh-CN").param("year", "2031").param("day", "2031-06-04")
                .param("working", "false").param("nameZh", "").param("nameEn", "Dragon Boat"))
                .andReturn().getResponse();
        assertThat(chinese.getStatus()).isEqualTo(422);
        Document zh = Jsoup.parse(chinese.getContentAsString());
        assertThat(zh.getElementById("problem").text()).contains("请按通知的写法输入该日的中文和英文名称");
        assertThat(zh.getElementById("nameEn").val()).isEqualTo("Dragon Boat");
        assertThat(zh.getElementById("nameZh").hasClass("is-invalid")).isTrue();
        words(zh);

        MockHttpServletResponse badDate = mvc.perform(post("/casework/calendar").session(session).with(csrf())
                .header("Accept-Language", "en").param("year", "2031").param("day", "2031-02-30")
                .param("working", "false").param("nameZh", "节日").param("nameEn", "Holiday")).andReturn().getResponse();
        assertThat(badDate.getStatus()).isEqualTo(422);
        Document badDatePage = Jsoup.parse(badDate.getContentAsString());
        assertThat(badDatePage.getElementById("problem").text()).contains("Enter a date such as 2026-10-01");
        assertThat(badDatePage.getElementById("day").val()).isEqualTo("2031-02-30");

        // Saved: back on the day's year with the entry; then replaced through "Change".
        mvc.perform(post("/casework/calendar").session(session).with(csrf()).param("year", "2026")
                .param("day", "2031-06-04").param("working", "false").param("nameZh", "端午节")
                .param("nameEn", "Dragon Boat Festival"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers
                        .redirectedUrl("/casework/calendar?year=2031"));
        Document saved = page("/casework/calendar?year=2031", session, "en");
        assertThat(saved.getElementById("day-2031-06-04").text()).contains("Wednesday", "Public holiday",
                "Dragon Boat Festival");
        Document edit = page(saved.getElementById("edit-2031-06-04").attr("href"), session, "en");
        assertThat(edit.getElementById("nameZh").val()).isEqualTo("端午节");
        assertThat(edit.getElementById("day").val()).isEqualTo("2031-06-04");

        mvc.perform(post("/casework/calendar/2031-06-04/remove").session(session).with(csrf()));
        assertThat(page("/casework/calendar?year=2031", session, "en").getElementById("day-2031-06-04")).isNull();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2031-06-04"))).isTrue();
    }

    @Test
    @DisplayName("R-CUS-2: a department head posting to the form is refused and nothing changes")
    void othersCannotPost() throws Exception {
        MockHttpSession session = signIn(head);
        MockHttpServletResponse response = mvc.perform(post("/casework/calendar").session(session).with(csrf())
                .header("Accept-Language", "en").param("day", "2031-06-04").param("working", "false")
                .param("nameZh", "节日").param("nameEn", "Holiday")).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(Jsoup.parse(response.getContentAsString()).getElementById("problem").text())
                .isEqualTo("You are not allowed to do this.");
        assertThat(mvc.perform(post("/casework/calendar/2026-10-01/remove").session(session).with(csrf()))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(calendar.covers(2031)).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-10-01"))).isFalse();
    }

    @Test
    @DisplayName("R-CUS-2: the API lists a year, and only the officer puts and deletes days; bad input is a problem, never a 500")
    void api() throws Exception {
        String staff = Api.token(mvc, employee, clock.instant());
        String admin = Api.token(mvc, officer, clock.instant());

        MvcResult year = mvc.perform(get("/api/v1/casework/calendar/2026").header("Authorization", staff)).andReturn();
        assertThat(year.getResponse().getStatus()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> days = Api.JSON.readValue(year.getResponse().getContentAsString(), List.class);
        assertThat(days).hasSize(39);
        assertThat(days.get(0)).containsEntry("day", "2026-01-01").containsEntry("working", false)
                .containsEntry("nameZh", "元旦").containsEntry("nameEn", "New Year's Day");

        problem(put("/api/v1/casework/calendar/2031-06-07").header("Authorization", staff), Map.of("working", true,
                "nameZh", "调休", "nameEn", "Make-up"), 403, "forbidden");
        problem(put("/api/v1/casework/calendar/2031-13-45").header("Authorization", admin), Map.of("working", false,
                "nameZh", "节日", "nameEn", "Holiday"), 422, "calendar-date-invalid");
        problem(put("/api/v1/casework/calendar/not-a-date").header("Authorization", admin), Map.of("working", false,
                "nameZh", "节日", "nameEn", "Holiday"), 422, "calendar-date-invalid");
        problem(put("/api/v1/casework/calendar/2031-06-04").header("Authorization", admin), Map.of("working", true,
                "nameZh", "调休", "nameEn", "Make-up"), 422, "calendar-working-not-weekend");
        problem(put("/api/v1/casework/calendar/2031-06-04").header("Authorization", admin), Map.of("nameZh", "节日",
                "nameEn", "Holiday"), 422, "validation-failed");
        problem(put("/api/v1/casework/calendar/2031-06-04").header("Authorization", admin), Map.of("working", false,
                "nameZh", "节日", "nameEn", "H".repeat(61)), 422, "calendar-name-too-long");
        problem(get("/api/v1/casework/calendar/31").header("Authorization", staff), null, 422, "calendar-year-invalid");

        MvcResult put = mvc.perform(put("/api/v1/casework/calendar/2031-06-07").header("Authorization", admin)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("working", true, "nameZh", "调休",
                        "nameEn", "Make-up working day")))).andReturn();
        assertThat(put.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(put)).containsEntry("day", "2031-06-07").containsEntry("working", true);
        assertThat(calendar.isWorkingDay(LocalDate.parse("2031-06-07"))).isTrue();

        problem(delete("/api/v1/casework/calendar/2031-06-07").header("Authorization", staff), null, 403, "forbidden");
        assertThat(mvc.perform(delete("/api/v1/casework/calendar/2031-06-07").header("Authorization", admin))
                .andReturn().getResponse().getStatus()).isEqualTo(204);
        problem(delete("/api/v1/casework/calendar/2031-06-07").header("Authorization", admin), null, 404, "not-found");
    }

    @Test
    @DisplayName("R-CUS-2: from 1 November the officer, and only the officer, is asked for next year's notice")
    void homeTask() throws Exception {
        Instant saved = clock.instant();
        try {
            clock.set(Instant.parse("2026-10-30T02:00:00Z"));
            assertThat(tasks(officer)).as("2026 entered, not yet November").isEmpty();

            clock.set(Instant.parse("2026-11-02T02:00:00Z"));
            assertThat(tasks(officer)).singleElement().satisfies(task -> {
                assertThat(task.args()).containsExactly("2027");
                assertThat(task.link()).isEqualTo("/casework/calendar?year=2027");
            });
            assertThat(tasks(head)).isEmpty();
            assertThat(tasks(employee)).isEmpty();
            TestAccounts.Account sysadmin = accounts.create(clock.instant(), EnumSet.of(Role.SYSTEM_ADMIN));
            assertThat(tasks(sysadmin)).isEmpty();

            // On the home page, in both languages.
            TestAccounts.Account newcomer = RetentionFixture.person(accounts, documents, clock.instant(), null,
                    Role.ADMIN_OFFICER);
            MockHttpSession session = signIn(newcomer);
            assertThat(page("/", session, "en").text()).contains(
                    "Enter 2027's public holidays and make-up working days, so that case deadlines skip them.");
            Document chinese = page("/", session, "zh-CN");
            assertThat(chinese.text()).contains("请录入 2027 年的法定节假日和调休上班日");
            assertThat(chinese.select("a[href=/casework/calendar?year=2027]")).isNotEmpty();

            // A year under way without entries asks at once.
            clock.set(Instant.parse("2031-03-03T02:00:00Z"));
            assertThat(tasks(officer)).singleElement().satisfies(task -> {
                assertThat(task.args()).containsExactly("2031");
                assertThat(task.severity()).isEqualTo(HomeTask.Severity.ACTION_REQUIRED);
            });
        } finally {
            clock.set(saved);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private List<HomeTask> tasks(TestAccounts.Account account) {
        return homeTasks.stream().flatMap(p -> p.tasksFor(account.id()).stream())
                .filter(t -> t.messageKey().equals("home.task.casework.calendar")).toList();
    }

    private void problem(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            Map<String, Object> body, int status, String code) throws Exception {
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).content(Api.json(body));
        }
        MvcResult result = mvc.perform(request).andReturn();
        assertThat(result.getResponse().getStatus()).as(code).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(Api.body(result)).containsEntry("code", code);
    }

    private MockHttpSession signIn(TestAccounts.Account account) throws Exception {
        clock.advance(Duration.ofSeconds(31));
        return Pages.signIn(mvc, account, clock.instant());
    }

    private Document page(String url, MockHttpSession session, String language) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).session(session).header("Accept-Language", language))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as("%s: %s", url, response.getContentAsString()).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }

    /** What a reader sees holds words only: text, option labels and button words. */
    private static void words(Document page) {
        Element main = page.selectFirst("main");
        String text = main.text() + " " + String.join(" ", main.select("option").eachText());
        assertThat(CODE.matcher(text).find()).as("a code shows: %s", text).isFalse();
    }
}
