package io.custos.discipline;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * Rewards and penalties on the home page: management's proposals awaiting a decision (none of their
 * own), and for anyone a recent decision about them.
 */
@Component
class DisciplineHomeTasks implements HomeTaskProvider {

    private final Proposals proposals;
    private final Employees employees;

    DisciplineHomeTasks(Proposals proposals, Employees employees) {
        this.proposals = proposals;
        this.employees = employees;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        var person = employees.byId(employeeId).orElse(null);
        if (person == null || person.partnerId() != null) {
            return List.of();
        }
        List<HomeTask> tasks = new ArrayList<>();
        if (person.roles().contains(Role.MANAGEMENT)) {
            int awaiting = proposals.awaiting(employeeId);
            if (awaiting > 0) {
                tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.discipline.awaiting",
                        List.of(awaiting), "/discipline/proposals"));
            }
        }
        int decided = proposals.recentDecisionsAbout(employeeId);
        if (decided > 0) {
            tasks.add(new HomeTask(HomeTask.Severity.INFO, "home.task.discipline.decided", List.of(decided),
                    "/discipline/my-record"));
        }
        return tasks;
    }
}
