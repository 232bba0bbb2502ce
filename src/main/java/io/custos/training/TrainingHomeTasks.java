package io.custos.training;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * Training's part of the home page: documents to acknowledge and the agreement to accept (until
 * done), versions waiting for management's approval or sent back to the officer.
 */
@Component
class TrainingHomeTasks implements HomeTaskProvider {

    private final PolicyDocuments documents;
    private final Employees employees;

    TrainingHomeTasks(PolicyDocuments documents, Employees employees) {
        this.documents = documents;
        this.employees = employees;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        List<HomeTask> tasks = new ArrayList<>();
        for (PolicyDocuments.Pending pending : documents.pendingFor(employeeId)) {
            tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED,
                    pending.kind() == DocumentKind.AGREEMENT ? "home.task.training.agreement"
                            : "home.task.training.acknowledge",
                    List.of(pending.number()), "/training/documents/" + pending.documentId()));
        }
        employees.byId(employeeId).ifPresent(me -> {
            if (me.roles().contains(Role.MANAGEMENT)) {
                long waiting = documents.awaitingApproval();
                if (waiting > 0) {
                    tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.training.approve",
                            List.of(waiting), "/training/documents"));
                }
            }
            if (me.roles().contains(Role.ADMIN_OFFICER)) {
                long sentBack = documents.sentBack();
                if (sentBack > 0) {
                    tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "home.task.training.revise",
                            List.of(sentBack), "/training/documents"));
                }
            }
        });
        return tasks;
    }
}
