package io.custos.handover;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * The handover's home-page tasks (issue 18.6): the head sees what waits in their department's
 * handovers; the person on notice is asked for the undertaking before their leaving date.
 */
@Component
class HandoverHomeTasks implements HomeTaskProvider {

    private final Handovers handovers;

    HandoverHomeTasks(Handovers handovers) {
        this.handovers = handovers;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        List<HomeTask> tasks = new ArrayList<>();
        List<HandoverCase> waiting = handovers.waitingForHead(employeeId).stream()
                .filter(c -> !c.employeeId().equals(employeeId)).toList();
        if (!waiting.isEmpty()) {
            int items = waiting.stream().mapToInt(HandoverCase::openItems).sum();
            tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.handover.head",
                    List.of(items, waiting.size()), waiting.size() == 1 ? "/handovers/" + waiting.get(0).id()
                            : "/handovers"));
        }
        handovers.openCaseOf(employeeId).filter(c -> c.kind() == HandoverKind.DEPARTURE && !c.undertakingGiven())
                .ifPresent(c -> tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED,
                        "home.task.handover.undertaking", List.of(c.effectiveOn().toString()),
                        "/handovers/" + c.id())));
        return tasks;
    }
}
