package io.custos.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * Monitoring on the home page (issue 21.2): that the evaluation has fallen behind (security
 * administrators), the alerts this person is to triage (how many are high),
 * a head's open high alerts about their department, and a change of the rules waiting for this
 * person's decision.
 */
@Component
class MonitoringHomeTasks implements HomeTaskProvider {

    private final Alerts alerts;
    private final MonitoringRules rules;
    private final Employees employees;
    private final MonitoringLag lag;

    MonitoringHomeTasks(Alerts alerts, MonitoringRules rules, Employees employees, MonitoringLag lag) {
        this.alerts = alerts;
        this.rules = rules;
        this.employees = employees;
        this.lag = lag;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        List<HomeTask> tasks = new ArrayList<>();
        EmployeeView person = employees.byId(employeeId).orElse(null);
        if (person == null || person.partnerId() != null) {
            return tasks;
        }
        CustosUser me = new CustosUser(person.id(), person.username(), person.displayName(), person.departmentId(),
                person.roles(), person.status());
        if (me.hasRole(io.custos.identity.Role.SECURITY_ADMIN) && lag.behind()) {
            tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "monitoring.home.behind",
                    List.of(lag.maxLag().toMinutes()), "/monitoring/alerts"));
        }
        int[] toTriage = alerts.toTriage(me);
        if (toTriage[0] > 0) {
            tasks.add(new HomeTask(toTriage[1] > 0 ? HomeTask.Severity.ACTION_REQUIRED : HomeTask.Severity.REMINDER,
                    "monitoring.home.triage", List.of(toTriage[0], toTriage[1]), "/monitoring/alerts?status=OPEN"));
        }
        int high = alerts.openHighForHead(me);
        if (high > 0) {
            tasks.add(new HomeTask(HomeTask.Severity.INFO, "monitoring.home.department", List.of(high),
                    "/monitoring/alerts?status=OPEN"));
        }
        if (MonitoringRules.reads(me)) {
            MonitoringRules.RuleSet pending = rules.pending();
            if (pending != null && MonitoringRules.decides(pending, me)) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "monitoring.home.rules",
                        List.of(pending.version()), "/monitoring/rules"));
            }
        }
        return tasks;
    }
}
