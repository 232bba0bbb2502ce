package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * The partner pages (issue 15.1-15.4): a partner's user reaches their own home and nothing of the
 * staff's; the officer's forms keep what was typed and say what is wrong in words; CSRF as usual.
 */
@IntegrationTest
class PartnerPagesTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired PasswordEncoder passwords;

    private TestAccounts.Account officer;
    private String officerToken;
    private UUID partnerId;

    @BeforeEach
    void partner() throws Exception {
        officer = accounts.create(clock.instant(), EnumSet.of(Role.ADMIN_OFFICER));
        officerToken = Api.token(mvc, officer, clock.instant());
        partnerId = PartnerFixture.createPartner(mvc, officerToken, "Page Freight " + UUID.randomUUID(), officer.id());
    }

    @Test
    void aPartnerUserWalkingTheStaffPagesIsRefusedEverywhere() throws Exception {
        TestAccounts.Account agent = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, partnerId,
                clock.instant());
        MockHttpSession session = Pages.signIn(mvc, agent, clock.instant());
        UUID customer = UUID.randomUUID();
        List<String> staffPages = List.of("/customers", "/customers/new", "/customers/" + customer,
                "/customers/import", "/customers/reconsent", "/privacy-notices", "/catalog", "/training",
                "/training/documents", "/training/reports", "/training/admin/courses", "/access/policy",
                "/access/reviews", "/access/explain", "/audit/events", "/audit/verify", "/admin/employees",
                "/admin/departments", "/role-grants", "/sharing/partners", "/sharing/partners/" + partnerId,
                "/sharing/partners/new", "/sharing/departments");
        for (String page : staffPages) {
            int status = mvc.perform(get(page).session(session)).andReturn().getResponse().getStatus();
            assertThat(status).as(page).isIn(403, 404);
        }
        mvc.perform(post("/customers").session(session).with(csrf()).param("f.companyName", "Partner made"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/sharing/partners").session(session).with(csrf()).param("nameEn", "Self"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/partner"));
        Document home = Jsoup.parse(mvc.perform(get("/partner").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(home.select("#nav-customers, #nav-training, #nav-partners, #nav-access, #nav-audit")).isEmpty();
        assertThat(home.select("#no-nda")).hasSize(1);
    }

    @Test
    void aPartnerUserAcceptsTheNdaOnTheirHomePageWithCsrf() throws Exception {
        TestAccounts.Account agent = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, partnerId,
                clock.instant());
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        UUID nda = PartnerFixture.fileNda(mvc, officerToken, partnerId, "7", today, today.plusYears(1));
        MockHttpSession session = Pages.signIn(mvc, agent, clock.instant());
        Document home = Jsoup.parse(mvc.perform(get("/partner").session(session)).andReturn().getResponse()
                .getContentAsString());
        assertThat(home.select("#accept-nda")).hasSize(1);
        assertThat(home.select("#nda").text()).contains("7").contains(today.plusYears(1).toString());
        mvc.perform(post("/partner/nda/accept").session(session).param("ndaId", nda.toString()))
                .andExpect(status().isForbidden());
        assertThat(accepted(nda, agent)).isZero();
        mvc.perform(post("/partner/nda/accept").session(session).with(csrf()).param("ndaId", nda.toString()))
                .andExpect(redirectedUrl("/partner"));
        assertThat(accepted(nda, agent)).isEqualTo(1);
        home = Jsoup.parse(mvc.perform(get("/partner").session(session)).andReturn().getResponse()
                .getContentAsString());
        assertThat(home.select("#nda-accepted")).hasSize(1);
        assertThat(home.select("#accept-nda")).isEmpty();
    }

    @Test
    void staffHaveNoPartnerHome() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, officer, clock.instant());
        mvc.perform(get("/partner").session(session)).andExpect(status().isNotFound());
    }

    @Test
    void theOfficersPartnerFormKeepsWhatWasTypedAndNeedsCsrf() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, officer, clock.instant());
        mvc.perform(post("/sharing/partners").session(session).param("nameZh", "无令牌").param("nameEn", "No token")
                .param("type", "BANK").param("country", "CN").param("reassessOn", "2027-01-01")
                .param("active", "true")).andExpect(status().isForbidden());
        Document page = Jsoup.parse(mvc.perform(post("/sharing/partners").session(session).with(csrf())
                .header("Accept-Language", "en").param("nameZh", "").param("nameEn", "Kept Bank")
                .param("type", "BANK").param("country", "SG").param("contactName", "Ann").param("contactPhone", "12")
                .param("reassessOn", "2027-01-01").param("active", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#problem").text()).contains("Chinese and in English");
        assertThat(page.select("#nameEn").val()).isEqualTo("Kept Bank");
        assertThat(page.select("#country option[selected]").val()).isEqualTo("SG");
        assertThat(page.select("input[name=contactName]").first().val()).isEqualTo("Ann");
        String location = mvc.perform(post("/sharing/partners").session(session).with(csrf())
                .param("nameZh", "页面银行").param("nameEn", "Page Bank").param("type", "BANK").param("country", "SG")
                .param("reassessOn", "2027-01-01").param("active", "true").param("managerId", officer.id().toString()))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/sharing/partners/");
        Document detail = Jsoup.parse(mvc.perform(get(location).session(session).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(detail.text()).contains("Page Bank").contains("Singapore").contains("Bank");
    }

    @Test
    void anNdaPageUploadThatIsNotAPdfSaysSoInWordsAndKeepsTheForm() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, officer, clock.instant());
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        MockMultipartFile html = new MockMultipartFile("file", "nda.pdf", "application/pdf",
                "<!DOCTYPE html><html><body>not a scan</body></html>".getBytes());
        Document page = Jsoup.parse(mvc.perform(multipart("/sharing/partners/" + partnerId + "/ndas").file(html)
                .session(session).with(csrf()).header("Accept-Language", "zh-CN").param("version", "kept-9")
                .param("signatory", "签署人").param("signedOn", today.toString())
                .param("expiresOn", today.plusYears(1).toString()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#nda-form #problem").text()).contains("不是 PDF、PNG 或 JPEG 文件");
        assertThat(page.select("#nda-form #version").val()).isEqualTo("kept-9");
        assertThat(jdbc.sql("select count(*) from nda where recipient_id = ?").param(partnerId).query(Long.class)
                .single()).isZero();
        mvc.perform(multipart("/sharing/partners/" + partnerId + "/ndas").file(PartnerFixture.pdfFile())
                .session(session).param("version", "1").param("signatory", "S").param("signedOn", today.toString())
                .param("expiresOn", today.plusYears(1).toString())).andExpect(status().isForbidden());
    }

    private long accepted(UUID nda, TestAccounts.Account agent) {
        return jdbc.sql("select count(*) from nda_acceptance where nda_id = ? and employee_id = ?")
                .params(nda, agent.id()).query(Long.class).single();
    }
}
