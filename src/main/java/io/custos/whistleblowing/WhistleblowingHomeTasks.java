package io.custos.whistleblowing;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.identity.Employees;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/** Open whistleblowing reports on the home page of those who handle them (administration officers, auditors). */
@Component
class WhistleblowingHomeTasks implements HomeTaskProvider {

    private final Whistleblowing reports;
    private final Employees employees;

    WhistleblowingHomeTasks(Whistleblowing reports, Employees employees) {
        this.reports = reports;
        this.employees = employees;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        var person = employees.byId(employeeId).orElse(null);
        if (person == null || person.partnerId() != null) {
            return List.of();
        }
        CustosUser me = new CustosUser(person.id(), person.username(), person.displayName(), person.departmentId(),
                person.roles(), person.status());
        int open = reports.openFor(me);
        return open == 0 ? List.of() : List.of(new HomeTask(HomeTask.Severity.ACTION_REQUIRED,
                "home.task.whistle.open", List.of(open), "/whistleblowing/reports"));
    }
}
