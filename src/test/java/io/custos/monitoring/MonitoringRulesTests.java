package io.custos.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * The rule sets (issue 21.1): proposed by a security administrator, decided by someone else, never by
 * the proposer (also the database's check), one waiting at a time, complete and valid or refused with
 * the setting named.
 */
@IntegrationTest
class MonitoringRulesTests {

    @Autowired MonitoringRules rules;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    private CustosUser proposer;
    private CustosUser otherSecurity;
    private CustosUser auditor;
    private MonitoringRules.RuleSet before;

    @BeforeEach
    void people() {
        proposer = user(Role.SECURITY_ADMIN);
        otherSecurity = user(Role.SECURITY_ADMIN);
        auditor = user(Role.AUDITOR);
        before = rules.inForce();
    }

    @AfterEach
    void backToTheSetInForceBefore() {
        MonitoringRules.RuleSet pending = rules.pending();
        if (pending != null) {
            jdbc.sql("update monitoring_rule_set set status = 'WITHDRAWN' where version = ?").param(pending.version())
                    .update();
        }
        if (!rules.inForce().rules().equals(before.rules())) {
            MonitoringRules.RuleSet back = rules.propose(before.rules(), proposer);
            rules.approve(back.version(), auditor);
        }
    }

    @Test
    void aProposalWaitsUntilSomeoneElseApprovesItAndThenIsInForce() {
        List<RuleSettings> changed = change(RuleKind.BULK_READING, r -> threshold(r, 80));

        MonitoringRules.RuleSet proposed = rules.propose(changed, proposer);

        assertThat(proposed.status()).isEqualTo(MonitoringRules.Status.PROPOSED);
        assertThat(proposed.version()).isGreaterThan(before.version());
        assertThat(proposed.proposedBy()).isEqualTo(proposer.id());
        assertThat(rules.pending()).isEqualTo(proposed);
        assertThat(rules.inForce().version()).isEqualTo(before.version());
        assertAudited("monitoring.rules.proposed", proposed.version(), proposer);

        MonitoringRules.RuleSet approved = rules.approve(proposed.version(), otherSecurity);

        assertThat(approved.status()).isEqualTo(MonitoringRules.Status.APPROVED);
        assertThat(approved.decidedBy()).isEqualTo(otherSecurity.id());
        assertThat(rules.inForce().version()).isEqualTo(proposed.version());
        assertThat(rules.inForce().rule(RuleKind.BULK_READING).threshold()).isEqualTo(80);
        assertThat(rules.pending()).isNull();
        assertThat(rules.history()).extracting(MonitoringRules.RuleSet::version).contains(proposed.version(),
                before.version());
        assertAudited("monitoring.rules.approved", proposed.version(), otherSecurity);
        assertThatRefused(() -> rules.approve(proposed.version(), auditor), HttpStatus.CONFLICT,
                "monitoring-rules-decided");
    }

    @Test
    void theProposerNeverApprovesTheirOwnProposalNotEvenAsAnAuditorNorInTheDatabase() {
        CustosUser both = user(Role.SECURITY_ADMIN, Role.AUDITOR);
        MonitoringRules.RuleSet proposed = rules.propose(change(RuleKind.OFF_HOURS, r -> threshold(r, 9)), both);

        assertThatRefused(() -> rules.approve(proposed.version(), both), HttpStatus.FORBIDDEN,
                "monitoring-rules-own-proposal");
        assertThatRefused(() -> rules.reject(proposed.version(), both), HttpStatus.FORBIDDEN,
                "monitoring-rules-own-proposal");
        assertThat(MonitoringRules.decides(proposed, both)).isFalse();
        assertThat(MonitoringRules.decides(proposed, auditor)).isTrue();
        assertThat(rules.pending()).isNotNull();

        assertThatThrownBy(() -> jdbc.sql("update monitoring_rule_set set status = 'APPROVED', decided_by = proposed_by, "
                + "decided_at = proposed_at where version = ?").param(proposed.version()).update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void onlyASecurityAdministratorProposesAndOnlyDecidersDecide() {
        List<RuleSettings> changed = change(RuleKind.BULK_READING, r -> threshold(r, 70));
        for (CustosUser nobody : List.of(auditor, user(Role.EMPLOYEE), user(Role.MANAGEMENT), user(Role.DEPT_HEAD))) {
            assertThatRefused(() -> rules.propose(changed, nobody), HttpStatus.FORBIDDEN, "forbidden");
        }
        MonitoringRules.RuleSet proposed = rules.propose(changed, proposer);
        for (CustosUser nobody : List.of(user(Role.EMPLOYEE), user(Role.MANAGEMENT), user(Role.SYSTEM_ADMIN))) {
            assertThatRefused(() -> rules.approve(proposed.version(), nobody), HttpStatus.FORBIDDEN, "forbidden");
        }
        assertThatRefused(() -> rules.approve(99_999, auditor), HttpStatus.NOT_FOUND, null);
    }

    @Test
    void rejectedAndWithdrawnProposalsChangeNothing() {
        MonitoringRules.RuleSet first = rules.propose(change(RuleKind.LARGE_EXPORT, r -> threshold(r, 500)), proposer);
        MonitoringRules.RuleSet rejected = rules.reject(first.version(), auditor);
        assertThat(rejected.status()).isEqualTo(MonitoringRules.Status.REJECTED);
        assertThat(rules.inForce().version()).isEqualTo(before.version());
        assertAudited("monitoring.rules.rejected", first.version(), auditor);

        MonitoringRules.RuleSet second = rules.propose(change(RuleKind.LARGE_EXPORT, r -> threshold(r, 400)), proposer);
        assertThatRefused(() -> rules.withdraw(second.version(), otherSecurity), HttpStatus.NOT_FOUND, null);
        MonitoringRules.RuleSet withdrawn = rules.withdraw(second.version(), proposer);
        assertThat(withdrawn.status()).isEqualTo(MonitoringRules.Status.WITHDRAWN);
        assertThat(rules.pending()).isNull();
        assertThat(rules.inForce().version()).isEqualTo(before.version());
        assertAudited("monitoring.rules.withdrawn", second.version(), proposer);
        assertThatRefused(() -> rules.withdraw(second.version(), proposer), HttpStatus.CONFLICT,
                "monitoring-rules-decided");
        assertThatRefused(() -> rules.approve(second.version(), auditor), HttpStatus.CONFLICT,
                "monitoring-rules-decided");
    }

    @Test
    void oneProposalAtATime() {
        rules.propose(change(RuleKind.BULK_READING, r -> threshold(r, 60)), proposer);

        assertThatRefused(() -> rules.propose(change(RuleKind.BULK_READING, r -> threshold(r, 61)), otherSecurity),
                HttpStatus.CONFLICT, "monitoring-rules-pending");
    }

    @Test
    void anIncompleteARepeatedOrAnUnchangedSetIsRefused() {
        List<RuleSettings> missing = new ArrayList<>(before.rules());
        missing.removeIf(r -> r.kind() == RuleKind.AUDIT_CHAIN_FAILURE);
        assertThatRefused(() -> rules.propose(missing, proposer), HttpStatus.UNPROCESSABLE_ENTITY,
                "monitoring-rules-incomplete").satisfies(e -> assertThat(e.properties()).containsEntry("field", "rules"));

        List<RuleSettings> twice = new ArrayList<>(missing);
        twice.add(threshold(before.rule(RuleKind.BULK_READING), 10));
        assertThatRefused(() -> rules.propose(twice, proposer), HttpStatus.UNPROCESSABLE_ENTITY,
                "monitoring-rules-incomplete");

        List<RuleSettings> withNull = new ArrayList<>(missing);
        withNull.add(null);
        assertThatRefused(() -> rules.propose(withNull, proposer), HttpStatus.UNPROCESSABLE_ENTITY,
                "monitoring-rules-incomplete");

        List<RuleSettings> reordered = new ArrayList<>(before.rules());
        java.util.Collections.reverse(reordered);
        assertThatRefused(() -> rules.propose(reordered, proposer), HttpStatus.CONFLICT, "monitoring-rules-unchanged");
        assertThat(rules.pending()).isNull();
    }

    @Test
    void invalidSettingsAreRefusedNamingTheSetting() {
        RuleSettings bulk = RuleKind.BULK_READING.defaults();
        assertInvalid(() -> new RuleSettings(RuleKind.BULK_READING, true, AlertSeverity.HIGH, -1, 10, 60, List.of(),
                null, null, null), "threshold");
        assertInvalid(() -> new RuleSettings(RuleKind.BULK_READING, true, AlertSeverity.HIGH, 1_000_001, 10, 60,
                List.of(), null, null, null), "threshold");
        assertInvalid(() -> new RuleSettings(RuleKind.BULK_READING, true, AlertSeverity.HIGH, 50, 0, 60, List.of(),
                null, null, null), "windowMinutes");
        assertInvalid(() -> new RuleSettings(RuleKind.BULK_READING, true, AlertSeverity.HIGH, 50, 7 * 24 * 60 + 1, 60,
                List.of(), null, null, null), "windowMinutes");
        assertInvalid(() -> new RuleSettings(RuleKind.BULK_READING, true, AlertSeverity.HIGH, 50, 10, -1, List.of(),
                null, null, null), "suppressMinutes");
        UUID department = UUID.randomUUID();
        assertInvalid(() -> new RuleSettings(RuleKind.BULK_READING, true, AlertSeverity.HIGH, 50, 10, 60,
                List.of(department, department), null, null, null), "departments");
        assertInvalid(() -> new RuleSettings(RuleKind.OFF_HOURS, true, AlertSeverity.MEDIUM, 3, 60, 60, List.of(),
                LocalTime.of(18, 0), LocalTime.of(8, 0), null), "workdayEnd");
        assertInvalid(() -> new RuleSettings(RuleKind.OFF_HOURS, true, AlertSeverity.MEDIUM, 3, 60, 60, List.of(),
                LocalTime.of(8, 0), LocalTime.of(8, 0), null), "workdayEnd");
        assertInvalid(() -> new RuleSettings(RuleKind.OFF_HOURS, true, AlertSeverity.MEDIUM, 3, 60, 60, List.of(),
                null, LocalTime.of(8, 0), null), "workdayEnd");
        assertInvalid(() -> new RuleSettings(RuleKind.GRANT_ENDING_ACCESS, true, AlertSeverity.MEDIUM, 3, 60, 60,
                List.of(), null, null, 0), "daysBeforeEnd");
        assertInvalid(() -> new RuleSettings(RuleKind.AUDIT_CHAIN_FAILURE, true, AlertSeverity.HIGH, 0, 60, 60,
                List.of(department), null, null, null), "departments");
        assertInvalid(() -> new RuleSettings(null, true, AlertSeverity.HIGH, 0, 60, 60, List.of(), null, null, null),
                "kind");

        // Settings a kind does not use are dropped, not kept to confuse the comparison with the set in force.
        RuleSettings stray = new RuleSettings(RuleKind.BULK_READING, true, bulk.severity(), bulk.threshold(),
                bulk.windowMinutes(), bulk.suppressMinutes(), null, LocalTime.NOON, LocalTime.MIDNIGHT, 5);
        assertThat(stray).isEqualTo(bulk);
    }

    @Test
    void theDefaultsShipOnAndAreApprovedByNobody() {
        MonitoringRules.RuleSet first = rules.history().get(rules.history().size() - 1);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.proposedBy()).isNull();
        assertThat(first.rules()).isEqualTo(MonitoringRules.defaults());
        assertThat(first.rules()).allMatch(RuleSettings::enabled).hasSize(RuleKind.values().length);
    }

    // ------------------------------------------------------------------------------------------

    private List<RuleSettings> change(RuleKind kind, UnaryOperator<RuleSettings> how) {
        List<RuleSettings> changed = new ArrayList<>();
        for (RuleSettings rule : before.rules()) {
            changed.add(rule.kind() == kind ? how.apply(rule) : rule);
        }
        return changed;
    }

    private static RuleSettings threshold(RuleSettings rule, int threshold) {
        return new RuleSettings(rule.kind(), rule.enabled(), rule.severity(), threshold, rule.windowMinutes(),
                rule.suppressMinutes(), rule.departments(), rule.workdayStart(), rule.workdayEnd(), rule.daysBeforeEnd());
    }

    private CustosUser user(Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), EnumSet.copyOf(List.of(roles)));
        return new CustosUser(account.id(), account.username(), "Test " + account.username(), null, Set.of(roles),
                EmployeeStatus.ACTIVE);
    }

    private void assertAudited(String action, int version, CustosUser by) {
        List<Map<String, Object>> events = jdbc.sql("select actor_id, target_type from audit_event where action = ? "
                + "and target_id = ?").params(action, "v" + version).query().listOfRows();
        assertThat(events).as(action + " v" + version).hasSize(1);
        Map<String, Object> event = new java.util.HashMap<>();
        events.get(0).forEach((k, v) -> event.put(k.toLowerCase(java.util.Locale.ROOT), v));
        assertThat(event.get("actor_id")).isEqualTo(by.id());
        assertThat(event.get("target_type")).isEqualTo(MonitoringRules.TARGET);
    }

    static org.assertj.core.api.ObjectAssert<DomainException> assertThatRefused(ThrowingCallable call,
            HttpStatus status, String code) {
        DomainException[] caught = new DomainException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            if (code != null) {
                assertThat(e.code()).isEqualTo(code);
            }
            caught[0] = e;
        });
        return new org.assertj.core.api.ObjectAssert<>(caught[0]);
    }

    private static void assertInvalid(ThrowingCallable call, String field) {
        assertThatRefused(call, HttpStatus.UNPROCESSABLE_ENTITY, "monitoring-rule-invalid")
                .satisfies(e -> assertThat(e.properties()).containsEntry("field", field));
    }
}
