package io.custos.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.access.BreakGlassFigures;
import io.custos.casework.CaseFigures;
import io.custos.handover.HandoverFigures;
import io.custos.identity.Employees;
import io.custos.incident.IncidentFigures;
import io.custos.monitoring.AlertFigures;
import io.custos.shared.web.Times;
import io.custos.supervision.SupervisionFigures;
import io.custos.training.TrainingFigures;
import io.custos.whistleblowing.WhistleblowingFigures;

import static io.custos.compliance.Indicator.*;

/**
 * The map's evidence about people and the processes they run (R-SUP-6, R-X-6, issue 22): training,
 * the policy and the agreement, handovers, customers' requests, incidents, inspections, monitoring,
 * whistleblowing, security assessments and emergency accesses, each read from the owning module's
 * public figures. Days (due dates) are counted in the company's zone.
 */
@Component
class PeopleEvidence implements EvidenceQueries {

    private static final Set<Indicator> INDICATORS = EnumSet.of(TRAINING_COMPLETION, POLICY_NOT_ACKNOWLEDGED,
            AGREEMENTS_NOT_ACCEPTED, DAYS_SINCE_POLICY_REVIEW, OVERDUE_HANDOVERS, OVERDUE_CASES, OPEN_INCIDENTS,
            OVERDUE_INCIDENT_CLOCKS, OPEN_FINDINGS, OVERDUE_RECTIFICATIONS, UNTRIAGED_ALERTS, REPORTS_PAST_ANSWER_DATE,
            DAYS_SINCE_ASSESSMENT, OVERDUE_VULNERABILITIES, BREAK_GLASS_UNREVIEWED);

    private final TrainingFigures training;
    private final HandoverFigures handovers;
    private final CaseFigures cases;
    private final IncidentFigures incidents;
    private final SupervisionFigures supervision;
    private final AlertFigures alerts;
    private final WhistleblowingFigures whistleblowing;
    private final BreakGlassFigures breakGlass;
    private final Employees employees;
    private final Times times;

    PeopleEvidence(TrainingFigures training, HandoverFigures handovers, CaseFigures cases, IncidentFigures incidents,
            SupervisionFigures supervision, AlertFigures alerts, WhistleblowingFigures whistleblowing,
            BreakGlassFigures breakGlass, Employees employees, Times times) {
        this.training = training;
        this.handovers = handovers;
        this.cases = cases;
        this.incidents = incidents;
        this.supervision = supervision;
        this.alerts = alerts;
        this.whistleblowing = whistleblowing;
        this.breakGlass = breakGlass;
        this.employees = employees;
        this.times = times;
    }

    @Override
    public Set<Indicator> indicators() {
        return INDICATORS;
    }

    @Override
    public Figure figure(Indicator indicator, @Nullable UUID department, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, times.companyZone());
        return switch (indicator) {
            case TRAINING_COMPLETION -> {
                TrainingFigures.Completion c = training.completion(department);
                yield Figure.share(c.current(), c.assigned(), now);
            }
            case POLICY_NOT_ACKNOWLEDGED -> Figure.count(training.policyNotAcknowledged(department), now);
            case AGREEMENTS_NOT_ACCEPTED -> Figure.count(training.agreementsNotAccepted(department), now);
            case DAYS_SINCE_POLICY_REVIEW -> Figure.last(training.policyPublishedAt());
            case OVERDUE_HANDOVERS -> Figure.count(handovers.overdue(department, today), now);
            case OVERDUE_CASES -> Figure.count(cases.overdue(department, today), now);
            case OPEN_INCIDENTS -> Figure.count(incidents.open(), now);
            case OVERDUE_INCIDENT_CLOCKS -> Figure.count(incidents.overdueClocks(now), now);
            case OPEN_FINDINGS -> Figure.count(supervision.openRectifications(department), now);
            case OVERDUE_RECTIFICATIONS -> Figure.count(supervision.overdueRectifications(department, today), now);
            case UNTRIAGED_ALERTS -> Figure.count(alerts.untriaged(department), now);
            case REPORTS_PAST_ANSWER_DATE -> Figure.count(whistleblowing.pastAnswerDate(today), now);
            case DAYS_SINCE_ASSESSMENT -> Figure.last(supervision.lastAssessment());
            case OVERDUE_VULNERABILITIES -> Figure.count(supervision.overdueVulnerabilities(today), now);
            case BREAK_GLASS_UNREVIEWED -> Figure.count(breakGlass.unreviewedPastDeadline(
                    department == null ? null : employees.staffOf(department), now), now);
            default -> throw new IllegalArgumentException("Not an indicator of this group: " + indicator);
        };
    }


}
