package io.custos.training;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;
import io.custos.shared.web.Times;

/**
 * Training's part of the home page: documents to acknowledge and the agreement to accept (until
 * done), courses due, overdue, about to run out or run out, versions waiting for management's
 * approval or sent back to the officer.
 */
@Component
class TrainingHomeTasks implements HomeTaskProvider {

    private final PolicyDocuments documents;
    private final Standings standings;
    private final Employees employees;
    private final Times times;

    TrainingHomeTasks(PolicyDocuments documents, Standings standings, Employees employees, Times times) {
        this.times = times;
        this.documents = documents;
        this.standings = standings;
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
            for (CourseStanding course : standings.of(me)) {
                String link = "/training/courses/" + course.courseId();
                switch (course.standing()) {
                    case OVERDUE -> tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED,
                            "home.task.training.overdue", List.of(course.dueOn().toString()), link));
                    case EXPIRED -> tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED,
                            "home.task.training.expired", List.of(day(course.validUntil())), link));
                    case DUE -> tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "home.task.training.due",
                            List.of(course.dueOn().toString()), link));
                    case EXPIRING -> tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "home.task.training.expiring",
                            List.of(day(course.validUntil())), link));
                    default -> {
                    }
                }
            }
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

    /** The day in the reader's zone: a pass running out at 20:00 UTC has run out on the next day in Shanghai. */
    private String day(@Nullable Instant at) {
        return at == null ? "" : times.date(at);
    }
}
