package io.custos.supervision;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.time.LocalDate;
import java.util.Optional;

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

/**
 * The demo's security register (profile {@code demo}, issue 20.7): zhao.lei (security
 * administrator) recorded a dependency scan of the running build with its SBOM attached, a
 * high-severity vulnerability it found that is still open, and a medium one he fixed that zhou.min
 * (auditor) verified. Made through the same use cases as real entries; seeded once, into a fresh demo.
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

    DemoVulnerabilities(Assessments assessments, Vulnerabilities vulnerabilities, SbomSource sboms,
            Employees employees, JdbcClient jdbc, TransactionTemplate transaction) {
        this.assessments = assessments;
        this.vulnerabilities = vulnerabilities;
        this.sboms = sboms;
        this.employees = employees;
        this.jdbc = jdbc;
        this.transaction = transaction;
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
            AssessmentView scan = as(zhao, () -> assessments.record(new AssessmentInput(AssessmentKind.DEPENDENCY_SCAN,
                    "Custos 客户信息保密管理系统的全部第三方库 All third-party libraries of the Custos application",
                    today, "赵磊 Zhao Lei", sbom
                            ? "对照公开漏洞库核对了依赖项报告中的全部组件。发现一个高危问题，另有一个中危问题已修复。"
                                    + " Checked every component of the dependency report against public vulnerability"
                                    + " databases: one high-severity issue found; a medium one already fixed."
                            : null, sbom), zhao));
            VulnerabilityView high = as(zhao, () -> vulnerabilities.record(new VulnerabilityInput(
                    "文件上传解析库存在拒绝服务漏洞 Denial of service in the upload parsing library",
                    "特制的上传文件可使解析库长时间占用处理器，导致系统无法响应。"
                            + " A crafted upload keeps the parser busy for minutes, so the system stops answering.",
                    VulnerabilitySeverity.HIGH, today.minusDays(3), scan.id(), null, "文件上传 File uploads"), zhao));
            as(zhao, () -> vulnerabilities.act(high.id(), VulnerabilityAction.START, null, null, zhao));
            VulnerabilityView medium = as(zhao, () -> vulnerabilities.record(new VulnerabilityInput(
                    "登录页面缺少点击劫持防护 Sign-in page could be framed by another site",
                    "登录页面未禁止被其他网站嵌入，可能被用于诱骗员工输入密码。"
                            + " The sign-in page did not forbid framing, so another site could trick staff into typing"
                            + " their password.",
                    VulnerabilitySeverity.MEDIUM, today.minusDays(20), null, "内部代码审查 Internal code review",
                    "网页安全响应头 Web security headers"), zhao));
            as(zhao, () -> vulnerabilities.act(medium.id(), VulnerabilityAction.FIX,
                    "已在全部页面加上禁止嵌入的安全响应头。 Every page now sends the header that forbids framing.", null,
                    zhao));
            as(zhou, () -> vulnerabilities.act(medium.id(), VulnerabilityAction.VERIFY, null, null, zhou));
        });
        log.info("Demo security register seeded: a dependency scan{} and two vulnerabilities",
                sbom ? " with the build's SBOM" : " (planned: this build carries no SBOM)");
    }
}
