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
 * done), mandatory courses without a current pass as blocking (the gate refuses reveals until they
 * are passed), other courses due, overdue, about to run out or run out, versions waiting for
 * management's approval or sent back to the officer (each opening that version).
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
                if (course.course().mandatory() && !course.standing().current()) {
                    tasks.add(blocking(course, link));
                    continue;
                }
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
                // One task per version, opening that version with its changes; never one's own.
                for (VersionView v : documents.awaitingApprovalBy(employeeId)) {
                    tasks.add(new HomeTask(HomeTask.Severity.ACTION_REQUIRED,
                            v.kind() == DocumentKind.AGREEMENT ? "home.task.training.approveAgreement"
                                    : "home.task.training.approve",
                            List.of(v.number()), "/training/documents/versions/" + v.id()));
                }
            }
            if (me.roles().contains(Role.ADMIN_OFFICER)) {
                // One task per version sent back, opening that version with management's reason.
                for (VersionView v : documents.sentBack()) {
                    tasks.add(new HomeTask(HomeTask.Severity.REMINDER, "home.task.training.revise",
                            List.of(v.number()),
                            "/training/documents/versions/" + v.id()));
                }
            }
        });
        return tasks;
    }

    /**
     * A mandatory course without a current pass: the training gate refuses every reveal of L3-L4
     * data until it is passed, so it is something to do now, not a reminder, whatever its due date.
     */
    private HomeTask blocking(CourseStanding course, String link) {
        return switch (course.standing()) {
            case EXPIRED -> new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.training.blockingExpired",
                    List.of(day(course.validUntil())), link);
            case OVERDUE -> new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.training.blockingOverdue",
                    List.of(course.dueOn().toString()), link);
            default -> new HomeTask(HomeTask.Severity.ACTION_REQUIRED, "home.task.training.blocking",
                    List.of(course.dueOn().toString()), link);
        };
    }

    /** The day in the reader's zone: a pass running out at 20:00 UTC has run out on the next day in Shanghai. */
    private String day(@Nullable Instant at) {
        return at == null ? "" : times.date(at);
    }
}
