package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * The partner register and its NDAs (issue 15.1, 15.2): only the administration officer writes,
 * files are judged by their bytes, dates are days of the company's zone with the expiry day in force.
 */
@IntegrationTest
class PartnerRegisterTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired Partners partners;

    private TestAccounts.Account officer;
    private String officerToken;

    @BeforeEach
    void officer() throws Exception {
        officer = accounts.create(clock.instant(), EnumSet.of(Role.ADMIN_OFFICER));
        officerToken = Api.token(mvc, officer, clock.instant());
    }

    @Test
    void onlyTheAdministrationOfficerCreatesAPartner() throws Exception {
        TestAccounts.Account employee = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        TestAccounts.Account sysadmin = accounts.create(clock.instant(), EnumSet.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        for (TestAccounts.Account who : java.util.List.of(employee, sysadmin)) {
            mvc.perform(post("/api/v1/partners").header("Authorization", Api.token(mvc, who, clock.instant()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(Api.json(PartnerFixture.partnerBody("Refused " + who.username(), officer.id()))))
                    .andExpect(status().isForbidden());
        }
        assertThat(jdbc.sql("select count(*) from partner where name_en like 'Refused %'").query(Long.class).single())
                .isZero();

        UUID id = PartnerFixture.createPartner(mvc, officerToken, "Created Freight", officer.id());
        assertThat(partners.find(id)).get().extracting(PartnerSummary::type).isEqualTo(PartnerType.FREIGHT_FORWARDER);
        assertThat(partners.active()).extracting(PartnerSummary::id).contains(id);
        assertThat(auditCount("sharing.partner.created", id)).isEqualTo(1);
        mvc.perform(get("/api/v1/partners/" + id).header("Authorization", officerToken)).andExpect(status().isOk())
                .andExpect(jsonPath("$.contacts[0].name").value("Contact"))
                .andExpect(jsonPath("$.country").value("CN"));
    }

    @Test
    void aChangeIsAuditedByFieldNameAndALostUpdateIsRefused() throws Exception {
        UUID id = PartnerFixture.createPartner(mvc, officerToken, "Changing Freight", officer.id());
        Map<String, Object> body = PartnerFixture.partnerBody("Changing Freight", officer.id());
        body.put("riskNotes", "Now also customs papers");
        body.put("active", false);
        body.put("version", 0);
        mvc.perform(put("/api/v1/partners/" + id).header("Authorization", officerToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andExpect(status().isOk())
                .andExpect(jsonPath("$.active").value(false));
        mvc.perform(put("/api/v1/partners/" + id).header("Authorization", officerToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("partner-changed"));
        String details = jdbc.sql("select details from audit_event where action = 'sharing.partner.changed' "
                + "and target_id = ?").param(id.toString()).query(String.class).single();
        assertThat(details).contains("partnerFields").contains("riskNotes").contains("active").doesNotContain("customs papers");
        assertThat(partners.active()).extracting(PartnerSummary::id).doesNotContain(id);
    }

    @Test
    void theNdaIsInForceFromItsSigningDayThroughItsExpiryDayInTheCompanyZone() throws Exception {
        UUID id = PartnerFixture.createPartner(mvc, officerToken, "Dated Freight", officer.id());
        Recipient partner = new Recipient(RecipientType.PARTNER, id);
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        assertThat(partners.ndaInForce(partner, clock.instant())).isFalse();
        PartnerFixture.fileNda(mvc, officerToken, id, "v1", today.minusDays(10), today.plusDays(5));

        Instant signingDayStart = today.minusDays(10).atStartOfDay(SHANGHAI).toInstant();
        Instant expiryDayEnd = today.plusDays(6).atStartOfDay(SHANGHAI).toInstant().minusSeconds(1);
        assertThat(partners.ndaInForce(partner, signingDayStart.minusSeconds(1))).isFalse();
        assertThat(partners.ndaInForce(partner, signingDayStart)).isTrue();
        assertThat(partners.ndaInForce(partner, expiryDayEnd)).isTrue();
        assertThat(partners.ndaInForce(partner, expiryDayEnd.plusSeconds(1))).isFalse();
        assertThat(auditCount("sharing.nda.filed", id)).isEqualTo(1);
    }

    @Test
    void anHtmlFileNamedLikeAPdfIsRefusedAndNothingIsStored() throws Exception {
        UUID id = PartnerFixture.createPartner(mvc, officerToken, "Html Freight", officer.id());
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        MockMultipartFile html = new MockMultipartFile("file", "nda.pdf", "application/pdf",
                "<html><body><script>alert(1)</script>Signed</body></html>".getBytes());
        mvc.perform(PartnerFixture.nda(id, "v1", today, today.plusYears(1), html).header("Authorization", officerToken))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("nda-file-type"));
        MockMultipartFile pngNamedPdf = new MockMultipartFile("file", "nda.pdf", "application/pdf", png());
        mvc.perform(PartnerFixture.nda(id, "v1", today, today.plusYears(1), pngNamedPdf)
                .header("Authorization", officerToken))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("nda-file-type"));
        assertThat(jdbc.sql("select count(*) from nda where recipient_id = ?").param(id).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sharing.nda.filed' and outcome = 'DENIED' "
                + "and target_id = ?").param(id.toString()).query(Long.class).single()).isEqualTo(2);
        // The same picture under its own name is a scan like any other.
        MockMultipartFile png = new MockMultipartFile("file", "scan.png", "image/png", png());
        mvc.perform(PartnerFixture.nda(id, "v1", today, today.plusYears(1), png).header("Authorization", officerToken))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.contentType").value("image/png"));
    }

    @Test
    void anOversizedFileAndAnExpiryBeforeSigningAreProblemsNotErrors() throws Exception {
        UUID id = PartnerFixture.createPartner(mvc, officerToken, "Big Freight", officer.id());
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        byte[] pdf = PartnerFixture.pdf("x");
        byte[] big = java.util.Arrays.copyOf(pdf, 10 * 1024 * 1024 + 1);
        mvc.perform(PartnerFixture.nda(id, "v1", today, today.plusYears(1),
                new MockMultipartFile("file", "nda.pdf", "application/pdf", big)).header("Authorization", officerToken))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("nda-file-too-large"));
        mvc.perform(PartnerFixture.nda(id, "v1", today, today.minusDays(1), PartnerFixture.pdfFile())
                .header("Authorization", officerToken))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("nda-expiry-before-signing"));
        assertThat(jdbc.sql("select count(*) from nda where recipient_id = ?").param(id).query(Long.class).single())
                .isZero();
    }

    @Test
    void theDownloadIsAnAuditedAttachmentThatIsNeverSniffed() throws Exception {
        UUID id = PartnerFixture.createPartner(mvc, officerToken, "Download Freight", officer.id());
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        UUID nda = PartnerFixture.fileNda(mvc, officerToken, id, "v1", today, today.plusYears(1));
        mvc.perform(get("/api/v1/sharing/ndas/" + nda + "/file").header("Authorization", officerToken))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", "application/pdf"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")));
        assertThat(auditCount("sharing.nda.downloaded", nda)).isEqualTo(1);
        TestAccounts.Account employee = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        mvc.perform(get("/api/v1/sharing/ndas/" + nda + "/file")
                .header("Authorization", Api.token(mvc, employee, clock.instant()))).andExpect(status().isNotFound());
    }

    @Test
    void aDepartmentNeedsAnNdaOnlyOnceFlagged() throws Exception {
        UUID department = accounts.department("NDA" + UUID.randomUUID().toString().substring(0, 6));
        Recipient recipient = new Recipient(RecipientType.DEPARTMENT, department);
        assertThat(partners.ndaInForce(recipient, clock.instant())).isTrue();
        mvc.perform(put("/api/v1/sharing/departments/" + department + "/nda-requirement")
                .header("Authorization", officerToken).contentType(MediaType.APPLICATION_JSON)
                .content("{\"required\":true}")).andExpect(status().isNoContent());
        assertThat(partners.ndaInForce(recipient, clock.instant())).isFalse();
        assertThat(auditCount("sharing.department.nda-requirement-changed", department)).isEqualTo(1);
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .multipart("/api/v1/sharing/departments/" + department + "/ndas").file(PartnerFixture.pdfFile())
                .param("version", "2026").param("signatory", "Head").param("signedOn", today.toString())
                .param("expiresOn", today.plusYears(1).toString()).header("Authorization", officerToken))
                .andExpect(status().isCreated());
        assertThat(partners.ndaInForce(recipient, clock.instant())).isTrue();
        TestAccounts.Account sysadmin = accounts.create(clock.instant(), EnumSet.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        mvc.perform(put("/api/v1/sharing/departments/" + department + "/nda-requirement")
                .header("Authorization", Api.token(mvc, sysadmin, clock.instant()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"required\":false}"))
                .andExpect(status().isForbidden());
    }

    private long auditCount(String action, UUID target) {
        return jdbc.sql("select count(*) from audit_event where action = ? and target_id = ? and outcome = 'ALLOWED'")
                .params(action, target.toString()).query(Long.class).single();
    }

    /** A real one-pixel PNG. */
    static byte[] png() {
        try {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(1, 1,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
