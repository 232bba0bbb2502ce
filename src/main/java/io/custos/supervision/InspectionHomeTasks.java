package io.custos.supervision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * Inspections on the home page (issue 20.4): the owner's open rectifications with the nearest due
 * date, the fixes an inspector has to verify, the administration department's inspections of this
 * quarter not completed yet, and management's escalated overdue rectifications.
 */
@Component
class InspectionHomeTasks implements HomeTaskProvider {

    private final Inspections inspections;
    private final Rectifications rectifications;
    private final Employees employees;

    InspectionHomeTasks(Inspections inspections, Rectifications rectifications, Employees employees) {
        this.inspections = inspections;
        this.rectifications = rectifications;
        this.employees = employees;
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
        List<RectificationView> visible = rectifications.visibleTo(me);
        List<RectificationView> mine = visible.stream()
                .filter(r -> r.ownerId().equals(me.id()) && r.status() == RectificationStatus.OPEN)
                .sorted(Comparator.comparing(RectificationView::dueOn)).toList();
        if (!mine.isEmpty()) {
            List<RectificationView> late = mine.stream().filter(RectificationView::overdue).toList();
            if (late.isEmpty()) {
                tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "rectification.home.open",
                        List.of(mine.size(), mine.get(0).dueOn().toString()), "/supervision/rectifications"));
            } else {
                // Both numbers: all open ones are to fix, only the late ones are overdue (LOOK-E F5).
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "rectification.home.late",
                        List.of(mine.size(), late.size(), late.get(0).dueOn().toString()),
                        "/supervision/rectifications"));
            }
        }
        long toVerify = visible.stream().filter(r -> r.inspectorId().equals(me.id())
                && r.status() == RectificationStatus.SUBMITTED).count();
        if (toVerify > 0) {
            tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "rectification.home.verify", List.of(toVerify),
                    "/supervision/rectifications"));
        }
        if (me.hasRole(Role.ADMIN_OFFICER)) {
            int due = inspections.dueThisQuarter();
            if (due > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "inspection.home.due", List.of(due),
                        "/supervision/inspections"));
            }
        }
        if (me.hasRole(Role.MANAGEMENT)) {
            int escalated = rectifications.escalatedOpen();
            if (escalated > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.INFO, "rectification.home.escalated", List.of(escalated),
                        "/supervision/rectifications"));
            }
        }
        return tasks;
    }
}
