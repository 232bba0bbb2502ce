package io.custos.monitoring;

import static io.custos.monitoring.MonitoringRulesTests.assertThatRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * A rule's test (issue 21.4): over the last 30 days of the sealed log it finds what the rule would
 * have raised, with repeats under its suppression; it writes no alert and no first contact, and is
 * itself recorded.
 */
@IntegrationTest
class RuleTrialsTests {

    @Autowired RuleTrials trials;
    @Autowired AuditLog audit;
    @Autowired TransactionTemplate transactions;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    private final Instant now = Instant.now();

    @AfterEach
    void backToNow() {
        clock.set(Instant.now());
    }

    @Test
    void aTrialFindsWhatTheRuleWouldHaveRaisedWithItsRepeatsAndWritesNothing() throws Exception {
        TestAccounts.Account reader = accounts.create(now, EnumSet.of(Role.EMPLOYEE));
        TestAccounts.Account longAgo = accounts.create(now, EnumSet.of(Role.EMPLOYEE));
        CustosUser security = user(Role.SECURITY_ADMIN);
        // Ten days ago a burst, twenty minutes later another (a repeat), five days ago a third.
        Instant first = now.minus(Duration.ofDays(10));
        views(reader, 51, first);
        views(reader, 51, first.plus(Duration.ofMinutes(20)));
        views(reader, 51, now.minus(Duration.ofDays(5)));
        // 31 days ago: before the period a test replays.
        views(longAgo, 80, now.minus(Duration.ofDays(31)));
        clock.set(now);
        awaitSealed();
        long alertsBefore = count("select count(*) from monitoring_alert");
        long contactsBefore = count("select count(*) from monitoring_contact");

        RuleTrials.Trial trial = trials.trial(RuleKind.BULK_READING.defaults(), security);

        assertThat(trial.from()).isEqualTo(now.minus(Duration.ofDays(30)));
        assertThat(trial.until()).isEqualTo(now);
        assertThat(trial.truncated()).isFalse();
        assertThat(trial.eventsRead()).isGreaterThanOrEqualTo(153);
        List<RuleTrials.TrialAlert> about = trial.shown().stream().filter(a -> reader.id().equals(a.subjectId()))
                .toList();
        assertThat(about).hasSize(2);
        RuleTrials.TrialAlert older = about.get(1);
        RuleTrials.TrialAlert newer = about.get(0);
        assertThat(older.repeats()).isEqualTo(1);
        assertThat(older.events()).isEqualTo(102);
        assertThat(older.figure()).isEqualTo(51);
        // The windows keep times to the millisecond.
        assertThat(older.firstEventAt()).isEqualTo(first.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(older.lastEventAt()).isEqualTo(first.plus(Duration.ofMinutes(20))
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(newer.repeats()).isZero();
        assertThat(newer.kind()).isEqualTo(RuleKind.BULK_READING);
        assertThat(trial.shown()).noneMatch(a -> longAgo.id().equals(a.subjectId()));
        assertThat(trial.repeats()).isGreaterThanOrEqualTo(1);

        // The same bursts under a higher threshold raise nothing; without suppression three alerts.
        RuleSettings bulk = RuleKind.BULK_READING.defaults();
        RuleTrials.Trial higher = trials.trial(new RuleSettings(RuleKind.BULK_READING, true, bulk.severity(), 60,
                bulk.windowMinutes(), bulk.suppressMinutes(), List.of(), null, null, null), security);
        assertThat(higher.shown()).noneMatch(a -> reader.id().equals(a.subjectId()));
        RuleTrials.Trial unsuppressed = trials.trial(new RuleSettings(RuleKind.BULK_READING, false, bulk.severity(),
                bulk.threshold(), bulk.windowMinutes(), 0, List.of(), null, null, null), security);
        assertThat(unsuppressed.rule().enabled()).as("a test runs the rule as if it were on").isTrue();
        assertThat(unsuppressed.shown()).filteredOn(a -> reader.id().equals(a.subjectId())).hasSize(3)
                .allMatch(a -> a.repeats() == 0);

        trials.trial(RuleKind.UNUSUAL_CUSTOMERS.defaults(), security);
        assertThat(count("select count(*) from monitoring_alert")).isEqualTo(alertsBefore);
        assertThat(count("select count(*) from monitoring_contact")).as("a test learns nothing for good")
                .isEqualTo(contactsBefore);
        assertThat(jdbc.sql("select count(*) from monitoring_contact where actor_id = ?").param(reader.id())
                .query(Long.class).single()).isZero();

        List<Map<String, Object>> recorded = jdbc.sql("select actor_id, target_id, details from audit_event "
                + "where action = 'monitoring.rule.tested' and actor_id = ?").param(security.id()).query()
                .listOfRows();
        assertThat(recorded).hasSize(4);
        assertThat(recorded).allSatisfy(row -> assertThat(row.values()).anyMatch(v -> String.valueOf(v)
                .contains("BULK_READING") || String.valueOf(v).contains("UNUSUAL_CUSTOMERS")));
    }

    @Test
    void aTrialLeavesOutWhatTheRuleWouldSayAboutWhoeverRunsIt() throws Exception {
        CustosUser security = user(Role.SECURITY_ADMIN);
        CustosUser colleague = user(Role.SECURITY_ADMIN);
        TestAccounts.Account himself = new TestAccounts.Account(security.id(), security.username(), null);
        views(himself, 51, now.minus(Duration.ofDays(2)));
        clock.set(now);
        awaitSealed();

        assertThat(trials.trial(RuleKind.BULK_READING.defaults(), security).shown())
                .noneMatch(a -> security.id().equals(a.subjectId()));
        assertThat(trials.trial(RuleKind.BULK_READING.defaults(), colleague).shown())
                .anyMatch(a -> security.id().equals(a.subjectId()));
    }

    @Test
    void onlyTheDecidersOfTheRulesMayTestOne() {
        for (Role role : List.of(Role.EMPLOYEE, Role.DEPT_HEAD, Role.MANAGEMENT, Role.SYSTEM_ADMIN)) {
            CustosUser nobody = user(role);
            assertThatRefused(() -> trials.trial(RuleKind.BULK_READING.defaults(), nobody), HttpStatus.FORBIDDEN,
                    "forbidden");
        }
        assertThat(trials.trial(RuleKind.BREAK_GLASS.defaults(), user(Role.AUDITOR)).rule().kind())
                .isEqualTo(RuleKind.BREAK_GLASS);
    }

    // ------------------------------------------------------------------------------------------

    private void views(TestAccounts.Account reader, int n, Instant at) {
        clock.set(at);
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            customers.add(UUID.randomUUID());
        }
        Actor actor = new Actor(Actor.ActorType.EMPLOYEE, reader.id(), reader.username());
        transactions.executeWithoutResult(s -> customers.forEach(c -> audit.record(AuditEvent.of(AuditCategory.DATA,
                "customer.record.viewed", AuditOutcome.ALLOWED).actor(actor).target("customer", c).build())));
    }

    private CustosUser user(Role role) {
        TestAccounts.Account account = accounts.create(now, EnumSet.of(role));
        return new CustosUser(account.id(), account.username(), "Test " + account.username(), null, Set.of(role),
                EmployeeStatus.ACTIVE);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private void awaitSealed() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (count("select count(*) from audit_event where seq is null") == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the audit sealer did not seal within 10 s");
    }
}
