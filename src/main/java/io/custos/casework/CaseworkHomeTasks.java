package io.custos.casework;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * Casework on the home page (issue 19.5): the cases a person answers that are overdue or near due,
 * the administration department's overdue cases, and management's overdue count.
 */
@Component
class CaseworkHomeTasks implements HomeTaskProvider {

    private final Cases cases;
    private final Employees employees;
    private final CaseworkProperties properties;

    CaseworkHomeTasks(Cases cases, Employees employees, CaseworkProperties properties) {
        this.cases = cases;
        this.employees = employees;
        this.properties = properties;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        List<HomeTask> tasks = new ArrayList<>();
        var person = employees.byId(employeeId).orElse(null);
        if (person == null || person.partnerId() != null) {
            return tasks;
        }
        CustosUser me = new CustosUser(person.id(), person.username(), person.displayName(), person.departmentId(),
                person.roles(), person.status());
        if (me.hasRole(Role.ADMIN_OFFICER) || me.hasRole(Role.DEPT_HEAD) || me.hasRole(Role.EMPLOYEE)) {
            List<CaseView> mine = cases.visibleTo(me, false).stream().filter(c -> Cases.mayAct(c, me)).toList();
            long overdue = mine.stream().filter(CaseView::overdue).count();
            long nearDue = mine.stream().filter(c -> c.status() == CaseStatus.OPEN && !c.overdue()
                    && c.workingDaysLeft() <= properties.headWarningDays()).count();
            if (overdue > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.casework.overdue",
                        List.of(overdue), "/cases"));
            }
            if (nearDue > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "home.task.casework.near-due",
                        List.of(nearDue, properties.headWarningDays()), "/cases"));
            }
        } else if (me.hasRole(Role.MANAGEMENT)) {
            int overdue = cases.overdueCount();
            if (overdue > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.INFO, "home.task.casework.management-overdue",
                        List.of(overdue), "/cases"));
            }
        }
        return tasks;
    }
}
