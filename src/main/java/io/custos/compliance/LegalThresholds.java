package io.custos.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.customer.FieldCatalog;
import io.custos.customer.FieldDefinition;
import io.custos.customer.HoldingFigures;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;
import io.custos.shared.web.Times;
import io.custos.sharing.TransferFigures;

/**
 * The legal thresholds (issue 22.6): how many individuals' information Custos holds and how many
 * went abroad this year, each against the sizes at which the law adds duties (PIPL art. 52 and 54;
 * CAC Provisions on Promoting and Regulating Cross-Border Data Flows, 2024, art. 7 and 8). The
 * thresholds are {@link ComplianceProperties.Legal}. Read by the same people as the record of
 * processing activities.
 */
@Service
public class LegalThresholds {

    private final HoldingFigures holding;
    private final TransferFigures transfers;
    private final FieldCatalog catalog;
    private final ComplianceProperties properties;
    private final Times times;
    private final Clock clock;

    LegalThresholds(HoldingFigures holding, TransferFigures transfers, FieldCatalog catalog,
            ComplianceProperties properties, Times times, Clock clock) {
        this.holding = holding;
        this.transfers = transfers;
        this.catalog = catalog;
        this.properties = properties;
        this.times = times;
        this.clock = clock;
    }

    /** A size of processing and the duties that start there. */
    public record Step(long threshold, List<LegalDuty> duties, boolean crossed) {

        public Step {
            duties = List.copyOf(duties);
        }
    }

    /**
     * One counter as of {@code asOf}: its value, the next threshold not yet reached (none when all
     * are), and every threshold with whether it is crossed (reached or passed).
     */
    public record Counter(LegalCounter counter, long value, @Nullable Long nextThreshold, List<Step> steps,
            Instant asOf) {

        public Counter {
            steps = List.copyOf(steps);
        }

        public List<Step> crossed() {
            return steps.stream().filter(Step::crossed).toList();
        }
    }

    /**
     * The counters now.
     *
     * @param yearStart the first moment of the calendar year the cross-border counters cover
     * @param homeCountry the company's country
     */
    public record View(List<Counter> counters, Instant asOf, Instant yearStart, String homeCountry) {

        public View {
            counters = List.copyOf(counters);
        }

        public Counter counter(LegalCounter which) {
            return counters.stream().filter(c -> c.counter() == which).findFirst().orElseThrow();
        }
    }

    /** @throws DomainException 403 for anyone but {@link ProcessingRecords#READERS} */
    @Transactional(readOnly = true)
    public View current(CustosUser viewer) {
        if (!ProcessingRecords.readable(viewer)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        return compute();
    }

    View compute() {
        Instant now = clock.instant();
        ZoneId zone = times.companyZone();
        Instant yearStart = LocalDate.ofInstant(now, zone).withDayOfYear(1).atStartOfDay(zone).toInstant();
        List<String> sensitive = catalog.fields().stream().filter(f -> f.sensitivity() == Sensitivity.L4)
                .map(FieldDefinition::key).toList();
        TransferFigures.CrossBorder abroad = transfers.crossBorder(yearStart, now, properties.homeCountry(), sensitive);
        ComplianceProperties.Legal legal = properties.legal();
        List<Counter> counters = new ArrayList<>();
        counters.add(counter(LegalCounter.INDIVIDUALS_HELD, holding.customersHeld(), now,
                new Step(legal.individualsHeld(), List.of(LegalDuty.PROTECTION_OFFICER, LegalDuty.COMPLIANCE_AUDITS),
                        false)));
        counters.add(counter(LegalCounter.CROSS_BORDER, abroad.customers(), now,
                new Step(legal.crossBorderContract(), List.of(LegalDuty.STANDARD_CONTRACT), false),
                new Step(legal.crossBorderAssessment(), List.of(LegalDuty.SECURITY_ASSESSMENT), false)));
        counters.add(counter(LegalCounter.CROSS_BORDER_SENSITIVE, abroad.sensitiveCustomers(), now,
                new Step(legal.sensitiveContract(), List.of(LegalDuty.STANDARD_CONTRACT), false),
                new Step(legal.sensitiveAssessment(), List.of(LegalDuty.SECURITY_ASSESSMENT), false)));
        return new View(counters, now, yearStart, properties.homeCountry());
    }

    private static Counter counter(LegalCounter which, long value, Instant now, Step... steps) {
        List<Step> judged = new ArrayList<>();
        Long next = null;
        for (Step step : java.util.Arrays.stream(steps)
                .sorted(java.util.Comparator.comparingLong(Step::threshold)).toList()) {
            boolean crossed = value >= step.threshold();
            judged.add(new Step(step.threshold(), step.duties(), crossed));
            if (!crossed && next == null) {
                next = step.threshold();
            }
        }
        return new Counter(which, value, next, judged, now);
    }
}
