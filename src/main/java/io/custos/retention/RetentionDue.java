package io.custos.retention;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.Subjects;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.web.Times;

/**
 * The due list of the newest sweep, as far as the person may see it: administration, management and
 * auditors all of it, a head their department's, an employee their own customers'. Company names
 * are the public (L1) name the access module hands out for reviews; nothing else of the customer.
 */
@Service
@Transactional(readOnly = true)
public class RetentionDue {

    private final JdbcClient jdbc;
    private final RetentionRules rules;
    private final Subjects subjects;
    private final Times times;
    private final Clock clock;

    RetentionDue(JdbcClient jdbc, RetentionRules rules, Subjects subjects, Times times, Clock clock) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.subjects = subjects;
        this.times = times;
        this.clock = clock;
    }

    /** One page of the list and how many there are in all. */
    public record Page(List<DueCustomer> customers, long total) {
    }

    /** @param dueOnly only those due now, not those falling due within the notice period */
    public Page list(CustosUser by, @Nullable UUID departmentId, boolean dueOnly, int offset, int limit) {
        StringBuilder where = new StringBuilder(" from retention_due d join customer c on c.id = d.customer_id "
                + "where c.destroyed_at is null");
        List<Object> params = new ArrayList<>();
        if (!by.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.MANAGEMENT, Role.AUDITOR))) {
            if (by.hasRole(Role.DEPT_HEAD) && by.departmentId() != null) {
                where.append(" and c.department_id = ?");
                params.add(by.departmentId());
            } else if (by.hasRole(Role.EMPLOYEE)) {
                where.append(" and c.owner_id = ?");
                params.add(by.id());
            } else {
                return new Page(List.of(), 0);
            }
        }
        if (departmentId != null) {
            where.append(" and c.department_id = ?");
            params.add(departmentId);
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), times.companyZone());
        if (dueOnly) {
            where.append(" and d.due_on <= ?");
            params.add(Date.valueOf(today));
        }
        long total = jdbc.sql("select count(*)" + where).params(params).query(Long.class).single();
        record Row(UUID customer, UUID owner, @Nullable UUID department, String rule, LocalDate basis, LocalDate due) {
        }
        List<Row> rows = jdbc.sql("select d.customer_id, c.owner_id, c.department_id, d.rule_code, d.basis_on, d.due_on"
                + where + " order by d.due_on, d.customer_id offset " + Math.max(0, offset) + " rows fetch next "
                + Math.max(1, Math.min(limit, 500)) + " rows only")
                .params(params)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getObject(5, LocalDate.class),
                        rs.getObject(6, LocalDate.class)))
                .list();
        List<UUID> ids = rows.stream().map(Row::customer).toList();
        Map<UUID, String> names = subjects.companyNames(ids);
        Map<UUID, Boolean> held = new HashMap<>();
        Map<UUID, UUID> inBatch = new HashMap<>();
        if (!ids.isEmpty()) {
            String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
            jdbc.sql("select customer_id from legal_hold where released_at is null and customer_id in (" + marks + ")")
                    .params(List.copyOf(ids)).query(UUID.class).list().forEach(id -> held.put(id, true));
            jdbc.sql("select i.customer_id, i.batch_id from destruction_item i join destruction_batch b on b.id = i.batch_id "
                    + "where b.status in ('PROPOSED', 'APPROVED', 'EXECUTING') and i.customer_id in (" + marks + ")")
                    .params(List.copyOf(ids)).query((rs, n) -> inBatch.put(rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class))).list();
        }
        RetentionRuleSet set = rules.inForce();
        List<DueCustomer> list = rows.stream().map(r -> new DueCustomer(r.customer(), names.get(r.customer()), r.owner(),
                r.department(), r.rule(), set.rule(r.rule()).map(RetentionRule::kind).orElse(RuleKind.PROSPECT_INACTIVE),
                r.basis(), r.due(), !r.due().isAfter(today), held.getOrDefault(r.customer(), false),
                inBatch.get(r.customer()))).toList();
        return new Page(list, total);
    }

    /** How many of this person's customers (or department's, for a head) fall due within the notice period. */
    public long upcomingFor(UUID employeeId, @Nullable UUID headOfDepartment) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), times.companyZone());
        if (headOfDepartment != null) {
            return jdbc.sql("select count(*) from retention_due d join customer c on c.id = d.customer_id "
                    + "where c.destroyed_at is null and d.due_on > ? and c.department_id = ?")
                    .params(Date.valueOf(today), headOfDepartment).query(Long.class).single();
        }
        return jdbc.sql("select count(*) from retention_due d join customer c on c.id = d.customer_id "
                + "where c.destroyed_at is null and d.due_on > ? and c.owner_id = ?")
                .params(Date.valueOf(today), employeeId).query(Long.class).single();
    }

    /** How many customers are due now and in no open batch. */
    public long dueNotProposed() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), times.companyZone());
        return jdbc.sql("select count(*) from retention_due d join customer c on c.id = d.customer_id "
                + "where c.destroyed_at is null and d.due_on <= ? and not exists (select 1 from destruction_item i "
                + "join destruction_batch b on b.id = i.batch_id where i.customer_id = d.customer_id "
                + "and b.status in ('PROPOSED', 'APPROVED', 'EXECUTING'))")
                .param(Date.valueOf(today)).query(Long.class).single();
    }
}
