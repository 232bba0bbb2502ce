package io.custos.training;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;

/**
 * A department's training and agreement figures for an inspection (issue 20.2, policy §五.1):
 * counts of people only, no names. The caller (supervision) decides who sees them.
 */
@Service
public class TrainingFigures {

    private final Standings standings;
    private final PolicyDocuments documents;
    private final Employees employees;

    TrainingFigures(Standings standings, PolicyDocuments documents, Employees employees) {
        this.standings = standings;
        this.documents = documents;
        this.employees = employees;
    }

    /**
     * How many current staff of the department hold no current pass of a course assigned to them
     * ({@code notCurrent}), and how many of those are late: past the due date or with a pass that
     * ran out, a refresher overdue ({@code late}).
     */
    public record Figures(int notCurrent, int late) {
    }

    @Transactional(readOnly = true)
    public Figures of(UUID departmentId) {
        Set<UUID> staff = staff(departmentId).stream().map(EmployeeView::id).collect(Collectors.toSet());
        List<CourseStanding> all = standings.all().stream().filter(s -> staff.contains(s.employeeId())).toList();
        long notCurrent = all.stream().filter(s -> !s.standing().current()).map(CourseStanding::employeeId)
                .distinct().count();
        long late = all.stream().filter(s -> s.standing().late()).map(CourseStanding::employeeId).distinct().count();
        return new Figures((int) notCurrent, (int) late);
    }

    /** How many current staff of the department have not accepted the confidentiality agreement in force. */
    @Transactional(readOnly = true)
    public int agreementsNotAccepted(UUID departmentId) {
        return (int) staff(departmentId).stream().filter(e -> !documents.acceptedCurrentAgreement(e.id())).count();
    }

    private List<EmployeeView> staff(UUID departmentId) {
        return employees.current().stream().filter(e -> departmentId.equals(e.departmentId()) && e.partnerId() == null
                && e.status() != EmployeeStatus.DEPARTED).toList();
    }
}
