package io.custos.access;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * The access module's home-page tasks: emergency accesses and flagged reveals waiting for review,
 * and a policy version waiting for approval, linking to the draft itself. Nobody is shown a task
 * they may not do (their own access, their own proposal).
 */
@Component
class AccessHomeTasks implements HomeTaskProvider {

    private final AccessReviews reviews;
    private final AccessPolicies policies;
    private final Employees employees;

    AccessHomeTasks(AccessReviews reviews, AccessPolicies policies, Employees employees) {
        this.reviews = reviews;
        this.policies = policies;
        this.employees = employees;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        List<HomeTask> tasks = new ArrayList<>();
        int open = reviews.openFor(employeeId);
        if (open > 0) {
            tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.accessReviews", List.of(open),
                    "/access/reviews"));
        }
        EmployeeView me = employees.byId(employeeId).orElse(null);
        if (me != null && me.status() != EmployeeStatus.DEPARTED && AccessPolicies.mayDecide(me.roles())) {
            policies.draft().filter(d -> !policies.authoredBy(d.version(), employeeId)
                    && !d.createdBy().equals(me.username()))
                    .ifPresent(d -> tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED,
                            "home.task.accessPolicyApproval", List.of(d.version()),
                            "/access/policy/versions/" + d.version())));
        }
        return tasks;
    }
}
