package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Issue 13.11: imports are limited per person and in all on a node (12 parallel 49 MB uploads
 * exhausted memory); beyond the limit the answer is 429 with a problem document in the API and the
 * translated message on the upload page. An upload waiting for its mapping is sealed in the database,
 * not held in memory or in clear.
 */
@IntegrationTest
class ImportLimitsTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired ImportSlots slots;
    @Autowired ImportStaging staging;
    @Autowired ImportProperties properties;
    @Autowired JdbcClient jdbc;

    TestAccounts.Account owner;
    String ownerToken;
    final List<ImportSlots.Slot> held = new ArrayList<>();

    @BeforeEach
    void anEmployeeOfASalesDepartment() throws Exception {
        owner = employee();
        ownerToken = Api.token(mvc, owner, clock.instant());
    }

    @AfterEach
    void releaseHeldSlots() {
        held.forEach(ImportSlots.Slot::release);
        held.clear();
    }

    @Test
    void aPersonWithAsManyImportsInProgressAsAllowedGets429WhileOthersStillImport() throws Exception {
        for (int i = 0; i < properties.maxConcurrentPerPerson(); i++) {
            held.add(slots.take(owner.id()));
        }

        MvcResult refused = upload(ownerToken);
        CustomerImportTests.assertProblem(refused, 429, "import-too-many-own", null);
        assertThat(Api.body(refused)).containsEntry("limit", properties.maxConcurrentPerPerson());

        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String page = mvc.perform(multipart("/customers/import").file(file()).param("mode", "ALL_OR_NOTHING")
                        .session(session).with(csrf()).header("Accept-Language", "zh-CN"))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"problem\"", "您已有 2 个导入正在读取或运行").doesNotContain("import-too-many");

        TestAccounts.Account colleague = employee();
        assertThat(upload(Api.token(mvc, colleague, clock.instant())).getResponse().getStatus()).isEqualTo(202);

        held.remove(0).release();
        assertThat(upload(ownerToken).getResponse().getStatus()).isEqualTo(202);
    }

    @Test
    void beyondTheNodesLimitEveryoneGets429() throws Exception {
        while (slots.inUse() < properties.maxConcurrent()) {
            held.add(slots.take(UUID.randomUUID()));
        }

        CustomerImportTests.assertProblem(upload(ownerToken), 429, "import-too-many", null);

        held.remove(0).release();
        assertThat(upload(ownerToken).getResponse().getStatus()).isEqualTo(202);
    }

    @Test
    void anUploadWaitsForItsMappingSealedInTheDatabaseAndIsDeletedWhenDiscarded() throws Exception {
        String company = "Sealed 贸易 " + UUID.randomUUID().toString().substring(0, 6);
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String mapping = mvc.perform(multipart("/customers/import").param("mode", "ALL_OR_NOTHING")
                        .file(CustomerImportTests.upload(("companyName,phone\r\n" + company + ",13912345678\r\n")
                                .getBytes(StandardCharsets.UTF_8), "s.csv"))
                        .session(session).with(csrf()))
                .andReturn().getResponse().getRedirectedUrl();
        UUID stagingId = UUID.fromString(mapping.substring(mapping.lastIndexOf('/') + 1));

        assertThat(staging.find(stagingId, owner.id())).isPresent();
        String raw = ImportStagingTests.rawBytes(jdbc, stagingId);
        assertThat(raw).isNotEmpty().doesNotContain("13912345678", "Sealed", "companyName", "s.csv");

        staging.drop(stagingId, owner.id());
        assertThat(jdbc.sql("select count(*) from import_upload_part where upload_id = ?").param(stagingId)
                .query(Integer.class).single()).isZero();
        assertThat(staging.find(stagingId, owner.id())).isEmpty();
    }

    private MvcResult upload(String token) throws Exception {
        return mvc.perform(multipart("/api/v1/customers/imports").file(file()).param("mode", "ALL_OR_NOTHING")
                .param("consent", Api.json(Consents.full())).header("Authorization", token)).andReturn();
    }

    private static MockMultipartFile file() {
        return CustomerImportTests.upload(("companyName\r\nLimits " + UUID.randomUUID() + "\r\n")
                .getBytes(StandardCharsets.UTF_8), "l.csv");
    }

    private TestAccounts.Account employee() {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(account, accounts.department("L" + UUID.randomUUID().toString().substring(0, 6)));
        return account;
    }
}
