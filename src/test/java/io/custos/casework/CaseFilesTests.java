package io.custos.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.poi.poifs.crypt.Decryptor;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The files of a case (R-CUS-1, R-CUS-2, issue 19.3): a customer's evidence is checked by its
 * content, limited in size and number and stored encrypted; a copy is an Excel file that opens only
 * with its password and holds every value, confidential ones too, so staff never fetch it; their
 * data to take elsewhere is JSON and Excel.
 */
@IntegrationTest
class CaseFilesTests {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
            'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired Cases cases;
    @Autowired CaseFiles files;
    @Autowired JdbcClient jdbc;

    TestAccounts.Account head;
    UUID department;
    UUID customer;
    Actor portal;

    @BeforeEach
    void company() throws Exception {
        clock.set(LocalDate.of(2031, 3, 3).atTime(10, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
        Instant now = clock.instant();
        department = accounts.customerDepartment("CF" + UUID.randomUUID().toString().substring(0, 6));
        head = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        customer = RetentionFixture.customer(mvc, Api.token(mvc, head, now), "Files Trading");
        // A confidential (L4) value the copy must carry although staff only ever see it masked.
        MvcResult edited = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .patch("/api/v1/customers/" + customer).header("Authorization", Api.token(mvc, head, now))
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", Map.of("pricingStrategy", "Framework discount 4%"))))).andReturn();
        assertThat(edited.getResponse().getStatus()).as(edited.getResponse().getContentAsString()).isIn(200, 204);
        portal = new Actor(Actor.ActorType.CUSTOMER, customer, "customer:" + customer);
    }

    @Test
    void evidenceIsCheckedByItsContentAndLimitedAndOnlyForTheCustomersOwnComplaintOrClaim() {
        CaseView claim = cases.file(customer, new NewCase(customer, CaseType.CLAIM, null, null, "Lost a shipment",
                null, null, new java.math.BigDecimal("800")), portal);
        assertThat(claim.verification()).isEqualTo(Verification.PORTAL);
        CaseFile added = files.addEvidence(customer, claim.id(), PNG, portal);
        assertThat(added.mediaType()).isEqualTo("image/png");
        assertThat(added.fileName()).isEqualTo("evidence-1.png");
        assertThat(jdbc.sql("select content_cipher from casework_file where id = ?").param(added.id())
                .query(String.class).single()).doesNotContain(java.util.Base64.getEncoder().encodeToString(PNG));

        // A script renamed to .png, an empty file, a file too large: refused by what they are.
        assertRefused(() -> files.addEvidence(customer, claim.id(),
                "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8), portal), "case-file-type");
        assertRefused(() -> files.addEvidence(customer, claim.id(), new byte[0], portal), "case-file-required");
        byte[] large = Arrays.copyOf(PNG, (int) CaseFiles.MAX_BYTES + 1);
        assertRefused(() -> files.addEvidence(customer, claim.id(), large, portal), "case-file-too-large");
        for (int i = 1; i < CaseFiles.MAX_EVIDENCE; i++) {
            files.addEvidence(customer, claim.id(), PNG, portal);
        }
        assertRefused(() -> files.addEvidence(customer, claim.id(), PNG, portal), "case-file-limit");

        // Another customer cannot add to it, nor fetch from it.
        UUID other = UUID.randomUUID();
        Actor stranger = new Actor(Actor.ActorType.CUSTOMER, other, "customer:" + other);
        assertThatThrownBy(() -> files.addEvidence(other, claim.id(), PNG, stranger))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.status().value()).isEqualTo(404));
        assertThatThrownBy(() -> files.forCustomer(other, claim.id(), added.id()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.status().value()).isEqualTo(404));
        assertThatThrownBy(() -> files.addEvidence(customer, claim.id(), PNG, stranger))
                .as("acting for another customer").isInstanceOf(DomainException.class);
        assertThat(files.forCustomer(customer, claim.id(), added.id()).bytes()).isEqualTo(PNG);

        CaseView copy = cases.file(customer, new NewCase(customer, CaseType.COPY, null, null, null, null, null, null),
                portal);
        assertRefused(() -> files.addEvidence(customer, copy.id(), PNG, portal), "case-evidence-not-for-type");
    }

    @Test
    void aCopyOpensOnlyWithItsPasswordHoldsEveryValueAndStaffNeverFetchIt() throws Exception {
        CaseView copy = cases.file(customer, new NewCase(customer, CaseType.COPY, null, null, null, null, null, null),
                portal);
        CustosUser by = new CustosUser(head.id(), head.username(), head.username(), department,
                Set.of(Role.EMPLOYEE, Role.DEPT_HEAD), EmployeeStatus.ACTIVE);
        Gate.as(by, () -> cases.carryOut(copy.id(), by));
        List<CaseFile> delivered = files.of(copy.id());
        assertThat(delivered).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo(CaseFile.Kind.DELIVERY));
        assertThatThrownBy(() -> files.forCustomer(customer, copy.id(), delivered.get(0).id()))
                .as("made only for the customer signed in").isInstanceOf(DomainException.class);
        CaseFile.Content content = asCustomer(() -> files.forCustomer(customer, copy.id(), delivered.get(0).id()));
        assertThat(content.password()).hasSize(14);

        try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(content.bytes()))) {
            Decryptor decryptor = Decryptor.getInstance(new EncryptionInfo(fs));
            assertThat(decryptor.verifyPassword("wrong password")).isFalse();
            assertThat(decryptor.verifyPassword(content.password())).isTrue();
            try (InputStream data = decryptor.getDataStream(fs); XSSFWorkbook workbook = new XSSFWorkbook(data)) {
                String sheet = text(workbook);
                assertThat(sheet).contains("Files Trading", RetentionFixture.PHONE, "Framework discount 4%");
            }
        }
        assertThatThrownBy(() -> Gate.as(by, () -> files.forStaff(copy.id(), delivered.get(0).id(), by)))
                .as("a delivery is the customer's alone").isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.status().value()).isEqualTo(404));
        assertThatThrownBy(() -> Gate.as(by, () -> cases.carryOut(copy.id(), by))).as("once")
                .isInstanceOf(DomainException.class);
        assertThat(Gate.as(by, () -> cases.close(copy.id(), CaseOutcome.GRANTED, "副本已在门户提供。",
                "Your copy is in the portal.", by)).status()).isEqualTo(CaseStatus.CLOSED);

        CaseView portability = cases.file(customer, new NewCase(customer, CaseType.PORTABILITY, null, null, null, null,
                null, null), portal);
        Gate.as(by, () -> cases.carryOut(portability.id(), by));
        List<CaseFile> both = files.of(portability.id());
        assertThat(both).extracting(CaseFile::mediaType).containsExactlyInAnyOrder("application/json",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        CaseFile json = both.stream().filter(f -> f.mediaType().equals("application/json")).findFirst().orElseThrow();
        Map<String, Object> document = Api.JSON.readValue(asCustomer(() -> files.forCustomer(customer, portability.id(),
                json.id())).bytes(), Map.class);
        assertThat(document.get("values").toString()).contains("companyName=Files Trading",
                "pricingStrategy=Framework discount 4%");
    }

    /** Signed in to the portal as the customer, as the portal's pages and API are. */
    private <T> T asCustomer(java.util.function.Supplier<T> action) {
        var previous = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
                .authenticated((Actor.Source) () -> portal, null, List.of()));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.getContext().setAuthentication(previous);
        }
    }

    private static String text(XSSFWorkbook workbook) {
        StringBuilder text = new StringBuilder();
        workbook.getSheetAt(0).forEach(row -> row.forEach(cell -> text.append(cell.toString()).append('|')));
        return text.toString();
    }

    private static void assertRefused(Runnable action, String code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
