package io.custos.sharing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.Employees;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/** Export packages on the home page: packages to decide, copies to confirm destroyed. */
@Component
class ExportHomeTasks implements HomeTaskProvider {

    private final ExportPackages packages;
    private final Employees employees;
    private final io.custos.shared.web.Times times;

    ExportHomeTasks(ExportPackages packages, Employees employees, io.custos.shared.web.Times times) {
        this.times = times;
        this.packages = packages;
        this.employees = employees;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        List<HomeTask> tasks = new ArrayList<>();
        employees.byId(employeeId).ifPresent(me -> {
            io.custos.identity.CustosUser user = new io.custos.identity.CustosUser(me.id(), me.username(),
                    me.displayName(), me.departmentId(), me.roles(), me.status());
            for (ExportPackageView p : packages.toDecide(user)) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.exportPackage",
                        List.of(p.customerCount(), p.requesterName()), "/sharing/exports/" + p.id()));
            }
        });
        for (ExportPackageView.Destruction d : packages.openDestructions(employeeId)) {
            packages.packageOfDestruction(d.id(), d.personId()).ifPresent(p -> tasks.add(new HomeTask(
                    HomeTask.Severity.ACTION_REQUIRED, "home.task.exportDestruction", List.of(times.date(d.dueAt())),
                    "/sharing/exports/" + p)));
        }
        return tasks;
    }
}
