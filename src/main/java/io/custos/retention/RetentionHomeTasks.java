package io.custos.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * Retention tasks on the home page (issue 16.2, 16.3, 16.8), counts only: owners and their heads are
 * told how many customers fall due within the notice period, so a new transaction or contact can be
 * recorded to keep them; the administration department what is due and not yet proposed and which
 * deletion requests are open; whoever approves a batch the batches waiting for them; security
 * administrators a rule version waiting for their approval.
 */
@Component
class RetentionHomeTasks implements HomeTaskProvider {

    private final Employees employees;
    private final RetentionDue due;
    private final DestructionBatches batches;
    private final RetentionRules rules;
    private final JdbcClient jdbc;

    RetentionHomeTasks(Employees employees, RetentionDue due, DestructionBatches batches, RetentionRules rules,
            JdbcClient jdbc) {
        this.employees = employees;
        this.due = due;
        this.batches = batches;
        this.rules = rules;
        this.jdbc = jdbc;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        return employees.byId(employeeId).filter(e -> e.status() != EmployeeStatus.DEPARTED && !e.partner())
                .map(e -> tasks(new CustosUser(e.id(), e.username(), e.displayName(), e.departmentId(), e.roles(),
                        e.status())))
                .orElse(List.of());
    }

    private List<HomeTask> tasks(CustosUser person) {
        List<HomeTask> tasks = new ArrayList<>();
        if (person.hasRole(Role.DEPT_HEAD) && person.departmentId() != null) {
            long upcoming = due.upcomingFor(person.id(), person.departmentId());
            if (upcoming > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "home.task.retention.departmentFallsDue",
                        List.of(upcoming), "/retention/due"));
            }
        } else if (person.hasRole(Role.EMPLOYEE)) {
            long upcoming = due.upcomingFor(person.id(), null);
            if (upcoming > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "home.task.retention.ownFallsDue",
                        List.of(upcoming), "/retention/due"));
            }
        }
        if (person.hasAnyRole(List.of(Role.DEPT_HEAD, Role.ADMIN_OFFICER, Role.MANAGEMENT))) {
            int awaiting = batches.awaiting(person).size();
            if (awaiting > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.retention.batchesAwaiting",
                        List.of(awaiting), "/retention/batches"));
            }
        }
        if (person.hasRole(Role.ADMIN_OFFICER)) {
            long dueNow = due.dueNotProposed();
            if (dueNow > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.retention.due", List.of(dueNow),
                        "/retention/due?when=due"));
            }
            long open = jdbc.sql("select count(*) from deletion_request where status = 'OPEN'").query(Long.class)
                    .single();
            if (open > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.retention.deletionRequests",
                        List.of(open), "/retention/deletion-requests"));
            }
        }
        if (person.hasRole(Role.SECURITY_ADMIN)) {
            rules.pending().filter(p -> !person.id().equals(p.proposedBy())).ifPresent(p -> tasks.add(new HomeTask(
                    HomeTask.Severity.ACTION_REQUIRED, "home.task.retention.rulesAwaiting", List.of(p.version()),
                    "/retention/rules")));
        }
        return tasks;
    }
}
