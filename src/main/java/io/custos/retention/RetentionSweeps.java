package io.custos.retention;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import io.custos.consent.ConsentLedger;
import io.custos.customer.CustomerActivity;
import io.custos.identity.CustosUser;
import io.custos.shared.web.Times;

/**
 * The retention sweep (issue 16.2, R-DEL-1): applies the rules in force to every live customer and
 * keeps, in {@code retention_due}, each customer that is due or falls due within the notice period,
 * by the rule that makes it due first, with the date the period counted from. It runs daily and on
 * demand; it reads the customers' business dates (one query per rule, thresholds
 * computed here, through the customer module's {@code CustomerActivity} and the consent ledger,
 * so 100,000 customers take one pass each) and never changes them. It also deletes
 * the anonymized business facts whose legal minimum has ended.
 * <p>
 * Two nodes sweeping at once queue on the row of the rule set in force, so the list is replaced
 * whole by one of them at a time.
 */
@Service
public class RetentionSweeps {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final RetentionRules rules;
    private final RetentionProperties properties;
    private final RetentionAudit audit;
    private final Times times;
    private final Clock clock;
    private final CustomerActivity activity;
    private final ConsentLedger consents;

    RetentionSweeps(CustomerActivity activity, ConsentLedger consents, JdbcClient jdbc, JdbcTemplate batch, RetentionRules rules, RetentionProperties properties,
            RetentionAudit audit, Times times, Clock clock) {
        this.activity = activity;
        this.consents = consents;
        this.jdbc = jdbc;
        this.batch = batch;
        this.rules = rules;
        this.properties = properties;
        this.audit = audit;
        this.times = times;
        this.clock = clock;
    }

    private record Found(CustomerActivity.Activity customer, LocalDate basis) {
    }

    private record Due(CustomerActivity.Activity customer, RetentionRule rule, LocalDate basis, LocalDate dueOn) {
    }

    // Transactional itself: sweep() called from here does not pass the proxy, and its audit needs the transaction.
    @SchedulerLock(name = "custos-retention-sweep", lockAtMostFor = "PT3H", lockAtLeastFor = "PT5M")
    @Scheduled(cron = "${custos.retention.sweep-cron:0 30 2 * * *}", zone = "${custos.time.zone:Asia/Shanghai}")
    @Transactional
    void daily() {
        sweep(null);
    }

    /** Runs a sweep now; {@code by} is null for the scheduled one. */
    @Transactional
    public SweepResult sweep(@Nullable CustosUser by) {
        Instant started = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ZoneId zone = times.companyZone();
        LocalDate today = LocalDate.ofInstant(started, zone);
        // Serializes sweeps across nodes: the second waits, then replaces the list with the same answer.
        jdbc.sql("select version from retention_rule_set where status = 'IN_FORCE' for update").query(Integer.class)
                .list();
        RetentionRuleSet set = rules.inForce();
        LocalDate horizon = today.plus(properties.noticePeriod());
        Map<UUID, Due> due = new HashMap<>();
        for (RetentionRule rule : set.rules()) {
            if (!rule.kind().measuresDue()) {
                continue;
            }
            // Due by the horizon when the period started on or before this day.
            LocalDate latestBasis = horizon.minus(rule.period());
            for (Found found : candidates(rule.kind(), latestBasis, zone)) {
                Due candidate = new Due(found.customer(), rule, found.basis(), rule.dueOn(found.basis()));
                due.merge(found.customer().customerId(), candidate, (a, b) -> a.dueOn().isAfter(b.dueOn()) ? b : a);
            }
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into retention_sweep (id, rule_version, as_of, triggered_by, started_at) values (?, ?, ?, ?, ?)")
                .params(id, set.version(), Date.valueOf(today), by == null ? null : by.id(), RetentionRules.utc(started))
                .update();
        jdbc.sql("delete from retention_due").update();
        List<Object[]> rows = new ArrayList<>(due.size());
        int dueNow = 0;
        for (Due d : due.values()) {
            rows.add(new Object[] {d.customer().customerId(), id, d.rule().code(), Date.valueOf(d.basis()),
                    Date.valueOf(d.dueOn()), d.customer().ownerId(), d.customer().departmentId()});
            if (!d.dueOn().isAfter(today)) {
                dueNow++;
            }
        }
        batch.batchUpdate("insert into retention_due (customer_id, sweep_id, rule_code, basis_on, due_on, owner_id, "
                + "department_id) values (?, ?, ?, ?, ?, ?, ?)", rows);
        int purged = purgeFacts(today);
        int upcoming = due.size() - dueNow;
        Instant finished = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("update retention_sweep set finished_at = ?, due_count = ?, upcoming_count = ?, facts_purged = ? "
                + "where id = ?").params(RetentionRules.utc(finished), dueNow, upcoming, purged, id).update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ruleVersion", set.version());
        details.put("due", dueNow);
        details.put("upcoming", upcoming);
        details.put("factsPurged", purged);
        if (by == null) {
            audit.bySystem("retention.sweep.ran", RetentionAudit.SWEEP, id, details, "retention-sweep");
        } else {
            audit.record("retention.sweep.ran", RetentionAudit.SWEEP, id, details);
        }
        return new SweepResult(id, set.version(), today, by == null ? null : by.id(), started, finished, dueNow,
                upcoming, purged);
    }

    @Transactional(readOnly = true)
    public Optional<SweepResult> latest() {
        return jdbc.sql("select id, rule_version, as_of, triggered_by, started_at, finished_at, due_count, "
                + "upcoming_count, facts_purged from retention_sweep where finished_at is not null "
                + "order by started_at desc fetch first 1 rows only")
                .query((rs, n) -> new SweepResult(rs.getObject(1, UUID.class), rs.getInt(2),
                        rs.getObject(3, LocalDate.class), rs.getObject(4, UUID.class),
                        rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getInt(7), rs.getInt(8), rs.getInt(9)))
                .optional();
    }

    private List<Found> candidates(RuleKind kind, LocalDate latestBasis, ZoneId zone) {
        // The end of that day in the company's zone: a record created or a consent withdrawn by then counts.
        Instant endOfDay = latestBasis.plusDays(1).atStartOfDay(zone).toInstant();
        return switch (kind) {
            case PROSPECT_INACTIVE -> activity.prospectsQuietSince(latestBasis, endOfDay).stream()
                    .map(a -> new Found(a, a.lastContactOn() != null ? a.lastContactOn()
                            : LocalDate.ofInstant(a.createdAt(), zone))).toList();
            case CUSTOMER_INACTIVE -> activity.customersQuietSince(latestBasis).stream()
                    .map(a -> new Found(a, java.util.Objects.requireNonNull(a.lastTransactionOn()))).toList();
            case CONSENT_WITHDRAWN -> {
                Map<UUID, Instant> withdrawn = consents.withdrawnCompletelyBefore(endOfDay);
                yield activity.of(withdrawn.keySet()).stream()
                        .map(a -> new Found(a, LocalDate.ofInstant(withdrawn.get(a.customerId()), zone))).toList();
            }
            case LEGAL_MINIMUM -> List.of();
        };
    }

    /** Kept facts whose legal minimum ended before today go for good. */
    private int purgeFacts(LocalDate today) {
        jdbc.sql("delete from retained_fact_value where record_id in "
                + "(select id from retained_fact_record where keep_until < ?)").param(Date.valueOf(today)).update();
        return jdbc.sql("delete from retained_fact_record where keep_until < ?").param(Date.valueOf(today)).update();
    }
}
