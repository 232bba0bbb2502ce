package io.custos.supervision;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.access.BreakGlassFigures;
import io.custos.audit.AuditCounts;
import io.custos.audit.AuditOutcome;
import io.custos.casework.CaseFigures;
import io.custos.monitoring.AlertFigures;
import io.custos.identity.Employees;
import io.custos.retention.RetentionFigures;
import io.custos.sharing.GrantFigures;
import io.custos.shared.web.Times;
import io.custos.training.TrainingFigures;

/**
 * Computes an item's live evidence for the inspected department (issue 20.2) from the other
 * modules' public figures. Acts in the period (reveals, refusals, emergency accesses, exports) are
 * counted from the quarter's first day up to its end or now, whichever is earlier, for the
 * department's current staff; states (training, agreements, grants, retention, cases) as of now.
 */
@Component
class InspectionEvidence {

    static final String REVEAL = "customer.field.revealed";
    static final String EXPORT = "customer.records.exported";

    private final TrainingFigures training;
    private final AuditCounts audit;
    private final BreakGlassFigures breakGlass;
    private final GrantFigures grants;
    private final RetentionFigures retention;
    private final CaseFigures cases;
    private final AlertFigures alerts;
    private final Employees employees;
    private final Times times;
    private final Clock clock;

    InspectionEvidence(TrainingFigures training, AuditCounts audit, BreakGlassFigures breakGlass, GrantFigures grants,
            RetentionFigures retention, CaseFigures cases, AlertFigures alerts, Employees employees, Times times, Clock clock) {
        this.training = training;
        this.audit = audit;
        this.breakGlass = breakGlass;
        this.grants = grants;
        this.retention = retention;
        this.cases = cases;
        this.alerts = alerts;
        this.employees = employees;
        this.times = times;
        this.clock = clock;
    }

    EvidenceFigures figures(EvidenceSource source, UUID department, LocalDate start, LocalDate end) {
        ZoneId zone = times.companyZone();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant from = start.atStartOfDay(zone).toInstant();
        Instant endOfPeriod = end.plusDays(1).atStartOfDay(zone).toInstant();
        // Up to and including this moment, or to the quarter's end.
        Instant until = now.isBefore(endOfPeriod) ? now.plusMillis(1) : endOfPeriod;
        return switch (source) {
            case TRAINING -> {
                TrainingFigures.Figures f = training.of(department);
                yield new EvidenceFigures(source, f.notCurrent(), (long) f.late());
            }
            case AGREEMENTS -> new EvidenceFigures(source, training.agreementsNotAccepted(department), null);
            case REVEALS -> new EvidenceFigures(source, audit.count(REVEAL, AuditOutcome.ALLOWED, employees.staffOf(department),
                    from, until), audit.count(REVEAL, AuditOutcome.DENIED, employees.staffOf(department), from, until));
            case BREAK_GLASS -> {
                BreakGlassFigures.Figures f = breakGlass.openedBy(employees.staffOf(department), from, until);
                yield new EvidenceFigures(source, f.opened(), (long) f.reviewed());
            }
            case EXPORTS -> new EvidenceFigures(source, audit.count(EXPORT, AuditOutcome.ALLOWED, employees.staffOf(department),
                    from, until), null);
            case SHARING_GRANTS -> new EvidenceFigures(source, grants.activeFor(department, now), null);
            case RETENTION -> new EvidenceFigures(source, retention.pastRetention(department, today), null);
            case OPEN_CASES -> {
                CaseFigures.Figures f = cases.of(department, today);
                yield new EvidenceFigures(source, f.open(), (long) f.overdue());
            }
            case ALERTS -> {
                AlertFigures.Figures f = alerts.of(department, from, until);
                yield new EvidenceFigures(source, f.raised(), f.findings());
            }
        };
    }

}
