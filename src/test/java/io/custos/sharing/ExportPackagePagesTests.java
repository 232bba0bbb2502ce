package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.util.UUID;

import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The export package pages in both languages (issue 15.5, R-X-2): request with the form kept after a
 * refusal, the head's decision, the download and the password on a step of its own, never in an
 * address, and the watermark look-up for the security administrator.
 */
@IntegrationTest
class ExportPackagePagesTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired MutableClock clock;

    @Test
    void requestDecideDownloadAndGetThePasswordThroughThePages() throws Exception {
        ExportPackageFixture f = new ExportPackageFixture(mvc, jdbc, accounts, documents, clock, 3);
        MockHttpSession requester = Pages.signIn(mvc, f.requester, clock.instant());

        // No reason: the form comes back in words, filled in as sent.
        MvcResult refused = mvc.perform(post("/sharing/exports").session(requester).with(csrf())
                .header("Accept-Language", "zh-CN").param("name", f.tag).param("fields", "companyName", "phone")
                .param("purpose", "AFTER_SALES").param("justification", " ")).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(422);
        String form = refused.getResponse().getContentAsString();
        assertThat(form).contains("请说明您为何需要该文件").doesNotContain("export-justification-required");
        assertThat(Jsoup.parse(form).selectFirst("#name").attr("value")).isEqualTo(f.tag);

        MvcResult created = mvc.perform(post("/sharing/exports").session(requester).with(csrf())
                .param("name", f.tag).param("fields", "companyName", "phone").param("purpose", "AFTER_SALES")
                .param("justification", "Service visits")).andReturn();
        assertThat(created.getResponse().getStatus()).isEqualTo(302);
        String page = created.getResponse().getRedirectedUrl();
        UUID id = UUID.fromString(page.substring(page.lastIndexOf('/') + 1));

        MockHttpSession head = Pages.signIn(mvc, f.head, clock.instant());
        String home = mvc.perform(get("/").session(head).header("Accept-Language", "en")).andReturn().getResponse()
                .getContentAsString();
        assertThat(home).contains("An export package of 3 customers requested by").contains(page);
        String decide = mvc.perform(get(page).session(head).header("Accept-Language", "en")).andReturn()
                .getResponse().getContentAsString();
        assertThat(decide).contains("id=\"approve\"").contains("Waiting for approval").contains("Service visits");
        assertThat(mvc.perform(post(page + "/decision").session(head).with(csrf()).param("decision", "APPROVE"))
                .andReturn().getResponse().getRedirectedUrl()).isEqualTo(page);

        String approved = mvc.perform(get(page).session(requester).header("Accept-Language", "zh-CN")).andReturn()
                .getResponse().getContentAsString();
        assertThat(approved).contains("已批准").contains("id=\"download\"").contains(page + "/password");
        MvcResult file = mvc.perform(post(page + "/file").session(requester).with(csrf())).andReturn();
        assertThat(file.getResponse().getStatus()).isEqualTo(200);
        assertThat(file.getResponse().getHeader("Cache-Control")).contains("no-store");

        assertThat(mvc.perform(get(page + "/password").session(requester)).andReturn().getResponse()
                .getContentAsString()).contains("id=\"show-password\"").doesNotContain("id=\"password\"");
        MvcResult shown = mvc.perform(post(page + "/password").session(requester).with(csrf())
                .header("Accept-Language", "en")).andReturn();
        assertThat(shown.getResponse().getStatus()).isEqualTo(200);
        assertThat(shown.getResponse().getHeader("Cache-Control")).contains("no-store");
        assertThat(shown.getResponse().getRedirectedUrl()).isNull();
        String password = Jsoup.parse(shown.getResponse().getContentAsString()).selectFirst("#password").attr("value");
        assertThat(password).hasSize(20);
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(file.getResponse()
                .getContentAsByteArray()), password)) {
            assertThat(workbook.getSheetAt(0).getLastRowNum()).isEqualTo(4);
        }
        MvcResult replay = mvc.perform(post(page + "/password").session(requester).with(csrf())
                .header("Accept-Language", "en")).andReturn();
        assertThat(replay.getResponse().getStatus()).isEqualTo(409);
        assertThat(replay.getResponse().getContentAsString()).contains("already shown once").doesNotContain(password);

        // The head who approved it gets neither the file nor the password page.
        assertThat(mvc.perform(post(page + "/file").session(head).with(csrf())).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get(page + "/password").session(head)).andReturn().getResponse().getStatus())
                .isEqualTo(404);

        String code = jdbc.sql("select code from export_download where package_id = ?").param(id).query(String.class)
                .single();
        // The security administrator's one-time code was used for the fixture's token: the next one.
        clock.advance(java.time.Duration.ofSeconds(31));
        MockHttpSession security = Pages.signIn(mvc, f.security, clock.instant());
        String trace = mvc.perform(post("/sharing/watermarks").session(security).with(csrf()).param("code", code)
                .header("Accept-Language", "en")).andReturn().getResponse().getContentAsString();
        assertThat(trace).contains(f.requester.username()).contains(f.tag);
        assertThat(mvc.perform(get("/sharing/watermarks").session(requester)).andReturn().getResponse().getStatus())
                .isEqualTo(403);
    }
}
