package io.custos.incident;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
import io.custos.shared.web.Times;

/**
 * The demo's risk reports and incidents (profile {@code demo}, issue 20): an untriaged risk report by
 * liu.yang, and a closed general (level IV) incident, a laptop left on a train three days ago, whose
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
    private final Times times;

    DemoIncidents(RiskReports reports, Incidents incidents, Employees employees, Subjects subjects, JdbcClient jdbc,
            TransactionTemplate transaction, Clock clock, Times times) {
        this.times = times;
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
                    "今天上午收到一封自称客户财务部的邮件，要求把全部客户的联系人名单发到一个外部邮箱，发件地址与客户的真实域名只差一个字母。",
                    false, false, liu));
            List<UUID> customers = new ArrayList<>(subjects.companiesNamed("示范门户贸易", 1).keySet());
            IncidentView opened = as(zhao, () -> incidents.open(new NewIncident(Severity.GENERAL,
                    Set.of(DataCategory.CONTACT, DataCategory.TRANSACTION), clock.instant().minus(Duration.ofMinutes(40)),
                    "销售一部员工出差途中将笔记本电脑遗落在高铁上，电脑中保存有一位客户的联系人和近期订单。硬盘已全盘加密。",
                    customers, null), zhao));
            UUID id = opened.id();
            as(zhao, () -> incidents.contain(id, "已远程锁定并擦除该电脑，重置了该员工的全部密码。", zhao));
            as(zhao, () -> incidents.noticeMeasures(id, "遗失的电脑硬盘已全盘加密，并已被远程锁定和擦除；相关账号的密码均已重置。", zhao));
            as(zhao, () -> incidents.notRequired(id, ClockKind.REGULATOR_INITIAL,
                    "一般级别事件，硬盘全盘加密且已远程擦除，依《国家网络安全事件报告管理办法》无需报告。", zhao));
            if (!customers.isEmpty()) {
                as(zhao, () -> incidents.customersNotified(id, null, "销售一部经理电话告知客户联系人。", zhao));
            }
            as(zhao, () -> incidents.close(id, "电脑已擦除，未发现数据被访问。已提醒全体员工出行时随身携带设备。", zhao));
            backdate(id);
        });
        log.info("Demo incidents seeded: an untriaged risk report by {} and a closed general incident", REPORTER);
    }

    /**
     * Spreads the seeded timeline over the days it would take (the use cases stamp every step with the
     * seeding minute): opened three days ago at 09:25 (detected 40 minutes before), contained at 10:05, the
     * notice measures at 11:30, the regulator report found not required at 14:00, the customer phoned the
     * next morning at 10:30, closed the day after at 16:00. The clocks keep their allowed windows.
     */
    private void backdate(UUID id) {
        ZoneId zone = times.companyZone();
        LocalDate first = LocalDate.ofInstant(clock.instant(), zone).minusDays(3);
        Instant opened = first.atTime(9, 25).atZone(zone).toInstant();
        Instant contained = first.atTime(10, 5).atZone(zone).toInstant();
        Instant measures = first.atTime(11, 30).atZone(zone).toInstant();
        Instant notRequired = first.atTime(14, 0).atZone(zone).toInstant();
        Instant told = first.plusDays(1).atTime(10, 30).atZone(zone).toInstant();
        Instant closed = first.plusDays(2).atTime(16, 0).atZone(zone).toInstant();
        Instant wasOpened = jdbc.sql("select opened_at from incident_incident where id = ?").param(id)
                .query(OffsetDateTime.class).single().toInstant();
        Duration shift = Duration.between(wasOpened, opened);
        Instant detected = jdbc.sql("select detected_at from incident_incident where id = ?").param(id)
                .query(OffsetDateTime.class).single().toInstant().plus(shift);
        jdbc.sql("update incident_incident set detected_at = ?, opened_at = ?, closed_at = ? where id = ?")
                .params(utc(detected), utc(opened), utc(closed), id).update();
        jdbc.sql("update incident_customer set added_at = ? where incident_id = ?").params(utc(opened), id).update();
        List<Object[]> clocks = jdbc.sql("select kind, batch, started_at, due_at from incident_clock where incident_id = ?")
                .param(id).query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, OffsetDateTime.class).toInstant()})
                .list();
        for (Object[] c : clocks) {
            Instant stopped = ClockKind.CUSTOMERS.name().equals(c[0]) ? told : notRequired;
            jdbc.sql("update incident_clock set started_at = ?, due_at = ? where incident_id = ? and kind = ? and batch = ?")
                    .params(utc(((Instant) c[2]).plus(shift)), utc(((Instant) c[3]).plus(shift)), id, c[0], c[1]).update();
            jdbc.sql("update incident_clock set stopped_at = ?, stop_recorded_at = ? where incident_id = ? and kind = ? "
                    + "and batch = ? and stopped_at is not null").params(utc(stopped), utc(stopped), id, c[0], c[1]).update();
        }
        for (Object[] step : new Object[][] {{EntryKind.OPENED, opened}, {EntryKind.CUSTOMERS_ADDED, opened},
            {EntryKind.CONTAINED, contained}, {EntryKind.NOTICE_MEASURES, measures},
            {EntryKind.NOT_REQUIRED, notRequired}, {EntryKind.CUSTOMERS_NOTIFIED, told}, {EntryKind.CLOSED, closed}}) {
            jdbc.sql("update incident_entry set happened_at = ? where incident_id = ? and kind = ?")
                    .params(utc((Instant) step[1]), id, ((EntryKind) step[0]).name()).update();
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
