package io.custos.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;

/**
 * Issue 16.5 (R-DEL-4): a destruction certificate is a PDF in Chinese or English with its CJK font
 * embedded as a subset, whose text reads back in its language; it holds no customer's personal data;
 * its verification code is random, one per destroyed subject, and anyone holding it can check it
 * without signing in, learning only what the certificate states.
 */
@IntegrationTest
@SuppressWarnings("unchecked")
class DestructionCertificatesTests {

    static final Instant EXECUTED = Instant.parse("2026-03-01T02:00:00Z");

    @Autowired DestructionCertificates certificates;
    @Autowired MockMvc mvc;
    @Autowired MessageSource messages;

    static CertificateContent paper(String number) {
        return new CertificateContent(number, CertificateKind.PAPER, "SHREDDING", EXECUTED,
                List.of(new CertificateContent.CategoryCount("CONTRACT", 2),
                        new CertificateContent.CategoryCount("BUSINESS_CARD", 5)),
                List.of(), List.of(new CertificateContent.Signatory("李娜", Role.DEPT_HEAD),
                        new CertificateContent.Signatory("Zhao Min", Role.ADMIN_OFFICER)),
                "王伟", "陈静", null, 0, "sha256:AAAAaaaaBBBBbbbbCCCCccccDDDDddddEEEEeeeeFFF", null);
    }

    static CertificateContent electronic(String number) {
        return new CertificateContent(number, CertificateKind.ELECTRONIC, "CRYPTO_SHREDDING", EXECUTED,
                List.of(new CertificateContent.CategoryCount("CUSTOMER_INACTIVE", 120),
                        new CertificateContent.CategoryCount("DELETION_REQUEST", 3)),
                List.of("customer-inactive", "accounting-records"),
                List.of(new CertificateContent.Signatory("李娜", Role.DEPT_HEAD),
                        new CertificateContent.Signatory("Zhao Min", Role.ADMIN_OFFICER)),
                "Zhao Min", null, null, 40, "sha256:electronic-batch-digest", null);
    }

    @Test
    void theCertificateReadsBackInChineseWithItsFontEmbeddedAsASubset() throws Exception {
        UUID subject = UUID.randomUUID();
        byte[] pdf = certificates.pdf(subject, paper("PD-T-" + subject.toString().substring(0, 6)), Locale.SIMPLIFIED_CHINESE);
        String code = certificates.codeOf(subject).orElseThrow();

        String text = text(pdf);
        assertThat(text).contains("销毁证明", "纸质介质", "碎纸", "合同", "名片", "监销人", "陈静", "王伟", "李娜",
                "部门负责人", "2026-03-01 10:00", "Asia/Shanghai", "本证明不含任何客户的个人信息",
                DestructionCertificates.display(code), "sha256:AAAAaaaaBBBBbbbbCCCCccccDDDDddddEEEEeeeeFFF");
        assertThat(text.replace(" ", "")).as("a long address may wrap").contains("/verify/destruction/"
                + DestructionCertificates.display(code), "/api/v1/destructions/verify/" + DestructionCertificates.display(code));
        assertThat(text).doesNotContain("Certificate of destruction", "SHREDDING", "BUSINESS_CARD", "certificate.");
        assertEmbeddedSubsets(pdf);
        assertThat(pdf.length).as("a subset keeps the file small").isLessThan(150_000);
    }

    @Test
    void theCertificateReadsBackInEnglishWithTheFactsOfAnElectronicBatch() throws Exception {
        UUID subject = UUID.randomUUID();
        byte[] pdf = certificates.pdf(subject, electronic("D-T-" + subject.toString().substring(0, 6)), Locale.ENGLISH);

        String text = text(pdf);
        assertThat(text).contains("Certificate of destruction", "Electronic data",
                "Crypto-shredding (encryption keys destroyed)", "Customers without a transaction, past their period",
                "Customers' requests to delete their data", "123", "customer-inactive, accounting-records",
                "Anonymized business records kept by law", "40", "Department head", "Administration officer",
                "李娜", "holds no personal information");
        assertThat(text).doesNotContain("销毁证明", "CRYPTO_SHREDDING", "CUSTOMER_INACTIVE", "DEPT_HEAD", "Witness");
        assertEmbeddedSubsets(pdf);
    }

    @Test
    void everyMethodAndCategoryHasWordsInBothLanguages() {
        List<String> keys = new ArrayList<>();
        CertificatePdf.methods().forEach(m -> keys.add("certificate.method." + m));
        List.of("PROSPECT_INACTIVE", "CUSTOMER_INACTIVE", "CONSENT_WITHDRAWN", "MANUAL", "DELETION_REQUEST", "CONTRACT",
                "FORM", "PRINTOUT", "BUSINESS_CARD", "OTHER").forEach(c -> keys.add("certificate.category." + c));
        for (CertificateKind kind : CertificateKind.values()) {
            keys.add("certificate.kind." + kind);
        }
        for (String key : keys) {
            String en = messages.getMessage(key, null, Locale.ENGLISH);
            String zh = messages.getMessage(key, null, Locale.SIMPLIFIED_CHINESE);
            assertThat(zh).as(key).isNotEqualTo(en).matches(".*\\p{IsHan}.*");
        }
    }

    @Test
    void oneRandomCodePerSubjectIssuedOnceWhateverIsAskedLater() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            UUID subject = UUID.randomUUID();
            String code = certificates.issue(subject, paper("PD-R-" + i).facts());
            assertThat(code).hasSize(20).matches("[0-9A-HJKMNP-TV-Z]{20}");
            assertThat(certificates.issue(subject, electronic("other").facts())).isEqualTo(code);
            codes.add(code);
        }
        assertThat(codes).hasSize(20);
        assertThatThrownBy(() -> certificates.render(paper("PD-X"), Locale.ENGLISH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyoneHoldingTheCodeChecksItWithoutSigningInAndLearnsOnlyWhatTheCertificateStates() throws Exception {
        UUID subject = UUID.randomUUID();
        String number = "PD-V-" + subject.toString().substring(0, 6);
        String code = certificates.issue(subject, paper(number).facts());
        String typed = DestructionCertificates.display(code).toLowerCase(Locale.ROOT);

        MvcResult checked = mvc.perform(get("/api/v1/destructions/verify/" + typed)).andReturn();
        assertThat(checked.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(checked)).containsOnlyKeys("number", "kind", "method", "executedAt", "count", "digest")
                .containsEntry("number", number).containsEntry("kind", "PAPER").containsEntry("method", "SHREDDING")
                .containsEntry("count", 7).containsEntry("executedAt", "2026-03-01T02:00:00Z");
        assertThat(checked.getResponse().getContentAsString()).doesNotContain("王伟", "陈静", "李娜", subject.toString());

        MvcResult unknown = mvc.perform(get("/api/v1/destructions/verify/" + CertificateCodes.random())).andReturn();
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        assertThat(Api.body(unknown)).containsEntry("code", "certificate-unknown");
        assertThat(mvc.perform(get("/api/v1/destructions/verify/not-a-code")).andReturn().getResponse().getStatus())
                .isEqualTo(404);

        MvcResult zh = mvc.perform(get("/verify/destruction/" + typed).param("lang", "zh-CN")).andReturn();
        assertThat(zh.getResponse().getStatus()).isEqualTo(200);
        assertThat(zh.getResponse().getContentAsString()).contains(number, "纸质介质", "碎纸", "2026-03-01")
                .doesNotContain("王伟", "SHREDDING");
        MvcResult en = mvc.perform(get("/verify/destruction").param("code", typed).param("lang", "en")).andReturn();
        assertThat(en.getResponse().getRedirectedUrl()).isEqualTo("/verify/destruction/" + typed);
        MvcResult none = mvc.perform(get("/verify/destruction/" + CertificateCodes.random()).param("lang", "en"))
                .andReturn();
        assertThat(none.getResponse().getStatus()).isEqualTo(404);
        assertThat(none.getResponse().getContentAsString()).contains("No destruction certificate carries this");
        assertThat(mvc.perform(get("/verify/destruction").param("lang", "en")).andReturn().getResponse().getStatus())
                .isEqualTo(200);
    }

    @Test
    void oneAddressCannotCheckCodesWithoutEnd() throws Exception {
        String address = "10.16.5." + (int) (Math.random() * 250);
        int refused = 0;
        for (int i = 0; i < 35; i++) {
            int status = mvc.perform(get("/api/v1/destructions/verify/" + CertificateCodes.random()).with(r -> {
                r.setRemoteAddr(address);
                return r;
            })).andReturn().getResponse().getStatus();
            if (status == 429) {
                refused++;
            } else {
                assertThat(status).isEqualTo(404);
            }
        }
        assertThat(refused).isEqualTo(5);
    }

    static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            // Lines broken inside a table cell read as one.
            return stripper.getText(document).replaceAll("\\s+", " ");
        }
    }

    static void assertEmbeddedSubsets(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            int fonts = 0;
            for (PDPage page : document.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                    assertThat(font.getName()).as("a subset's name has a tag").matches("[A-Z]{6}\\+.*");
                    fonts++;
                }
            }
            assertThat(fonts).isPositive();
        }
    }
}
