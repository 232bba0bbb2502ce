package io.custos.training;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditEntry;
import io.custos.audit.AuditSearch;
import io.custos.identity.EmployeeView;
import io.custos.identity.Role;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;
import io.custos.shared.ShortLivedCopies;
import io.custos.shared.ShortLivedCopy;

/**
 * The question the access decision asks before revealing L3-L4 customer data (R-EMP-2, R-EMP-4):
 * has this person accepted the confidentiality agreement in force, and do they hold a current
 * pass of every mandatory, published course assigned to them (by role or department)? The
 * agreement is checked first; then a course never passed ({@code training-missing}) outweighs a
 * pass that has run out ({@code training-expired}). Without an agreement in force nobody passes.
 * A read with no side effects: the caller records its decision.
 */
@Service
@Transactional(readOnly = true)
public class TrainingGate {

    /**
     * How long an answer is used: every reveal asks, and the answer takes eight queries. A change
     * on this node applies at once ({@link TrainingChanges}), one on another node within a second
     * (its change notice; within this time should the notice be lost), and a pass that runs out
     * at that instant.
     */
    static final Duration REFRESH = ShortLivedCopy.REFRESH;
    static final String UNASSIGNED = "training.course.unassigned";

    private final PolicyDocuments documents;
    private final Standings standings;
    private final Employees employees;
    /** In the Caffeine cache {@code training-gate}: at most 10,000 people, the least recently asked going first. */
    private final ShortLivedCopy.Keyed<UUID, GateAnswer> answers;
    private final CourseRepository courses;
    private final AuditSearch auditSearch;
    private final Clock clock;

    TrainingGate(PolicyDocuments documents, Standings standings, Employees employees, TrainingChanges changes,
            ShortLivedCopies copies, CourseRepository courses, AuditSearch auditSearch, Clock clock) {
        this.courses = courses;
        this.auditSearch = auditSearch;
        this.clock = clock;
        this.documents = documents;
        this.standings = standings;
        this.employees = employees;
        this.answers = copies.keyed("training-gate", changes.counter());
    }

    /** @throws DomainException {@code not-found} for an unknown employee id */
    public GateAnswer check(UUID employeeId) {
        return answers.getUntil(employeeId, this::compute);
    }

    /**
     * The gate's answer as it was at an instant, for explanations of past decisions (issue 14.4):
     * the agreement version in force then and whether the person had accepted it by then; the
     * mandatory courses assigned then to the roles and department the person had then (the caller
     * rebuilds those from identity's history); and the passes submitted by then, each counting
     * until its validity ended. An instant not yet come is answered as of now: the gate never
     * tells when a pass will run out. Only those who may ask for explanations may ask this; the
     * answer holds what any refusal holds (a reason and the courses), never a score or a date.
     *
     * @param rolesThen the person's roles at the instant
     * @param departmentThen the person's department at the instant
     * @throws DomainException {@code not-found} for an unknown employee id
     */
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR')")
    public GateAt checkAt(UUID employeeId, Set<Role> rolesThen, @Nullable UUID departmentThen, Instant at) {
        EmployeeView employee = employees.byId(employeeId).orElseThrow(DomainException::notFound);
        Instant now = clock.instant();
        // Stored times are microseconds, rounded by some databases: what happened at that very instant counts.
        Instant then = (at.isAfter(now) ? now : at).plusNanos(999).truncatedTo(ChronoUnit.MICROS);
        boolean complete = !assignmentRemovedUnkept(then);
        if (!documents.acceptedAgreementAt(employeeId, then)) {
            return new GateAt(GateAnswer.agreementMissing(documents.agreementInForceAt(then).orElse(null)), complete);
        }
        return new GateAt(answer(standings.at(employee, rolesThen, departmentThen, then)), complete);
    }

    /**
     * @param complete false when an assignment was removed after the instant but before removals
     *        were kept (issue 14.4): the answer may then miss a course that was assigned at the time
     */
    public record GateAt(GateAnswer answer, boolean complete) {
    }

    /** Whether the audit log records the removal, after the instant, of an assignment whose row is gone. */
    private boolean assignmentRemovedUnkept(Instant after) {
        for (CourseRepository.Row course : courses.everPublished()) {
            for (AuditEntry removal : auditSearch.changesSince(TrainingAudit.COURSE, course.id().toString(),
                    List.of(UNASSIGNED), after, 500)) {
                Object assignment = removal.details().get("assignment");
                if (assignment == null || !courses.assignmentKept(UUID.fromString(assignment.toString()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private ShortLivedCopy.Until<GateAnswer> compute(UUID employeeId) {
        EmployeeView employee = employees.byId(employeeId).orElseThrow(DomainException::notFound);
        if (!documents.acceptedCurrentAgreement(employeeId)) {
            return new ShortLivedCopy.Until<>(GateAnswer.agreementMissing(documents.agreementInForce().orElse(null)),
                    null);
        }
        List<CourseStanding> standing = standings.of(employee);
        // A pass that runs out changes the answer with no change to any data, so no node hears of it:
        // the answer is not used from that instant on (issue 23).
        @Nullable Instant runsOut = standing.stream().filter(s -> s.course().mandatory() && s.standing().current())
                .map(CourseStanding::validUntil).filter(java.util.Objects::nonNull)
                .min(java.util.Comparator.naturalOrder()).orElse(null);
        return new ShortLivedCopy.Until<>(answer(standing), runsOut);
    }

    /** A course never passed outweighs a pass that has run out; optional courses never refuse. */
    private static GateAnswer answer(List<CourseStanding> standings) {
        List<CourseStanding> mandatory = standings.stream().filter(s -> s.course().mandatory()).toList();
        List<UUID> missing = mandatory.stream().filter(s -> s.standing() == Standing.DUE
                || s.standing() == Standing.OVERDUE).map(CourseStanding::courseId).toList();
        if (!missing.isEmpty()) {
            return GateAnswer.refuse(GateAnswer.Reason.TRAINING_MISSING, missing);
        }
        List<UUID> expired = mandatory.stream().filter(s -> s.standing() == Standing.EXPIRED)
                .map(CourseStanding::courseId).toList();
        if (!expired.isEmpty()) {
            return GateAnswer.refuse(GateAnswer.Reason.TRAINING_EXPIRED, expired);
        }
        return GateAnswer.allow();
    }
}
