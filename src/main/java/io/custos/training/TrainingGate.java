package io.custos.training;

import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.EmployeeView;
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
     * on this node applies at once ({@link TrainingChanges}); one on another node, or a pass that
     * runs out, within this time.
     */
    static final Duration REFRESH = ShortLivedCopy.REFRESH;

    private final PolicyDocuments documents;
    private final Standings standings;
    private final Employees employees;
    /** In the Caffeine cache {@code training-gate}: at most 10,000 people, the least recently asked going first. */
    private final ShortLivedCopy.Keyed<UUID, GateAnswer> answers;

    TrainingGate(PolicyDocuments documents, Standings standings, Employees employees, TrainingChanges changes,
            ShortLivedCopies copies) {
        this.documents = documents;
        this.standings = standings;
        this.employees = employees;
        this.answers = copies.keyed("training-gate", changes.counter());
    }

    /** @throws DomainException {@code not-found} for an unknown employee id */
    public GateAnswer check(UUID employeeId) {
        return answers.get(employeeId, this::compute);
    }

    /**
     * The gate's answer at an instant, for explanations. The agreement part is historical (the
     * version in force then and when it was accepted); course standings are today's, which the
     * answer says, since a pass's history is not replayed here.
     */
    public GateAt checkAt(UUID employeeId, Instant at) {
        EmployeeView employee = employees.byId(employeeId).orElseThrow(DomainException::notFound);
        if (!documents.acceptedAgreementAt(employeeId, at)) {
            return new GateAt(GateAnswer.agreementMissing(documents.agreementInForceAt(at).orElse(null)), false);
        }
        return new GateAt(courses(employee), true);
    }

    /** @param coursesFromToday whether the course standings in the answer are today's rather than those at the time */
    public record GateAt(GateAnswer answer, boolean coursesFromToday) {
    }

    private GateAnswer compute(UUID employeeId) {
        EmployeeView employee = employees.byId(employeeId).orElseThrow(DomainException::notFound);
        if (!documents.acceptedCurrentAgreement(employeeId)) {
            return GateAnswer.agreementMissing(documents.agreementInForce().orElse(null));
        }
        return courses(employee);
    }

    private GateAnswer courses(EmployeeView employee) {
        List<CourseStanding> mandatory = standings.of(employee).stream().filter(s -> s.course().mandatory()).toList();
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
