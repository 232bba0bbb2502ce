package io.custos.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import io.custos.shared.web.Times;

/**
 * The company's readings, recorded through the day: each run replaces the day's record, so the last
 * one of a day stands for its end. A report on a closed quarter reads the record of the quarter's last
 * day; today's figures would tell the board about the wrong period. Counts and times only.
 */
@Component
class Snapshots {

    private static final Logger log = LoggerFactory.getLogger(Snapshots.class);

    record Snapshot(LocalDate day, Instant takenAt, Map<Indicator, Reading> readings) {
    }

    private final JdbcClient jdbc;
    private final Evidence evidence;
    private final ComplianceThresholds thresholds;
    private final Times times;
    private final TransactionTemplate transactions;

    Snapshots(JdbcClient jdbc, Evidence evidence, ComplianceThresholds thresholds, Times times,
            TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.evidence = evidence;
        this.thresholds = thresholds;
        this.times = times;
        this.transactions = transactions;
    }

    @SchedulerLock(name = "custos-compliance-snapshot", lockAtMostFor = "PT1H", lockAtLeastFor = "PT10M")
    @Scheduled(initialDelayString = "${custos.compliance.snapshot-delay:2m}",
            fixedDelayString = "${custos.compliance.snapshot-interval:1h}")
    void scheduled() {
        try {
            take();
        } catch (DataIntegrityViolationException another) {
            log.debug("Another node recorded the compliance readings at the same moment");
        }
    }

    /** Records the company's readings now as today's. */
    void take() {
        transactions.executeWithoutResult(status -> {
            Instant now = evidence.now();
            LocalDate day = LocalDate.ofInstant(now, times.companyZone());
            ThresholdSettings settings = thresholds.settings();
            jdbc.sql("delete from compliance_snapshot where taken_on = ?").param(day).update();
            for (Indicator indicator : Indicator.values()) {
                Reading r = evidence.read(indicator, null, settings, now);
                jdbc.sql("""
                        insert into compliance_snapshot (taken_on, indicator, figure, evidence_at, status, amber, red, tuned, taken_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(day, indicator.name(), r.value(), utc(r.at()), r.status().name(),
                                r.thresholds() == null ? null : r.thresholds().amber(),
                                r.thresholds() == null ? null : r.thresholds().red(), r.tuned(), utc(now))
                        .update();
            }
        });
    }

    /** The record of the latest day from {@code from} to {@code day}, if any. */
    Optional<Snapshot> latest(LocalDate from, LocalDate day) {
        Optional<LocalDate> recorded = jdbc.sql("select max(taken_on) from compliance_snapshot where taken_on >= ? "
                + "and taken_on <= ?").params(from, day)
                .query((rs, n) -> rs.getObject(1, LocalDate.class)).optional().filter(d -> d != null);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Map<Indicator, Reading> readings = new EnumMap<>(Indicator.class);
        Instant[] takenAt = {Instant.EPOCH};
        jdbc.sql("select indicator, figure, evidence_at, status, amber, red, tuned, taken_at from compliance_snapshot where taken_on = ?")
                .param(recorded.get()).query(rs -> {
                    Indicator indicator = ComplianceThresholds.indicator(rs.getString(1));
                    if (indicator == null) {
                        return;
                    }
                    long value = rs.getLong(2);
                    Long v = rs.wasNull() ? null : value;
                    OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
                    long amber = rs.getLong(5);
                    boolean noThresholds = rs.wasNull();
                    long red = rs.getLong(6);
                    readings.put(indicator, new Reading(indicator, v, at == null ? null : at.toInstant(),
                            Status.valueOf(rs.getString(4)), noThresholds ? null : new Thresholds(amber, red), false,
                            rs.getBoolean(7)));
                    takenAt[0] = rs.getObject(8, OffsetDateTime.class).toInstant();
                });
        for (Indicator indicator : Indicator.values()) {
            // An indicator added after that day was not recorded: shown as information without a value.
            readings.putIfAbsent(indicator, new Reading(indicator, null, null, Status.INFO, null, false, false));
        }
        return Optional.of(new Snapshot(recorded.get(), takenAt[0], readings));
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
