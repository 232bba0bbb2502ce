package io.custos.access;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/** The alert on the reviewers' home page: emergency accesses and flagged reveals waiting for review. */
@Component
class AccessHomeTasks implements HomeTaskProvider {

    private final AccessReviews reviews;

    AccessHomeTasks(AccessReviews reviews) {
        this.reviews = reviews;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        int open = reviews.openFor(employeeId);
        return open == 0 ? List.of()
                : List.of(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.accessReviews", List.of(open),
                        "/access/reviews"));
    }
}
