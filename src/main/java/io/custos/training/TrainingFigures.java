package io.custos.training;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;

/**
 * Training, policy and agreement figures for an inspection (issue 20.2, policy §五.1) and for the
 * compliance map (issue 22, R-SUP-6): counts of people and times only, no names. Staff are the
 * current employees who are not partners' people and have not departed; a department's staff those
 * of them in it. The caller (supervision, compliance) decides who sees the figures.
 */
@Service
public class TrainingFigures {

    private final Standings standings;
    private final Employees employees;
    private final JdbcClient jdbc;

    TrainingFigures(Standings standings, Employees employees, JdbcClient jdbc) {
        this.standings = standings;
        this.employees = employees;
        this.jdbc = jdbc;
    }

    /**
     * How many current staff of the department hold no current pass of a course assigned to them
     * ({@code notCurrent}), and how many of those are late: past the due date or with a pass that
     * ran out, a refresher overdue ({@code late}).
     */
    public record Figures(int notCurrent, int late) {
    }

    /**
     * Staff with at least one course assigned to them ({@code assigned}) and how many of those hold
     * a current pass of every course assigned to them ({@code current}).
     */
    public record Completion(int assigned, int current) {
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

    /**
     * Training completion of the department's staff, or the whole company's ({@code departmentId}
     * null), by the standings the gate, the reminders and the completion report use: the evidence
     * that the people who must be trained are (R-EMP-2). People with nothing assigned are in neither
     * number. Standings are worked out per person from assignments and results, so this reads them
     * all, as the completion report does.
     */
    @Transactional(readOnly = true)
    public Completion completion(@Nullable UUID departmentId) {
        Set<UUID> staff = staff(departmentId).stream().map(EmployeeView::id).collect(Collectors.toSet());
        Set<UUID> assigned = new HashSet<>();
        Set<UUID> notCurrent = new HashSet<>();
        for (CourseStanding s : standings.all()) {
            if (staff.contains(s.employeeId())) {
                assigned.add(s.employeeId());
                if (!s.standing().current()) {
                    notCurrent.add(s.employeeId());
                }
            }
        }
        return new Completion(assigned.size(), assigned.size() - notCurrent.size());
    }

    /**
     * How many current staff of the department (of the company when {@code departmentId} is null)
     * have not accepted the confidentiality agreement in force; every one of them when none is in
     * force. The evidence that everyone is bound by the agreement (R-EMP-4).
     */
    @Transactional(readOnly = true)
    public int agreementsNotAccepted(@Nullable UUID departmentId) {
        Set<UUID> accepted = acknowledgedAll(DocumentKind.AGREEMENT);
        return (int) staff(departmentId).stream().filter(e -> !accepted.contains(e.id())).count();
    }

    /**
     * How many current staff of the department (of the company when {@code departmentId} is null)
     * have not acknowledged every policy version in force (the versions their home page asks them to
     * acknowledge); none without a policy in force. The evidence that staff know the policy as it
     * stands now (R-EMP-1).
     */
    @Transactional(readOnly = true)
    public int policyNotAcknowledged(@Nullable UUID departmentId) {
        if (inForce(DocumentKind.POLICY) == 0) {
            return 0;
        }
        Set<UUID> acknowledged = acknowledgedAll(DocumentKind.POLICY);
        return (int) staff(departmentId).stream().filter(e -> !acknowledged.contains(e.id())).count();
    }

    /**
     * When the policy in force was published, that is last reviewed and approved by management
     * (R-EMP-1: reviewed at least once a year); with more than one policy document in force, the one
     * reviewed longest ago. Null when no policy is in force.
     */
    @Transactional(readOnly = true)
    public @Nullable Instant policyPublishedAt() {
        OffsetDateTime at = jdbc.sql("select min(v.published_at) from policy_document_version v "
                + "join policy_document d on d.id = v.document_id where v.state = 'PUBLISHED' and d.kind = ?")
                .param(DocumentKind.POLICY.name()).query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).list().get(0);
        return at == null ? null : at.toInstant();
    }

    private int inForce(DocumentKind kind) {
        return jdbc.sql("select count(*) from policy_document_version v join policy_document d on d.id = v.document_id "
                + "where v.state = 'PUBLISHED' and d.kind = ?").param(kind.name()).query(Integer.class).single();
    }

    /**
     * Who acknowledged (accepted) every version of that kind in force: a document has at most one
     * published version and a person one acknowledgment of a version, so all of them is as many as
     * are in force. Nobody when none is in force.
     */
    private Set<UUID> acknowledgedAll(DocumentKind kind) {
        int versions = inForce(kind);
        if (versions == 0) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                select a.employee_id from policy_acknowledgment a
                join policy_document_version v on v.id = a.version_id
                join policy_document d on d.id = v.document_id
                where v.state = 'PUBLISHED' and d.kind = ?
                group by a.employee_id having count(*) = ?""")
                .params(kind.name(), versions).query(UUID.class).list());
    }

    private List<EmployeeView> staff(@Nullable UUID departmentId) {
        return employees.current().stream().filter(e -> (departmentId == null || departmentId.equals(e.departmentId()))
                && e.partnerId() == null && e.status() != EmployeeStatus.DEPARTED).toList();
    }
}
