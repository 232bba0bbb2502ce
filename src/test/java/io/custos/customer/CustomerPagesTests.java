package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/** The registry's pages: create, see masked, edit without ever holding an L3-L4 value, in both languages. */
@IntegrationTest
class CustomerPagesTests {

    @Autowired MockMvc mvc;
    @Autowired io.custos.training.PolicyDocuments documents;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    @Test
    void anEmployeeCreatesViewsEditsAndFindsACustomerThroughThePages() throws Exception {
        TestAccounts.Account employee = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        io.custos.support.Gate.pass(documents, accounts, clock.instant(), employee, Set.of(Role.EMPLOYEE));
        MockHttpSession session = signIn(employee);
        mvc.perform(get("/customers/new").session(session)).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("name=\"f.phone\"")));
        String location = mvc.perform(post("/customers").session(session).with(csrf())
                        .param("f.companyName", "页面测试贸易公司").param("f.contactName", "周页")
                        .param("f.phone", "138 0013 8000").param("f.email", "page.test@example.cn")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.channel", "PAPER_FORM"))
                .andExpect(redirectedUrlPattern("/customers/*"))
                .andReturn().getResponse().getRedirectedUrl();
        String view = mvc.perform(get(location).session(session).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(view).contains("页面测试贸易公司", "周页", "*******8000", "***@example.cn", "已掩码")
                .doesNotContain("0013 8000", "page.test@");

        String edit = mvc.perform(get(location + "/edit").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(edit).contains("value=\"页面测试贸易公司\"", "placeholder=\"*******8000\"", "name=\"clear.email\"")
                .doesNotContain("13800138000", "page.test@");
        mvc.perform(post(location).session(session).with(csrf()).param("version", "0")
                        .param("f.companyName", "页面测试贸易公司").param("f.contactName", "周页")
                        .param("f.phone", "").param("clear.email", "1").param("f.city", "厦门"))
                .andExpect(redirectedUrl(location));
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        assertThat(jdbc.sql("select field_key from customer_value where customer_id = ? order by field_key").param(id)
                .query(String.class).list()).containsExactly("city", "companyName", "contactName", "phone");

        mvc.perform(post("/customers/search").with(csrf()).param("phone", "+86 13800138000").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("页面测试贸易公司")))
                .andExpect(content().string(Matchers.containsString("*******8000")));
    }

    /**
     * A phone, e-mail or ID number searched for is in no URL (browser history, proxy logs, Referer):
     * the form POSTs it, the answer's links (pages, export, the language switch) do not carry it, and
     * an address that does finds nothing (issue 14.6).
     */
    @Test
    void aSearchByAConfidentialValueKeepsTheValueOutOfEveryAddress() throws Exception {
        TestAccounts.Account employee = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        io.custos.support.Gate.pass(documents, accounts, clock.instant(), employee, Set.of(Role.EMPLOYEE));
        MockHttpSession session = signIn(employee);
        for (int i = 0; i < 27; i++) {
            mvc.perform(post("/customers").session(session).with(csrf())
                            .param("f.companyName", "地址测试公司 " + i).param("f.phone", "137 0013 7000")
                            .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                            .param("consent.channel", "PAPER_FORM"))
                    .andExpect(redirectedUrlPattern("/customers/*"));
        }
        String list = mvc.perform(get("/customers").session(session)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        org.jsoup.nodes.Element form = org.jsoup.Jsoup.parse(list).selectFirst("#customer-search");
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.select("input[name=_csrf]")).isNotEmpty();

        String found = mvc.perform(post("/customers/search").session(session).with(csrf())
                        .param("phone", "+86 137 0013 7000").header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(found);
        assertThat(page.select("#result-count").text()).isEqualTo("27 customers");
        assertThat(page.select("#customers tbody tr")).hasSize(25);
        for (org.jsoup.nodes.Element link : page.select("[href], [action]")) {
            // Any form of the number, but not four digits alone: a random record id may hold those.
            assertThat(link.attr("href") + link.attr("action")).as(link.outerHtml())
                    .doesNotContain("13700137000", "137%200013", "0013 7000", "00137000", "phone=", "%2B86");
        }
        // The second page is a POSTed button carrying the value in the body again.
        org.jsoup.nodes.Element next = page.selectFirst("#next");
        assertThat(next.tagName()).isEqualTo("button");
        assertThat(next.parents().select("form").first().attr("method")).isEqualTo("post");
        String second = mvc.perform(post("/customers/search").session(session).with(csrf())
                        .param("phone", "+86 137 0013 7000").param("page", next.attr("value"))
                        .header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(org.jsoup.Jsoup.parse(second).select("#customers tbody tr")).hasSize(2);

        // A link or bookmark that carries the value finds nothing by it, and the language switch drops it.
        String linked = mvc.perform(get(java.net.URI.create("/customers?phone=13700137000&name=abc"))
                        .session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        org.jsoup.nodes.Document linkedPage = org.jsoup.Jsoup.parse(linked);
        assertThat(linkedPage.select("#lang-en").attr("href")).doesNotContain("phone", "13700137000")
                .contains("name=");
        assertThat(linkedPage.select("#phone").attr("value")).isEmpty();
    }

    @Test
    void theCustomerPageShowsTheConsentAndWithdrawsOnTheCustomersRequest() throws Exception {
        MockHttpSession session = signIn(accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)));
        String location = mvc.perform(post("/customers").session(session).with(csrf())
                        .param("f.companyName", "同意页面公司").param("f.phone", "13600001234")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.purpose.MARKETING", "1").param("consent.channel", "IN_PERSON"))
                .andExpect(redirectedUrlPattern("/customers/*")).andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(location).session(session).header("Accept-Language", "zh-CN"))
                .andExpect(content().string(Matchers.containsString("id=\"consent-history\"")))
                .andExpect(content().string(Matchers.containsString("市场营销")))
                .andExpect(content().string(Matchers.containsString("当面")));
        String consentId = jdbc.sql("select id from consent_record where customer_id = ?")
                .param(UUID.fromString(location.substring(location.lastIndexOf('/') + 1))).query(String.class).single();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart(location + "/consent/" + consentId + "/evidence")
                        .file(new org.springframework.mock.web.MockMultipartFile("file", "form.png", "image/png",
                                new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}))
                        .session(session).with(csrf()))
                .andExpect(redirectedUrl(location));
        mvc.perform(get(location).session(session).header("Accept-Language", "en"))
                .andExpect(content().string(Matchers.containsString("Evidence ")));
        mvc.perform(post(location + "/consent/withdrawal").session(session).with(csrf())
                        .param("consent.purpose.MARKETING", "1").param("consent.channel", "PHONE"))
                .andExpect(redirectedUrl(location));
        String after = mvc.perform(get(location).session(session).header("Accept-Language", "en"))
                .andReturn().getResponse().getContentAsString();
        assertThat(after).contains("Withdrawn", "Phone");
        assertThat(after.substring(after.indexOf("id=\"current-purposes\""), after.indexOf("</dd>",
                after.indexOf("id=\"current-purposes\"")))).contains("Sales follow-up").doesNotContain("Marketing");
        mvc.perform(get("/customers/reconsent").session(session)).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("consented under an older version")));
    }

    @Test
    void aRefusedValueIsExplainedNextToTheFormAndNotEchoedInTheMessage() throws Exception {
        MockHttpSession session = signIn(accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)));
        String page = mvc.perform(post("/customers").session(session).with(csrf()).header("Accept-Language", "en")
                        .param("f.companyName", "Refused Ltd").param("f.email", "no at sign here")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.channel", "EMAIL"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("The value of E-mail is not valid.", "is-invalid", "id=\"error-email\"")
                .doesNotContain("value of email")
                .contains("name=\"consent.purpose.SALES_FOLLOW_UP\" value=\"1\" checked");
        String unnecessary = mvc.perform(post("/customers").session(session).with(csrf()).header("Accept-Language", "en")
                        .param("f.companyName", "Refused Ltd").param("f.idNumber", "110105194912310021")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.channel", "EMAIL"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(unnecessary).contains("No consented purpose needs the field ID number");
        String noConsent = mvc.perform(post("/customers").session(session).with(csrf()).header("Accept-Language", "en")
                        .param("f.companyName", "Refused Ltd"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(noConsent).contains("only be registered with the consent");
    }

    @Test
    void theCatalogPageLetsOnlyTheSecurityAdministratorChangeIt() throws Exception {
        MockHttpSession security = signIn(accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false));
        mvc.perform(get("/catalog").session(security).header("Accept-Language", "zh-CN")).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("分级目录")))
                .andExpect(content().string(Matchers.containsString("id=\"new-field\"")));
        mvc.perform(post("/catalog/tags/level").session(security).with(csrf()).param("sensitivity", "L1"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("reason")));
        MockHttpSession employee = signIn(accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)));
        mvc.perform(get("/catalog").session(employee)).andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"new-field\""))));
        mvc.perform(post("/catalog/tags/level").session(employee).with(csrf()).param("sensitivity", "L3"))
                .andExpect(status().isForbidden());
    }

    @Test
    void peopleWithoutCustomerAccessSeeNoCustomers() throws Exception {
        MockHttpSession auditor = signIn(accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(),
                false));
        mvc.perform(get("/customers").session(auditor)).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"result-count\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"new-customer\""))));
    }

    private MockHttpSession signIn(TestAccounts.Account account) throws Exception {
        return Pages.signIn(mvc, account, clock.instant());
    }
}
