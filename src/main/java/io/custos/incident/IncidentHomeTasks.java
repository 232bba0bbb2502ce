package io.custos.incident;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;
import io.custos.shared.web.Times;

/**
 * Incidents on the home page (issue 20.4): for IT security the untriaged risk reports (since when)
 * and every running notification clock with its due time; for management the overdue clocks. Due
 * times are shown in the person's own zone.
 */
@Component
class IncidentHomeTasks implements HomeTaskProvider {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final RiskReports reports;
    private final Incidents incidents;
    private final Employees employees;
    private final Times times;

    IncidentHomeTasks(RiskReports reports, Incidents incidents, Employees employees, Times times) {
        this.reports = reports;
        this.incidents = incidents;
        this.employees = employees;
        this.times = times;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        List<HomeTask> tasks = new ArrayList<>();
        EmployeeView person = employees.byId(employeeId).orElse(null);
        if (person == null || person.partnerId() != null) {
            return tasks;
        }
        boolean security = person.roles().contains(Role.SECURITY_ADMIN);
        boolean management = person.roles().contains(Role.MANAGEMENT);
        // Reports about IT security itself wait for the auditors and management, never for IT security.
        boolean oversight = !security && (management || person.roles().contains(Role.AUDITOR));
        if (!security && !oversight) {
            return tasks;
        }
        ZoneId zone = times.zoneOf(employeeId);
        if (security || oversight) {
            boolean aboutSecurity = oversight;
            int untriaged = reports.untriaged(aboutSecurity);
            if (untriaged > 0) {
                String since = reports.oldestUntriaged(aboutSecurity).map(at -> TIME.format(at.atZone(zone)))
                        .orElse("—");
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.incident.untriaged",
                        List.of(untriaged, since), "/risk-reports"));
            }
        }
        if (!security && !management) {
            return tasks;
        }
        int overdue = 0;
        for (IncidentView incident : incidents.openIncidents()) {
            for (IncidentClock c : incident.running()) {
                if (c.overdue()) {
                    overdue++;
                }
                if (security) {
                    tasks.add(new HomeTask(c.overdue() || c.escalation() != ClockEscalation.NONE
                            ? HomeTask.Severity.ACTION_REQUIRED : HomeTask.Severity.REMINDER,
                            "home.task.incident.clock." + c.kind(), List.of(incident.reference(),
                                    TIME.format(c.dueAt().atZone(zone))), "/incidents/" + incident.id()));
                }
            }
        }
        if (management && !security && overdue > 0) {
            tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.incident.overdue", List.of(overdue),
                    "/incidents"));
        }
        return tasks;
    }
}
