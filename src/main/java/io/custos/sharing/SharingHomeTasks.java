package io.custos.sharing;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.identity.Employees;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/** The approvers' task on the home page: sharing requests waiting for their decision. */
@Component
class SharingHomeTasks implements HomeTaskProvider {

    private final SharingRequests requests;
    private final Employees employees;

    SharingHomeTasks(SharingRequests requests, Employees employees) {
        this.requests = requests;
        this.employees = employees;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        return employees.byId(employeeId).map(e -> {
            CustosUser person = new CustosUser(e.id(), e.username(), e.displayName(), e.departmentId(), e.roles(),
                    e.status());
            int waiting = requests.awaiting(person).size();
            return waiting == 0 ? List.<HomeTask>of() : List.of(new HomeTask(HomeTask.Severity.ACTION_REQUIRED,
                    "home.task.sharingDecisions", List.of(waiting), "/sharing/requests"));
        }).orElse(List.of());
    }
}
