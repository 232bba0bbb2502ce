package io.custos.supervision;

import static io.custos.identity.SeedingAs.as;
import static io.custos.identity.SeedingAs.user;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
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
import io.custos.shared.web.Times;

/**
 * The demo's inspection (profile {@code demo}, issue 20.7): wang.fang of the administration
 * department inspected Sales 2 (li.na's department) last quarter on the company checklist and
 * completed it in the quarter's last week. Items whose evidence figures show a problem (late
 * training, an agreement not accepted, customers past retention, unreviewed emergency access,
 * overdue cases) score 2 with a finding; the clean-desk walk scores 1 with a finding. Made through
 * the same use cases as real inspections, so the audit log reads as it would; afterwards the dates
 * are moved back to the quarter's last week (a deadline is always set in the future): the
 * clean-desk rectification is overdue, the others are open. Staff write in Chinese, so the demo
 * texts are Chinese only. Seeded once: skipped when Sales 2 has any inspection.
 */
@Component
@Profile("demo")
@Order(76)
class DemoInspections implements ApplicationRunner {

    static final String INSPECTOR = "wang.fang";
    static final String DEPARTMENT = "SALES2";
    private static final UUID DESK = UUID.fromString("5c0f0000-0000-4000-8000-000000000110");
    private static final Logger log = LoggerFactory.getLogger(DemoInspections.class);

    private final Inspections inspections;
    private final Employees employees;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Times times;

    DemoInspections(Inspections inspections, Employees employees, JdbcClient jdbc, TransactionTemplate transaction,
            Times times) {
        this.inspections = inspections;
        this.employees = employees;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.times = times;
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
            Map<UUID, EvidenceFigures> live = inspections.detail(plan.id(), wang).live();
            for (ChecklistItem item : inspections.checklist(plan.checklistId()).orElseThrow().items()) {
                @Nullable String problem = item.id().equals(DESK) ? null : problem(live.get(item.id()));
                if (item.id().equals(DESK)) {
                    inspections.record(plan.id(), item.id(), 1, true, "下班后两张办公桌上留有客户名单，一个文件柜未上锁。",
                            "晚上七点巡查办公区。", today.plusDays(14), wang);
                } else if (problem != null) {
                    inspections.record(plan.id(), item.id(), 2, true, problem, null, today.plusDays(30), wang);
                } else {
                    inspections.record(plan.id(), item.id(), 3, false, null, null, null, wang);
                }
            }
            inspections.complete(plan.id(), wang);
            backdate(plan.id(), last, today);
            return null;
        }));
        log.info("Demo inspection seeded: {} inspected {} last quarter, the clean-desk finding overdue", INSPECTOR,
                DEPARTMENT);
    }

    /** What an inspector would write when the figures show a problem; null when they do not. */
    private static @Nullable String problem(@Nullable EvidenceFigures f) {
        if (f == null) {
            return null;
        }
        long extra = f.extra() == null ? 0 : f.extra();
        return switch (f.source()) {
            case TRAINING -> f.main() > 0 ? f.main() + " 名员工未取得有效的保密培训合格记录，须在期限内补训。" : null;
            case AGREEMENTS -> f.main() > 0 ? f.main() + " 名员工尚未签署现行保密协议，须督促签署。" : null;
            case RETENTION -> f.main() > 0 ? f.main() + " 个客户已超过保存期限，尚未删除或申请延期。" : null;
            case BREAK_GLASS -> f.main() > extra ? (f.main() - extra) + " 次紧急访问尚未复核。" : null;
            case OPEN_CASES -> extra > 0 ? extra + " 件客户事项已逾期未结。" : null;
            default -> null;
        };
    }

    /**
     * The inspection took place in the quarter's last week: planned ten days before its end, walked
     * and completed on a working day three days before its end, the rectifications opened then. The
     * clean-desk fix was due five days ago (overdue, after the completion), the others in 30 days.
     */
    private void backdate(UUID inspection, Quarter quarter, LocalDate today) {
        ZoneId zone = times.companyZone();
        LocalDate walked = quarter.end().minusDays(3);
        while (walked.getDayOfWeek() == DayOfWeek.SATURDAY || walked.getDayOfWeek() == DayOfWeek.SUNDAY) {
            walked = walked.minusDays(1);
        }
        Instant planned = walked.minusDays(7).atTime(9, 30).atZone(zone).toInstant();
        Instant started = walked.atTime(9, 0).atZone(zone).toInstant();
        Instant completed = walked.atTime(17, 30).atZone(zone).toInstant();
        LocalDate deskDue = today.minusDays(5).isAfter(walked) ? today.minusDays(5) : walked.plusDays(1);
        jdbc.sql("update inspection set planned_at = ?, started_at = ?, completed_at = ? where id = ?")
                .params(Inspections.utc(planned), Inspections.utc(started), Inspections.utc(completed), inspection)
                .update();
        jdbc.sql("update inspection_result set recorded_at = ? where inspection_id = ?")
                .params(Inspections.utc(walked.atTime(16, 0).atZone(zone).toInstant()), inspection).update();
        jdbc.sql("update rectification_step set happened_at = ? where rectification_id in "
                + "(select id from rectification where inspection_id = ?)")
                .params(Inspections.utc(completed), inspection).update();
        jdbc.sql("update rectification set opened_at = ? where inspection_id = ?")
                .params(Inspections.utc(completed), inspection).update();
        jdbc.sql("update rectification set due_on = ? where inspection_id = ? and item_id = ?")
                .params(java.sql.Date.valueOf(deskDue), inspection, DESK).update();
        jdbc.sql("update inspection_result set due_on = ? where inspection_id = ? and item_id = ?")
                .params(java.sql.Date.valueOf(deskDue), inspection, DESK).update();
    }
}
