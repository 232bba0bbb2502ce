package io.custos.retention;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.custos.customer.CustomerActivity;
import io.custos.customer.CustomerErasure;
import io.custos.shared.web.Times;

/**
 * What every destruction of customers does, in the caller's transaction, whoever decided it (a
 * batch's execution, a replay of the destruction journal): keep the business facts each legal
 * minimum in force names, without any link to the person; erase the customers; take them off the
 * due list at once rather than at the next sweep. Legal holds are the caller's business: a batch
 * leaves held customers out before calling, a replay does not (what it replays already happened).
 */
@Component
class Shredder {

    private final CustomerErasure erasure;
    private final CustomerActivity activity;
    private final RetentionRules rules;
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Times times;
    private final Clock clock;

    Shredder(CustomerErasure erasure, CustomerActivity activity, RetentionRules rules, JdbcClient jdbc,
            JdbcTemplate batch, Times times, Clock clock) {
        this.erasure = erasure;
        this.activity = activity;
        this.rules = rules;
        this.jdbc = jdbc;
        this.batch = batch;
        this.times = times;
        this.clock = clock;
    }

    /**
     * The customers erased now, and until when a legal minimum keeps the business facts of each of
     * them whose facts were kept.
     */
    record Shredded(Set<UUID> erased, Map<UUID, LocalDate> keptUntil) {
    }

    /**
     * Keeps the facts of, erases and takes off the due list those of {@code customerIds} still live
     * (at most 1,000, one statement per kind of row), in the caller's transaction, which must exist.
     */
    Shredded shred(List<UUID> customerIds, UUID batchId) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), times.companyZone());
        Map<UUID, LocalDate> keptUntil = keepFacts(customerIds, today);
        Set<UUID> erased = erasure.erase(customerIds, batchId);
        keptUntil.keySet().retainAll(erased);
        if (!erased.isEmpty()) {
            jdbc.sql("delete from retention_due where customer_id in (" + DestructionRepository.marks(erased.size())
                    + ")").params(List.copyOf(erased)).update();
        }
        return new Shredded(erased, keptUntil);
    }

    /**
     * For each legal minimum in force, copies the L1 facts it names of the customers whose last
     * transaction is within its period: a new random id, the rule, the day and the end of the period,
     * nothing that leads back to the customer or the batch.
     */
    private Map<UUID, LocalDate> keepFacts(List<UUID> customerIds, LocalDate today) {
        Map<UUID, LocalDate> kept = new LinkedHashMap<>();
        if (customerIds.isEmpty()) {
            return kept;
        }
        List<RetentionRule> minimums = rules.inForce().rules().stream().filter(r -> r.kind() == RuleKind.LEGAL_MINIMUM)
                .toList();
        if (minimums.isEmpty()) {
            return kept;
        }
        Map<UUID, LocalDate> lastTransaction = new HashMap<>();
        for (CustomerActivity.Activity a : activity.of(customerIds)) {
            if (a.lastTransactionOn() != null) {
                lastTransaction.put(a.customerId(), a.lastTransactionOn());
            }
        }
        List<Object[]> records = new ArrayList<>();
        List<Object[]> values = new ArrayList<>();
        for (RetentionRule minimum : minimums) {
            Map<UUID, LocalDate> until = new LinkedHashMap<>();
            lastTransaction.forEach((id, date) -> {
                LocalDate end = minimum.dueOn(date);
                if (!end.isBefore(today)) {
                    until.put(id, end);
                }
            });
            if (until.isEmpty()) {
                continue;
            }
            Map<UUID, Map<String, String>> facts = erasure.businessFacts(until.keySet(), minimum.fields());
            List<UUID> shuffled = new ArrayList<>(until.keySet());
            // Stored in no order that follows the batch's: row order must not lead back to a customer either.
            Collections.shuffle(shuffled);
            for (UUID customer : shuffled) {
                Map<String, String> of = facts.getOrDefault(customer, Map.of());
                if (of.isEmpty()) {
                    continue;
                }
                UUID record = UUID.randomUUID();
                records.add(new Object[] {record, minimum.code(), Date.valueOf(today), Date.valueOf(until.get(customer))});
                of.forEach((field, value) -> values.add(new Object[] {record, field, value}));
                kept.merge(customer, until.get(customer), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        batch.batchUpdate("insert into retained_fact_record (id, rule_code, kept_since, keep_until) values (?, ?, ?, ?)",
                records);
        batch.batchUpdate("insert into retained_fact_value (record_id, field_key, field_value) values (?, ?, ?)", values);
        return kept;
    }
}
