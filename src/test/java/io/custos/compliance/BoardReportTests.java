package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.web.Times;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.DocumentContent;
import io.custos.training.DocumentKind;
import io.custos.training.PolicyDocuments;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The board report (issue 22.4): a PDF for the quarter asked, in Chinese or English, whose text says
 * the title, the quarter, the policy's clauses and the evidence's words, with the charts as images;
 * for management and the auditor only; a quarter that is not one or has not begun is refused with a
 * problem; every report generated is audited with its quarter and language.
 */
@IntegrationTest
class BoardReportTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired PolicyDocuments documents;
    @Autowired ComplianceMaps maps;
    @Autowired Times times;

    TestAccounts.Account management;
    TestAccounts.Account auditor;
    TestAccounts.Account head;
    BoardReport.Quarter now;

    @BeforeEach
    void people() {
        Instant at = clock.instant();
        management = accounts.create(at, Set.of(Role.MANAGEMENT), TestAccounts.newSecret(), false);
        auditor = accounts.create(at, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        head = accounts.create(at, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        now = BoardReport.Quarter.of(YearMonth.now(clock.withZone(times.companyZone())));
        if (documents.policyInForce().isEmpty()) {
            publishPolicy(at);
        }
    }

    @Test
    void theReportSaysTitleQuarterClausesAndEvidenceInEnglishAndChinese() throws Exception {
        CustosUser manager = Gate.user(management, EnumSet.of(Role.MANAGEMENT));
        MapView map = maps.current(manager, null);
        assertThat(map.clauses()).as("a policy is in force").isNotEmpty();
        Clause first = map.clauses().get(0).clause();

        byte[] english = pdf("/api/v1/compliance/report?quarter=" + now.code() + "&lang=en", management);
        keep(english, "board-report-en.pdf");
        String en = text(english);
        assertThat(en).contains("Compliance report to the board", now.year() + " Q" + now.number(),
                "Customer cases overdue", "The evidence, clause by clause", "Generated at",
                "As the map stood when this report was generated");
        assertThat(squeezed(en)).contains(squeezed(first.numberEn() + " " + first.headingEn()));
        assertThat(images(english)).as("the charts as images").isGreaterThanOrEqualTo(3);

        String dashed = now.year() + "-Q" + now.number();
        byte[] chinese = pdf("/api/v1/compliance/report?quarter=" + dashed + "&lang=zh-CN", auditor);
        keep(chinese, "board-report-zh-CN.pdf");
        String zh = text(chinese);
        assertThat(zh).contains("董事会合规报告", now.year() + "年第" + now.number() + "季度", "生成时间");
        assertThat(squeezed(zh)).contains(squeezed("逾期的客户事项"), squeezed(first.numberZh() + first.headingZh()));
        assertThat(images(chinese)).isGreaterThanOrEqualTo(3);

        List<String> details = jdbc.sql("select details from audit_event where action = 'compliance.report.generated' "
                + "and actor_id in (?, ?) order by id").params(management.id(), auditor.id()).query(String.class).list();
        assertThat(details).hasSize(2);
        JsonNode enDetails = JsonMapper.builder().build().readTree(details.get(0));
        assertThat(enDetails.get("quarter").asString()).isEqualTo("Q" + now.number());
        assertThat(enDetails.get("year").asInt()).isEqualTo(now.year());
        assertThat(enDetails.get("lang").asString()).isEqualTo("en");
        assertThat(JsonMapper.builder().build().readTree(details.get(1)).get("lang").asString()).isEqualTo("zh-CN");
    }

    @Test
    void aClosedQuarterIsReportedWithItsMonthsAndTheMapRecordedOrSaidToBeToday() throws Exception {
        BoardReport.Quarter last = previous(now);
        String en = text(pdf("/api/v1/compliance/report?quarter=" + last.code() + "&lang=en", management));
        YearMonth first = last.firstMonth();
        assertThat(en).contains(first.toString(), first.plusMonths(1).toString(), first.plusMonths(2).toString());
        assertThat(en).containsAnyOf("As the map was recorded at the end of the quarter",
                "As the map stood when this report was generated");
    }

    @Test
    void aQuarterThatIsNotOneOrHasNotBegunIsAProblemAndOthersAreRefused() throws Exception {
        String token = Api.token(mvc, management, clock.instant());
        BoardReport.Quarter next = now.number() == 4 ? new BoardReport.Quarter(now.year() + 1, 1)
                : new BoardReport.Quarter(now.year(), now.number() + 1);
        for (String quarter : List.of("2026Q5", "Q4-2026", "", "2026-4", next.code())) {
            MockHttpServletResponse response = mvc.perform(get("/api/v1/compliance/report")
                    .param("quarter", quarter).param("lang", "en").header("Authorization", token)
                    .header("Accept-Language", "en")).andReturn().getResponse();
            assertThat(response.getStatus()).as(quarter).isEqualTo(422);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            assertThat(response.getContentAsString()).contains(quarter.equals(next.code())
                    ? "compliance-report-future" : "compliance-report-quarter");
        }
        MockHttpServletResponse language = mvc.perform(get("/api/v1/compliance/report?quarter=" + now.code()
                + "&lang=fr").header("Authorization", token)).andReturn().getResponse();
        assertThat(language.getStatus()).isEqualTo(422);

        String headToken = Api.token(mvc, head, clock.instant());
        assertThat(mvc.perform(get("/api/v1/compliance/report?quarter=" + now.code() + "&lang=en")
                .header("Authorization", headToken)).andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    private byte[] pdf(String url, TestAccounts.Account who) throws Exception {
        String token = Api.token(mvc, who, clock.instant());
        MockHttpServletResponse response = mvc.perform(get(url).header("Authorization", token)).andReturn()
                .getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        assertThat(response.getHeader("Content-Disposition")).contains("board-report-");
        return response.getContentAsByteArray();
    }

    private static BoardReport.Quarter previous(BoardReport.Quarter q) {
        return q.number() == 1 ? new BoardReport.Quarter(q.year() - 1, 4) : new BoardReport.Quarter(q.year(),
                q.number() - 1);
    }

    /** A copy to look at under target/board-report: the words can be right and the page still wrong. */
    private static void keep(byte[] pdf, String name) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "board-report");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.write(dir.resolve(name), pdf);
        if (Boolean.getBoolean("custos.test.render-pdf")) {
            try (PDDocument document = Loader.loadPDF(pdf)) {
                org.apache.pdfbox.rendering.PDFRenderer renderer = new org.apache.pdfbox.rendering.PDFRenderer(document);
                for (int page = 0; page < document.getNumberOfPages(); page++) {
                    javax.imageio.ImageIO.write(renderer.renderImageWithDPI(page, 80), "png",
                            dir.resolve(name.replace(".pdf", "-" + (page + 1) + ".png")).toFile());
                }
            }
        }
    }

    static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }

    /** Without any space: a cell may wrap a heading anywhere, between Chinese characters too. */
    private static String squeezed(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static int images(byte[] pdf) throws Exception {
        int images = 0;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            for (PDPage page : document.getPages()) {
                for (var name : page.getResources().getXObjectNames()) {
                    if (page.getResources().isImageXObject(name)) {
                        images++;
                    }
                }
            }
        }
        return images;
    }

    /** A policy in force with two chapters, when no other test published one. */
    private void publishPolicy(Instant at) {
        TestAccounts.Account officerAccount = accounts.create(at, EnumSet.of(Role.ADMIN_OFFICER));
        CustosUser officer = Gate.user(officerAccount, EnumSet.of(Role.ADMIN_OFFICER));
        CustosUser manager = Gate.user(management, EnumSet.of(Role.MANAGEMENT));
        DocumentContent content = new DocumentContent("客户信息保密制度", "Customer information confidentiality policy",
                "## 一、总则\n\n1. 本制度适用于全体员工。\n\n## 二、信息的存储\n\n1. 保密信息加密存储。\n2. 定期备份。\n",
                "## 1. General\n\n1. This policy applies to all staff.\n\n## 2. Storage\n\n"
                        + "1. Confidential values are stored encrypted.\n2. Backups are taken regularly.\n");
        // The first draft's version.
        UUID version = Gate.as(officer, () -> documents.create(DocumentKind.POLICY, content, officer));
        Gate.as(officer, () -> {
            documents.submit(version, officer);
            return null;
        });
        Gate.as(manager, () -> {
            documents.approve(version, manager);
            return null;
        });
    }
}
