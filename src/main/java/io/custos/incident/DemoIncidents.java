package io.custos.incident;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

import io.custos.access.Subjects;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;

/**
 * The demo's risk reports and incidents (profile {@code demo}, issue 20): an untriaged risk report by
 * liu.yang, and a closed general (level IV) incident, a laptop left on a train this morning, whose
 * customer was told in time and whose regulator report was recorded as not required, with its
 * containment steps; its report can be printed. Made through the same use cases as real ones, so the
 * audit log reads as it would. Seeded once, into a fresh demo.
 */
@Component
@Profile("demo")
@Order(80)
class DemoIncidents implements ApplicationRunner {

    static final String REPORTER = "liu.yang";
    static final String SECURITY = "zhao.lei";
    private static final Logger log = LoggerFactory.getLogger(DemoIncidents.class);

    private final RiskReports reports;
    private final Incidents incidents;
    private final Employees employees;
    private final Subjects subjects;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DemoIncidents(RiskReports reports, Incidents incidents, Employees employees, Subjects subjects, JdbcClient jdbc,
            TransactionTemplate transaction, Clock clock) {
        this.reports = reports;
        this.incidents = incidents;
        this.employees = employees;
        this.subjects = subjects;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> reporter = employees.byUsername(REPORTER);
        Optional<EmployeeView> security = employees.byUsername(SECURITY);
        if (reporter.isEmpty() || security.isEmpty()
                || jdbc.sql("select count(*) from incident_risk_report").query(Long.class).single() > 0
                || jdbc.sql("select count(*) from incident_incident").query(Long.class).single() > 0) {
            return;
        }
        CustosUser liu = user(reporter.get());
        CustosUser zhao = user(security.get());
        transaction.executeWithoutResult(status -> {
            as(liu, () -> reports.report(RiskCategory.PHISHING,
                    "今天上午收到一封自称客户财务部的邮件，要求把全部客户的联系人名单发到一个外部邮箱，发件地址与客户的真实域名只差一个字母。"
                            + " This morning an e-mail claiming to come from a customer's finance department asked for our whole "
                            + "contact list to be sent to an outside mailbox; the sender's domain differs from the customer's by one letter.",
                    false, false, liu));
            List<UUID> customers = new ArrayList<>(subjects.companiesNamed("示范门户贸易", 1).keySet());
            IncidentView opened = as(zhao, () -> incidents.open(new NewIncident(Severity.GENERAL,
                    Set.of(DataCategory.CONTACT, DataCategory.TRANSACTION),
                    clock.instant().minus(Duration.ofHours(3)),
                    "销售一部员工的笔记本电脑于今早在高铁上遗失，电脑中保存有一位客户的联系人和近期订单。硬盘已全盘加密。"
                            + " A Sales 1 laptop was left on a high-speed train this morning; it held one customer's contacts "
                            + "and recent orders. The disk is fully encrypted.",
                    customers, null), zhao));
            UUID id = opened.id();
            as(zhao, () -> incidents.contain(id, "已远程锁定并擦除该电脑，重置了该员工的全部密码。"
                    + " The laptop was locked and wiped remotely, and all of the employee's passwords were reset.", zhao));
            as(zhao, () -> incidents.noticeMeasures(id, "遗失的电脑硬盘已全盘加密，并已被远程锁定和擦除；相关账号的密码均已重置。"
                    + " The lost laptop's disk was fully encrypted and has been locked and wiped remotely; the passwords "
                    + "of the accounts concerned were reset.", zhao));
            as(zhao, () -> incidents.notRequired(id, ClockKind.REGULATOR_INITIAL,
                    "一般级别事件，硬盘全盘加密且已远程擦除，依《国家网络安全事件报告管理办法》无需报告。"
                            + " A general incident on a fully encrypted, remotely wiped disk: no report is required under the measures.",
                    zhao));
            if (!customers.isEmpty()) {
                as(zhao, () -> incidents.customersNotified(id, null, "销售一部经理电话告知客户联系人。"
                        + " The Sales 1 head phoned the customer's contact person.", zhao));
            }
            as(zhao, () -> incidents.close(id, "电脑已擦除，未发现数据被访问。已提醒全体员工出行时随身携带设备。"
                    + " The laptop was wiped and no access to the data was seen. Everyone was reminded to keep devices with them "
                    + "when travelling.", zhao));
        });
        log.info("Demo incidents seeded: an untriaged risk report by {} and a closed general incident", REPORTER);
    }
}
