package io.custos.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.identity.Employees;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * The paper register's tasks on the home page (issue 16.6): destruction orders waiting for the
 * person's approval, approved orders they may carry out, and documents past their return day that
 * they keep or hold.
 */
@Component
class PaperHomeTasks implements HomeTaskProvider {

    private final PaperDestructions destructions;
    private final PaperRepository repository;
    private final PaperRules rules;
    private final Employees employees;

    PaperHomeTasks(PaperDestructions destructions, PaperRepository repository, PaperRules rules, Employees employees) {
        this.destructions = destructions;
        this.repository = repository;
        this.rules = rules;
        this.employees = employees;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        return employees.byId(employeeId).filter(e -> !e.partner()).map(e -> {
            CustosUser person = new CustosUser(e.id(), e.username(), e.displayName(), e.departmentId(), e.roles(),
                    e.status());
            List<HomeTask> tasks = new ArrayList<>();
            if (!PaperRules.staff(person)) {
                return tasks;
            }
            int[] waiting = destructions.waitingFor(person);
            if (waiting[0] > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.paperApprovals",
                        List.of(waiting[0]), "/paper-records/destructions"));
            }
            if (waiting[1] > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.paperExecutions",
                        List.of(waiting[1]), "/paper-records/destructions"));
            }
            long overdue = repository.overdue(rules.today()).stream()
                    .filter(o -> o.custodianId().equals(employeeId) || o.holderId().equals(employeeId)).count();
            if (overdue > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "home.task.paperOverdue", List.of(overdue),
                        "/paper-records?overdue=true"));
            }
            return tasks;
        }).orElse(List.of());
    }
}
