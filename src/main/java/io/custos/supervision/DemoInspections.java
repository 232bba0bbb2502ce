package io.custos.supervision;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.time.LocalDate;
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
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;

/**
 * The demo's inspection (profile {@code demo}, issue 20.7): wang.fang of the administration
 * department inspected Sales 2 (li.na's department) last quarter on the company checklist and
 * completed it with two findings: the clean-desk one is already past its deadline, the training
 * one is open. Made through the same use cases as real inspections, so the audit log reads as it
 * would; only the overdue deadline is moved into the past afterwards (a deadline is always set in
 * the future). Seeded once: skipped when Sales 2 has any inspection.
 */
@Component
@Profile("demo")
@Order(76)
class DemoInspections implements ApplicationRunner {

    static final String INSPECTOR = "wang.fang";
    static final String DEPARTMENT = "SALES2";
    private static final UUID TRAINING = UUID.fromString("5c0f0000-0000-4000-8000-000000000102");
    private static final UUID DESK = UUID.fromString("5c0f0000-0000-4000-8000-000000000110");
    private static final Logger log = LoggerFactory.getLogger(DemoInspections.class);

    private final Inspections inspections;
    private final Employees employees;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DemoInspections(Inspections inspections, Employees employees, JdbcClient jdbc, TransactionTemplate transaction) {
        this.inspections = inspections;
        this.employees = employees;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<EmployeeView> officer = employees.byUsername(INSPECTOR);
        Optional<DepartmentView> sales2 = employees.departmentByCode(DEPARTMENT);
        if (officer.isEmpty() || sales2.isEmpty() || sales2.get().headId() == null
                || jdbc.sql("select count(*) from inspection where department_id = ?").param(sales2.get().id())
                        .query(Long.class).single() > 0) {
            return;
        }
        CustosUser wang = user(officer.get());
        UUID department = sales2.get().id();
        transaction.executeWithoutResult(status -> as(wang, () -> {
            LocalDate today = inspections.today();
            Quarter last = Quarter.of(Quarter.of(today).start().minusDays(1));
            InspectionView plan = inspections.plan(department, last.toString(), wang.id(), wang);
            for (ChecklistItem item : inspections.checklist(plan.checklistId()).orElseThrow().items()) {
                if (item.id().equals(DESK)) {
                    inspections.record(plan.id(), item.id(), 1, true,
                            "下班后两张办公桌上留有客户名单，一个文件柜未上锁。Customer lists were left on two desks after hours "
                                    + "and one cabinet was unlocked.",
                            "晚上七点巡查。Walked the office at seven in the evening.", today.plusDays(14), wang);
                } else if (item.id().equals(TRAINING)) {
                    inspections.record(plan.id(), item.id(), 2, true,
                            "一名员工的年度复训已逾期。One employee is late for the yearly refresher training.", null,
                            today.plusDays(30), wang);
                } else {
                    inspections.record(plan.id(), item.id(), 3, false, null, null, null, wang);
                }
            }
            inspections.complete(plan.id(), wang);
            // The desk finding was due five days ago: the demo shows an overdue rectification.
            LocalDate overdue = today.minusDays(5);
            jdbc.sql("update rectification set due_on = ? where inspection_id = ? and item_id = ?")
                    .params(java.sql.Date.valueOf(overdue), plan.id(), DESK).update();
            jdbc.sql("update inspection_result set due_on = ? where inspection_id = ? and item_id = ?")
                    .params(java.sql.Date.valueOf(overdue), plan.id(), DESK).update();
            return null;
        }));
        log.info("Demo inspection seeded: {} inspected {} with two findings, one overdue", INSPECTOR, DEPARTMENT);
    }
}
