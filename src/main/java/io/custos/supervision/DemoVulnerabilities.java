package io.custos.supervision;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.web.Times;

/**
 * The demo's security register (profile {@code demo}, issue 20.7): zhao.lei (security
 * administrator) ran a dependency scan of the running build three days ago, its SBOM attached, and
 * recorded the high-severity vulnerability it found that day (being fixed); a medium one from an
 * internal code review three weeks ago he fixed and zhou.min (auditor) verified the next day. Made
 * through the same use cases as real entries, then the times are moved back to those days; the
 * texts are in Chinese only, as the company's staff write them. Seeded once, into a fresh demo.
 */
@Component
@Profile("demo")
@Order(80)
class DemoVulnerabilities implements ApplicationRunner {

    static final String SECURITY = "zhao.lei";
    static final String AUDITOR = "zhou.min";
    private static final Logger log = LoggerFactory.getLogger(DemoVulnerabilities.class);

    private final Assessments assessments;
    private final Vulnerabilities vulnerabilities;
    private final SbomSource sboms;
    private final Employees employees;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Times times;

    DemoVulnerabilities(Assessments assessments, Vulnerabilities vulnerabilities, SbomSource sboms,
            Employees employees, JdbcClient jdbc, TransactionTemplate transaction, Times times) {
        this.assessments = assessments;
        this.vulnerabilities = vulnerabilities;
        this.sboms = sboms;
        this.employees = employees;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.times = times;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> security = employees.byUsername(SECURITY);
        Optional<EmployeeView> auditor = employees.byUsername(AUDITOR);
        if (security.isEmpty() || auditor.isEmpty()
                || jdbc.sql("select count(*) from supervision_assessment").query(Long.class).single() > 0) {
            return;
        }
        CustosUser zhao = user(security.get());
        CustosUser zhou = user(auditor.get());
        boolean sbom = sboms.current().isPresent();
        transaction.executeWithoutResult(status -> {
            LocalDate today = vulnerabilities.today();
            LocalDate scanned = today.minusDays(3);
            LocalDate reviewed = today.minusDays(20);
            AssessmentView scan = as(zhao, () -> assessments.record(new AssessmentInput(AssessmentKind.DEPENDENCY_SCAN,
                    "客户信息保密管理系统使用的全部第三方库", scanned, "赵磊", sbom
                            ? "对照公开漏洞库逐一核对了依赖项报告中的全部组件，发现一个高危问题：文件上传解析库存在拒绝服务漏洞，"
                                    + "已登记并安排修复。其余组件未发现已知漏洞。"
                            : null, sbom), zhao));
            VulnerabilityView high = as(zhao, () -> vulnerabilities.record(new VulnerabilityInput(
                    "文件上传解析库存在拒绝服务漏洞",
                    "特制的上传文件可使解析库长时间占用处理器，导致系统无法响应。",
                    VulnerabilitySeverity.HIGH, scanned, scan.id(), null, "文件上传"), zhao));
            as(zhao, () -> vulnerabilities.act(high.id(), VulnerabilityAction.START, null, null, zhao));
            VulnerabilityView medium = as(zhao, () -> vulnerabilities.record(new VulnerabilityInput(
                    "登录页面缺少点击劫持防护",
                    "登录页面未禁止被其他网站嵌入，可能被用于诱骗员工输入密码。",
                    VulnerabilitySeverity.MEDIUM, reviewed, null, "内部代码审查", "网页安全响应头"), zhao));
            as(zhao, () -> vulnerabilities.act(medium.id(), VulnerabilityAction.FIX,
                    "已在全部页面加上禁止嵌入的安全响应头。", null, zhao));
            as(zhou, () -> vulnerabilities.act(medium.id(), VulnerabilityAction.VERIFY, null, null, zhou));
            // The times of the days it happened, not of the seeding minute.
            ZoneId zone = times.companyZone();
            if (sbom) {
                jdbc.sql("update supervision_assessment set created_at = ?, completed_at = ? where id = ?")
                        .params(at(scanned, 10, 0, zone), at(scanned, 15, 30, zone), scan.id()).update();
            } else {
                jdbc.sql("update supervision_assessment set created_at = ? where id = ?")
                        .params(at(scanned, 10, 0, zone), scan.id()).update();
            }
            moveBack(high.id(), at(scanned, 16, 0, zone), Map.of("STARTED", at(scanned.plusDays(1), 9, 30, zone)));
            moveBack(medium.id(), at(reviewed, 14, 0, zone), Map.of("FIXED", at(reviewed.plusDays(2), 11, 0, zone),
                    "VERIFIED", at(reviewed.plusDays(3), 10, 0, zone)));
            jdbc.sql("update supervision_vulnerability set fixed_at = ?, verified_at = ? where id = ?")
                    .params(at(reviewed.plusDays(2), 11, 0, zone), at(reviewed.plusDays(3), 10, 0, zone), medium.id())
                    .update();
        });
        log.info("Demo security register seeded: a dependency scan{} and two vulnerabilities",
                sbom ? " with the build's SBOM" : " (planned: this build carries no SBOM)");
    }

    private void moveBack(UUID vulnerability, OffsetDateTime recorded, Map<String, OffsetDateTime> steps) {
        jdbc.sql("update supervision_vulnerability set created_at = ? where id = ?").params(recorded, vulnerability)
                .update();
        jdbc.sql("update supervision_vulnerability_step set happened_at = ? where vulnerability_id = ? and kind = 'RECORDED'")
                .params(recorded, vulnerability).update();
        steps.forEach((kind, when) -> jdbc.sql("update supervision_vulnerability_step set happened_at = ? "
                + "where vulnerability_id = ? and kind = ?").params(when, vulnerability, kind).update());
    }

    private static OffsetDateTime at(LocalDate day, int hour, int minute, ZoneId zone) {
        Instant instant = day.atTime(hour, minute).atZone(zone).toInstant();
        return instant.atOffset(ZoneOffset.UTC);
    }
}
