package io.custos.customer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/** The import pages: upload, mapping with masked samples, self-refreshing progress, report (R-COL-3, R-USE-1). */
@IntegrationTest
class CustomerImportPagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    TestAccounts.Account employee;
    MockHttpSession session;

    @BeforeEach
    void signInAnEmployee() throws Exception {
        employee = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        session = Pages.signIn(mvc, employee, clock.instant());
    }

    @Test
    void uploadsMapsWatchesTheProgressAndReadsTheReport() throws Exception {
        String company = "页面导入" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(page(get("/customers/import"))).contains("id=\"import-upload\"", "enctype=\"multipart/form-data\"",
                "value=\"SKIP_INVALID\"", "value=\"GB18030\"", "At most 100,000 rows and 50 MB.");
        byte[] file = ImportFiles.csv(UTF_8, "公司名称,手机,Notes", company + ",13988887701,first",
                company + "-2,bad phone,second");

        MvcResult uploaded = mvc.perform(multipart("/customers/import").file(CustomerImportTests.upload(file, "p.csv"))
                .param("mode", "SKIP_INVALID").param("encoding", "UTF-8").with(csrf()).session(session)).andReturn();
        String mappingUrl = uploaded.getResponse().getRedirectedUrl();
        assertThat(mappingUrl).matches("/customers/import/[0-9a-f-]{36}");

        String mapping = page(get(mappingUrl));
        // "手机" is no catalog label: nothing is suggested, and the samples of an unmapped column are shown.
        assertThat(mapping).contains("p.csv: 2 rows.", "<option value=\"companyName\" selected=\"selected\">Company "
                + "name (L1)</option>", "<option value=\"phone\">Phone (L3)</option>", "<option value=\"ownerUsername\">"
                + "Owner (login name)</option>", "name=\"col.1\"", "13988887701");
        assertThat(mapping).contains("id=\"consent\"", "name=\"consent.purpose.SALES_FOLLOW_UP\"");
        String start = mvc.perform(post(mappingUrl).param("col.0", "companyName").param("col.1", "phone")
                .param("col.2", "ignore").params(salesConsent()).with(csrf()).session(session)).andReturn()
                .getResponse().getRedirectedUrl();
        assertThat(start).matches("/customers/imports/[0-9a-f-]{36}");

        String progress = page(get(start));
        assertThat(progress).contains("id=\"import-progress\"", "<progress");
        String fragment = awaitFinished(start + "/progress");
        assertThat(fragment).doesNotContain("hx-get", "<html").contains("data-status=\"DONE\"",
                "1 customer created", "1 row with problems", "id=\"import-report\"", "<td>3</td>", "Phone",
                "not in a valid format").doesNotContain("bad phone");

        MvcResult report = mvc.perform(get(start + "/report").session(session)).andReturn();
        assertThat(report.getResponse().getContentType()).startsWith("text/csv");
        assertThat(report.getResponse().getContentAsString(UTF_8)).isEqualTo("\uFEFFrow,field,reason\r\n"
                + "3,phone,malformed\r\n");

        String list = page(get("/customers").param("name", company));
        assertThat(list).contains(company, "*******7701").doesNotContain("13988887701");
    }

    @Test
    void theMappingPageMasksSamplesOfConfidentialColumnsAndPollsWhileRunning() throws Exception {
        byte[] file = ImportFiles.csv(UTF_8, "Company name,Phone,身份证号", "Masked Ltd,13977776601,110105194912310021");
        String mappingUrl = mvc.perform(multipart("/customers/import").file(CustomerImportTests.upload(file, "m.csv"))
                .param("mode", "ALL_OR_NOTHING").with(csrf()).session(session)).andReturn().getResponse()
                .getRedirectedUrl();
        String mapping = page(get(mappingUrl).param("lang", "zh-CN"));
        assertThat(mapping).contains("*******6601", "**************0021", "对应列", "Masked Ltd")
                .doesNotContain("13977776601", "110105194912310021");

        // Someone else's staging id looks like none.
        MockHttpSession other = Pages.signIn(mvc, accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)),
                clock.instant());
        assertThat(mvc.perform(get(mappingUrl).session(other)).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(post(mappingUrl).param("col.0", "companyName").with(csrf()).session(other))
                .andReturn().getResponse().getStatus()).isEqualTo(404);

        // A mapping without the company name, or without a consent covering every column, is shown again.
        String again = page(post(mappingUrl).param("col.0", "ignore").param("col.1", "phone").with(csrf()));
        assertThat(again).contains("id=\"problem\"", "A column must be mapped to Company name.");
        String uncovered = page(post(mappingUrl).param("col.0", "companyName").param("col.1", "phone")
                .param("col.2", "idNumber").params(salesConsent()).with(csrf()));
        assertThat(uncovered).contains("id=\"problem\"", "No consented purpose needs the field ID number")
                .containsPattern("name=\"consent.purpose.SALES_FOLLOW_UP\" value=\"1\"\\s+checked=\"checked\"");

        String start = mvc.perform(post(mappingUrl).param("col.0", "companyName").param("col.1", "phone")
                .param("col.2", "idNumber").params(salesConsent()).param("consent.purpose.CONTRACT", "1")
                .param("consent.sensitive", "1").with(csrf()).session(session)).andReturn().getResponse()
                .getRedirectedUrl();
        awaitFinished(start + "/progress");
        assertThat(mvc.perform(get(start).session(other)).andReturn().getResponse().getStatus()).isEqualTo(404);
        // Started once: the upload is gone from memory.
        assertThat(mvc.perform(get(mappingUrl).session(session)).andReturn().getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void aRunningImportsFragmentAsksForItselfAgainEverySecond() throws Exception {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into customer_import (id, requested_by, node, format, mode, status, total_rows, processed_rows, "
                + "created, skipped, report, report_count, requested_at) values (?, ?, 'elsewhere', 'CSV', "
                + "'SKIP_INVALID', 'RUNNING', 1000, 250, 240, 10, '[]', 0, current_timestamp)")
                .params(id, employee.id()).update();
        String fragment = page(get("/customers/imports/" + id + "/progress"));
        assertThat(fragment).contains("hx-get=\"/customers/imports/" + id + "/progress\"", "hx-trigger=\"every 1s\"",
                "hx-swap=\"outerHTML\"", "value=\"25\"", "250 of 1,000 rows processed", "data-status=\"RUNNING\"")
                .doesNotContain("id=\"import-result\"");
    }

    @Test
    void uploadProblemsAreShownOnTheFormAndAnUploadExpires() throws Exception {
        String refused = page(multipart("/customers/import").file(CustomerImportTests.upload(new byte[] {1, 2, 0, 3},
                "x.bin")).param("mode", "ALL_OR_NOTHING").with(csrf()));
        assertThat(refused).contains("id=\"problem\"", "Only Excel workbooks (.xlsx) and CSV files can be imported.");

        String mappingUrl = mvc.perform(multipart("/customers/import").file(CustomerImportTests.upload(
                ImportFiles.csv(UTF_8, "companyName", "Expiring Ltd"), "e.csv")).param("mode", "ALL_OR_NOTHING")
                .with(csrf()).session(session)).andReturn().getResponse().getRedirectedUrl();
        assertThat(mvc.perform(get(mappingUrl).session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(31));
        try {
            assertThat(mvc.perform(get(mappingUrl).session(session)).andReturn().getResponse().getStatus())
                    .isEqualTo(404);
        } finally {
            clock.advance(Duration.ofMinutes(-31));
        }
    }

    @Test
    void onlyEmployeesAndDepartmentHeadsSeeTheImport() throws Exception {
        assertThat(page(get("/customers"))).contains("id=\"import-customers\"");
        MockHttpSession management = Pages.signIn(mvc, accounts.create(clock.instant(), Set.of(Role.ADMIN_OFFICER)),
                clock.instant());
        assertThat(mvc.perform(get("/customers").session(management)).andReturn().getResponse().getContentAsString())
                .doesNotContain("id=\"import-customers\"");
        assertThat(mvc.perform(multipart("/customers/import").file(CustomerImportTests.upload(
                ImportFiles.csv(UTF_8, "companyName", "No Ltd"), "n.csv")).param("mode", "ALL_OR_NOTHING")
                .with(csrf()).session(management)).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    /** The consent part of the mapping form: notice 1, sales follow-up, on a paper form. */
    private static org.springframework.util.MultiValueMap<String, String> salesConsent() {
        org.springframework.util.LinkedMultiValueMap<String, String> consent = new org.springframework.util.LinkedMultiValueMap<>();
        consent.add("consent.noticeVersion", "1");
        consent.add("consent.purpose.SALES_FOLLOW_UP", "1");
        consent.add("consent.channel", "PAPER_FORM");
        return consent;
    }

    private String awaitFinished(String fragmentUrl) throws Exception {
        return org.awaitility.Awaitility.await("the import finishes").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100)).until(() -> page(get(fragmentUrl)),
                        fragment -> fragment.contains("data-status=\"DONE\"") || fragment.contains("data-status=\"FAILED\""));
    }

    private String page(org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder<?> request)
            throws Exception {
        MvcResult result = mvc.perform(request.session(session)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return result.getResponse().getContentAsString(UTF_8);
    }
}
