package io.custos.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.shared.web.Times;

/**
 * Runs the live evidence queries and judges each figure against its thresholds. Every indicator is
 * answered by exactly one group of queries; a gap or a double answer stops the start, so an indicator
 * can never silently read as nothing.
 */
@Component
class Evidence {

    private final Map<Indicator, EvidenceQueries> queries = new EnumMap<>(Indicator.class);
    private final Times times;
    private final Clock clock;

    Evidence(List<EvidenceQueries> groups, Times times, Clock clock) {
        for (EvidenceQueries group : groups) {
            for (Indicator indicator : group.indicators()) {
                if (queries.put(indicator, group) != null) {
                    throw new IllegalStateException("Two evidence queries answer " + indicator);
                }
            }
        }
        for (Indicator indicator : Indicator.values()) {
            if (!queries.containsKey(indicator)) {
                throw new IllegalStateException("No evidence query answers " + indicator);
            }
        }
        this.times = times;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Reads one indicator for the company ({@code department} null) or a department; a company-wide
     * indicator on a department's map is read for the company and marked so.
     */
    Reading read(Indicator indicator, @Nullable UUID department, ThresholdSettings thresholds, Instant now) {
        boolean companyWide = department != null && !indicator.departmental();
        Figure figure = queries.get(indicator).figure(indicator, companyWide ? null : department, now);
        Long value = indicator.unit() == Indicator.Unit.DAYS ? days(figure.at(), now) : figure.value();
        Thresholds applied = thresholds.of(indicator);
        return new Reading(indicator, value, figure.at(), judge(indicator, value, applied), applied, companyWide,
                thresholds.tuned(indicator));
    }

    private @Nullable Long days(@Nullable Instant at, Instant now) {
        if (at == null) {
            return null;
        }
        ZoneId zone = times.companyZone();
        return Math.max(0, ChronoUnit.DAYS.between(LocalDate.ofInstant(at, zone), LocalDate.ofInstant(now, zone)));
    }

    static Status judge(Indicator indicator, @Nullable Long value, @Nullable Thresholds thresholds) {
        if (thresholds == null) {
            return Status.INFO;
        }
        if (value == null) {
            return Status.RED; // never happened: no backup, no drill, no verification yet
        }
        if (indicator.higherIsWorse()) {
            return value >= thresholds.red() ? Status.RED : value >= thresholds.amber() ? Status.AMBER : Status.GREEN;
        }
        return value < thresholds.red() ? Status.RED : value < thresholds.amber() ? Status.AMBER : Status.GREEN;
    }
}
