package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * The record of processing activities and the legal thresholds as pages (issue 22.5, 22.6), in
 * both languages and in words: a purpose's recipient abroad marked as a cross-border transfer, the
 * download buttons in the page's language, each counter with its thresholds and duties, a crossed
 * threshold (one individual's sensitive information abroad) with its duty under "applies now".
 */
@IntegrationTest
class ComplianceProcessingPagesTests {

    private static final List<String> CODES = List.of("DELIVERY", "CONTRACT", "PARTNER", "DEPARTMENT",
            "FREIGHT_FORWARDER", "ENCRYPTION_AT_REST", "CROSS_BORDER", "INDIVIDUALS_HELD", "STANDARD_CONTRACT",
            "CUSTOMERS", "??");
    private static final Pattern KEY = Pattern.compile("\\b(compliance|level|retention|sharing|audit|nav)\\.[A-Za-z]");
    /** The shapes of codes PageWordsTests looks for, once the lead links these pages from the menu. */
    private static final Pattern UPPER_SNAKE = Pattern.compile("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\\b");
    private static final Pattern CAMEL_CASE = Pattern.compile("\\b[a-z]+[A-Z][A-Za-z0-9]*\\b");
    private static final Pattern DOTTED = Pattern.compile("\\b[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)+\\b");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    MockHttpSession session;
    UUID abroad;
    String tag;

    @BeforeEach
    void seed() throws Exception {
        Instant now = clock.instant();
        tag = UUID.randomUUID().toString().substring(0, 6);
        TestAccounts.Account auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        TestAccounts.Account officer = accounts.create(now, Set.of(Role.ADMIN_OFFICER));
        UUID department = accounts.customerDepartment("PAGES-" + tag);
        ProcessingFixture fixture = new ProcessingFixture(jdbc, officer.id());
        abroad = fixture.partner("Lyon " + tag, "FR", now);
        fixture.grant(department, "PARTNER", abroad, "CONTRACT", "companyName,idNumber", now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(10)), null, List.of(fixture.customer(department, now)));
        session = Pages.signIn(mvc, auditor, now);
    }

    @Test
    void theRecordOfProcessingActivitiesReadsInEitherLanguage() throws Exception {
        for (String language : List.of("en", "zh-CN")) {
            Document page = page("/compliance/processing", language);
            words(page);
            boolean english = language.equals("en");
            assertThat(page.select("h1").text()).isEqualTo(english ? "Record of processing activities" : "个人信息处理活动记录");
            assertThat(page.select("#processing-header").text()).contains(english ? "Controller" : "个人信息处理者",
                    english ? "China" : "中国");
            Element contract = page.selectFirst("#activity-CONTRACT");
            assertThat(contract).isNotNull();
            assertThat(contract.select("th").text()).isEqualTo(english ? "Contract" : "签订合同");
            Element partner = contract.select("li.cross-border").stream()
                    .filter(li -> li.text().contains("Lyon " + tag)).findFirst().orElseThrow();
            assertThat(partner.select(".badge").text()).isEqualTo(english ? "Cross-border transfer" : "跨境提供");
            assertThat(partner.text()).contains(english ? "France" : "法国", english ? "Freight forwarder" : "货运代理");
            assertThat(contract.text()).contains(english ? "Secret (L4)" : "绝密（L4）");
            assertThat(page.select("#export-pdf").attr("href")).contains("format=pdf", "lang=" + language);
            assertThat(page.select("#export-xlsx").attr("href")).contains("format=xlsx", "lang=" + language);
        }
    }

    @Test
    void theLegalThresholdsShowEachCounterWithTheDutyItTriggers() throws Exception {
        for (String language : List.of("en", "zh-CN")) {
            Document page = page("/compliance/legal", language);
            words(page);
            boolean english = language.equals("en");
            assertThat(page.select("h1").text()).isEqualTo(english ? "Legal thresholds" : "法定门槛");
            Element individuals = page.selectFirst("#counter-INDIVIDUALS_HELD");
            assertThat(individuals.text()).contains(english ? "natural person" : "自然人", "1,000,000",
                    english ? "personal-information protection officer" : "个人信息保护负责人");
            Element sensitive = page.selectFirst("#counter-CROSS_BORDER_SENSITIVE");
            assertThat(Long.parseLong(sensitive.attr("data-value"))).as("one individual's ID number in France")
                    .isPositive();
            assertThat(sensitive.select("tr.step-crossed").text()).contains(english ? "standard contract" : "标准合同");
            assertThat(sensitive.select(".crossed-duties").text()).contains(english ? "standard contract" : "标准合同",
                    english ? "art. 8" : "第八条");
            Element crossBorder = page.selectFirst("#counter-CROSS_BORDER");
            assertThat(crossBorder.text()).contains("100,000", english ? "security assessment" : "安全评估",
                    english ? "outside China" : "中国以外");
        }
    }

    private Document page(String url, String language) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).session(session).header("Accept-Language", language))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(url).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }

    private static void words(Document page) {
        String text = page.select("main").text();
        for (String code : CODES) {
            assertThat(text).as("no code on the page").doesNotContain(code);
        }
        assertThat(KEY.matcher(text).find()).as("no message key on the page: %s", text).isFalse();
        for (Pattern code : List.of(UPPER_SNAKE, CAMEL_CASE, DOTTED)) {
            assertThat(code.matcher(text).results().map(MatchResult::group).toList()).as("codes on the page")
                    .isEmpty();
        }
        assertThat(text).doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
