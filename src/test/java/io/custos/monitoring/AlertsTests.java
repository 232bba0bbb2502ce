package io.custos.monitoring;

import static io.custos.monitoring.MonitoringRulesTests.assertThatRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
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
import io.custos.incident.DataCategory;
import io.custos.incident.IncidentView;
import io.custos.incident.Incidents;
import io.custos.incident.NewIncident;
import io.custos.incident.Severity;
import io.custos.shared.Actor;
import io.custos.shared.HomeTask;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Who sees, counts and triages which alerts (issue 21.2): nobody anything about themselves; security
 * administrators and auditors all others; a head their departments'; an employee none. Alerts about a
 * security administrator are the auditors' to triage. The triage note is stored encrypted.
 */
@IntegrationTest
class AlertsTests {

    @Autowired Alerts alerts;
    @Autowired MonitoringHomeTasks homeTasks;
    @Autowired MonitoringRules rules;
    @Autowired Incidents incidents;
    @Autowired AuditLog audit;
    @Autowired TransactionTemplate transactions;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    private UUID sales;
    private UUID purchasing;
    private CustosUser salesHead;
    private CustosUser purchasingHead;
    private CustosUser seller;
    private CustosUser buyer;
    private CustosUser security;
    private CustosUser otherSecurity;
    private CustosUser auditor;
    private CustosUser employee;
    private Instant raisedAt;

    @BeforeEach
    void company() {
        // A time of this test's own, so the counts of [raisedAt, raisedAt + 1 s) are this test's alerts.
        raisedAt = Instant.parse("2031-01-01T00:00:00Z").plus(Duration.ofSeconds(new java.util.Random().nextInt(
                30_000_000)));
        clock.set(raisedAt);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        sales = accounts.customerDepartment("AS" + suffix);
        purchasing = accounts.customerDepartment("AP" + suffix);
        salesHead = member(sales, Role.EMPLOYEE, Role.DEPT_HEAD);
        purchasingHead = member(purchasing, Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(salesHead.id(), sales).update();
        jdbc.sql("update department set head_id = ? where id = ?").params(purchasingHead.id(), purchasing).update();
        seller = member(sales, Role.EMPLOYEE);
        buyer = member(purchasing, Role.EMPLOYEE);
        security = member(null, Role.SECURITY_ADMIN);
        otherSecurity = member(null, Role.SECURITY_ADMIN);
        auditor = member(null, Role.AUDITOR);
        employee = member(sales, Role.EMPLOYEE);
    }

    @Test
    void nobodySeesOrCountsAlertsAboutThemselvesAndHeadsSeeTheirDepartmentsOnly() {
        UUID aboutSeller = raise(RuleKind.BULK_READING, AlertSeverity.HIGH, seller, sales);
        UUID aboutBuyer = raise(RuleKind.OFF_HOURS, AlertSeverity.MEDIUM, buyer, purchasing);
        UUID aboutHead = raise(RuleKind.LARGE_EXPORT, AlertSeverity.HIGH, salesHead, sales);
        UUID aboutSecurity = raise(RuleKind.BULK_READING, AlertSeverity.HIGH, security, null);
        UUID aboutChain = raiseForChain();
        List<UUID> mine = List.of(aboutSeller, aboutBuyer, aboutHead, aboutSecurity, aboutChain);

        assertThat(visible(security)).containsExactlyInAnyOrder(aboutSeller, aboutBuyer, aboutHead, aboutChain);
        assertThat(visible(otherSecurity)).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(visible(auditor)).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(visible(salesHead)).containsExactly(aboutSeller);
        assertThat(visible(purchasingHead)).containsExactly(aboutBuyer);
        assertThat(visible(seller)).isEmpty();
        assertThat(alerts.visibleTo(employee, Alerts.Filter.all())).isEmpty();

        assertThatRefused(() -> alerts.detail(aboutSecurity, security), HttpStatus.NOT_FOUND, null);
        assertThatRefused(() -> alerts.detail(aboutHead, salesHead), HttpStatus.NOT_FOUND, null);
        assertThatRefused(() -> alerts.detail(aboutBuyer, salesHead), HttpStatus.NOT_FOUND, null);
        assertThatRefused(() -> alerts.detail(aboutSeller, employee), HttpStatus.NOT_FOUND, null);
        assertThatRefused(() -> alerts.detail(UUID.randomUUID(), security), HttpStatus.NOT_FOUND, null);
        Alerts.AlertDetail detail = alerts.detail(aboutSeller, salesHead);
        assertThat(detail.mayTriage()).isFalse();
        assertThat(detail.events()).singleElement().satisfies(e -> assertThat(e.action())
                .isEqualTo("customer.record.viewed"));
        assertThat(alerts.detail(aboutSeller, security).mayTriage()).isTrue();

        Alerts.Counts counted = alerts.counts(security, raisedAt, raisedAt.plusSeconds(1));
        assertThat(counted.byKind().get(RuleKind.BULK_READING)).containsEntry(Alerts.Status.OPEN, 1);
        assertThat(counted.byKind().get(RuleKind.LARGE_EXPORT)).containsEntry(Alerts.Status.OPEN, 1);
        assertThat(counted.byDepartment().get(sales)).containsEntry(Alerts.Status.OPEN, 2);
        assertThat(counted.byDepartment().get(purchasing)).containsEntry(Alerts.Status.OPEN, 1);
        assertThat(counted.noDepartment()).as("the chain's, not the security administrator's own")
                .containsEntry(Alerts.Status.OPEN, 1);
        assertThat(counted.byDay().values().stream().mapToInt(m -> m.values().stream().mapToInt(i -> i).sum()).sum())
                .isEqualTo(4);
        assertThat(alerts.counts(auditor, raisedAt, raisedAt.plusSeconds(1)).byKind().get(RuleKind.BULK_READING))
                .containsEntry(Alerts.Status.OPEN, 2);
        assertThat(alerts.counts(salesHead, raisedAt, raisedAt.plusSeconds(1)).byKind())
                .containsOnlyKeys(RuleKind.BULK_READING);
        assertThat(alerts.counts(employee, raisedAt, raisedAt.plusSeconds(1)).byKind()).isEmpty();
        CustosUser management = member(null, Role.MANAGEMENT);
        assertThat(alerts.counts(management, raisedAt, raisedAt.plusSeconds(1)).byDepartment().get(sales))
                .containsEntry(Alerts.Status.OPEN, 2);

        assertThat(alerts.openHighForHead(salesHead)).as("the seller's; not the head's own").isEqualTo(1);
        assertThat(alerts.openHighForHead(purchasingHead)).as("the buyer's is medium").isZero();
        assertThat(alerts.openHighForHead(employee)).isZero();
    }

    @Test
    void aSecurityAdministratorTriagesOnceWithAReasonAndTheNoteIsStoredEncrypted() {
        UUID alert = raise(RuleKind.BULK_READING, AlertSeverity.HIGH, seller, sales);
        String note = "Quarterly price list sent to every customer, approved by the head.";

        Alerts.AlertView triaged = alerts.triage(alert, new Alerts.Triage(Alerts.Status.FALSE_POSITIVE, note, null),
                security);

        assertThat(triaged.status()).isEqualTo(Alerts.Status.FALSE_POSITIVE);
        assertThat(triaged.triagedBy()).isEqualTo(security.id());
        assertThat(triaged.triagedAt()).isEqualTo(raisedAt);
        assertThat(triaged.version()).isEqualTo(1);
        assertThat(alerts.detail(alert, auditor).note()).isEqualTo(note);
        assertThat(alerts.detail(alert, auditor).mayTriage()).isFalse();
        String stored = jdbc.sql("select note_cipher from monitoring_alert where id = ?").param(alert)
                .query(String.class).single();
        assertThat(stored).isNotBlank().doesNotContain("price list").doesNotContain(note);
        Map<String, Object> event = lower(jdbc.sql("select actor_id, details from audit_event where "
                + "action = 'monitoring.alert.triaged' and target_id = ?").param(alert.toString()).query().singleRow());
        assertThat(event.get("actor_id")).isEqualTo(security.id());
        assertThat(String.valueOf(event.get("details"))).contains("FALSE_POSITIVE").doesNotContain("price list");

        assertThatRefused(() -> alerts.triage(alert, new Alerts.Triage(Alerts.Status.FINDING, note, null),
                otherSecurity), HttpStatus.CONFLICT, "monitoring-alert-triaged");
        assertThat(alerts.counts(security, raisedAt, raisedAt.plusSeconds(1)).byKind().get(RuleKind.BULK_READING))
                .containsEntry(Alerts.Status.FALSE_POSITIVE, 1).doesNotContainKey(Alerts.Status.OPEN);
    }

    @Test
    void whoMayTriageWhat() {
        UUID aboutSeller = raise(RuleKind.BULK_READING, AlertSeverity.HIGH, seller, sales);
        UUID aboutSecurity = raise(RuleKind.OFF_HOURS, AlertSeverity.MEDIUM, security, null);
        Alerts.Triage finding = new Alerts.Triage(Alerts.Status.FINDING, "Looked at the events: a finding.", null);

        assertThatRefused(() -> alerts.triage(aboutSeller, finding, salesHead), HttpStatus.FORBIDDEN,
                "monitoring-triage-not-yours");
        assertThatRefused(() -> alerts.triage(aboutSeller, finding, auditor), HttpStatus.FORBIDDEN,
                "monitoring-triage-not-yours");
        assertThatRefused(() -> alerts.triage(aboutSeller, finding, employee), HttpStatus.NOT_FOUND, null);
        assertThatRefused(() -> alerts.triage(aboutSecurity, finding, security), HttpStatus.NOT_FOUND, null);
        assertThatRefused(() -> alerts.triage(aboutSecurity, finding, otherSecurity), HttpStatus.FORBIDDEN,
                "monitoring-triage-not-yours");

        assertThat(alerts.triage(aboutSecurity, finding, auditor).status()).isEqualTo(Alerts.Status.FINDING);
        assertThat(alerts.triage(aboutSeller, finding, security).status()).isEqualTo(Alerts.Status.FINDING);
        assertThat(alerts.findings(sales, raisedAt, raisedAt.plusSeconds(1))).isEqualTo(1);
    }

    @Test
    void aTriageNeedsAnOutcomeAReasonAndForAnIncidentAVisibleIncident() {
        UUID alert = raise(RuleKind.LARGE_EXPORT, AlertSeverity.HIGH, seller, sales);
        String note = "Exported the whole customer list before leaving.";

        assertThatRefused(() -> alerts.triage(alert, new Alerts.Triage(null, note, null), security),
                HttpStatus.UNPROCESSABLE_ENTITY, "monitoring-triage-outcome");
        assertThatRefused(() -> alerts.triage(alert, new Alerts.Triage(Alerts.Status.OPEN, note, null), security),
                HttpStatus.UNPROCESSABLE_ENTITY, "monitoring-triage-outcome");
        for (String tooShort : new String[] {null, "", "  ok  ", "123456789", " ".repeat(40) + "short" + " ".repeat(9)}) {
            assertThatRefused(() -> alerts.triage(alert, new Alerts.Triage(Alerts.Status.FINDING, tooShort, null),
                    security), HttpStatus.UNPROCESSABLE_ENTITY, "monitoring-triage-note")
                    .satisfies(e -> assertThat(e.properties()).containsEntry("field", "note"));
        }
        assertThatRefused(() -> alerts.triage(alert, new Alerts.Triage(Alerts.Status.FINDING, "x".repeat(4001), null),
                security), HttpStatus.UNPROCESSABLE_ENTITY, "monitoring-triage-note");
        for (String reference : new String[] {null, "", "INC-0000-9999", UUID.randomUUID().toString(), "x".repeat(65)}) {
            assertThatRefused(() -> alerts.triage(alert, new Alerts.Triage(Alerts.Status.INCIDENT, note, reference),
                    security), HttpStatus.UNPROCESSABLE_ENTITY, "monitoring-triage-incident")
                    .satisfies(e -> assertThat(e.properties()).containsEntry("field", "incident"));
        }
        assertThat(alerts.find(alert).orElseThrow().status()).isEqualTo(Alerts.Status.OPEN);

        IncidentView incident = Gate.as(security, () -> transactions.execute(status -> incidents.open(new NewIncident(
                Severity.GENERAL, Set.of(DataCategory.CONTACT), raisedAt.minus(Duration.ofHours(1)),
                "A customer list left the company by mail.", List.of(), null), security)));
        Alerts.AlertView triaged = alerts.triage(alert, new Alerts.Triage(Alerts.Status.INCIDENT, note,
                " " + incident.reference().toLowerCase(java.util.Locale.ROOT) + " "), security);

        assertThat(triaged.status()).isEqualTo(Alerts.Status.INCIDENT);
        assertThat(triaged.incidentId()).isEqualTo(incident.id());
        assertThat(alerts.detail(alert, security).incidentReference()).isEqualTo(incident.reference());
    }

    @Test
    void homeTasksForTheSecurityAdministratorTheHeadAndTheRuleDecider() {
        raise(RuleKind.BULK_READING, AlertSeverity.HIGH, seller, sales);
        raise(RuleKind.OFF_HOURS, AlertSeverity.MEDIUM, buyer, purchasing);

        HomeTask triage = task(security, "monitoring.home.triage");
        int[] open = alerts.toTriage(security);
        assertThat(open[0]).isGreaterThanOrEqualTo(2);
        assertThat(open[1]).isGreaterThanOrEqualTo(1);
        assertThat(triage.args()).containsExactly(open[0], open[1]);
        assertThat(triage.severity()).isEqualTo(HomeTask.Severity.ACTION_REQUIRED);
        assertThat(triage.link()).isEqualTo("/monitoring/alerts?status=OPEN");

        assertThat(task(salesHead, "monitoring.home.department").args()).containsExactly(1);
        assertThat(tasks(purchasingHead)).as("a medium alert is no head's task")
                .noneMatch(t -> t.messageKey().equals("monitoring.home.department"));
        assertThat(tasks(seller)).isEmpty();
        assertThat(tasks(employee)).isEmpty();
        assertThat(alerts.toTriage(salesHead)).containsExactly(0, 0);

        MonitoringRules.RuleSet before = rules.inForce();
        List<RuleSettings> changed = before.rules().stream().map(r -> r.kind() != RuleKind.OFF_HOURS ? r
                : new RuleSettings(r.kind(), true, r.severity(), 4, r.windowMinutes(), r.suppressMinutes(),
                        r.departments(), r.workdayStart(), r.workdayEnd(), r.daysBeforeEnd())).toList();
        MonitoringRules.RuleSet proposed = rules.propose(changed, security);
        try {
            assertThat(task(otherSecurity, "monitoring.home.rules").args()).containsExactly(proposed.version());
            assertThat(task(auditor, "monitoring.home.rules").link()).isEqualTo("/monitoring/rules");
            assertThat(tasks(security)).as("not the proposer's to decide")
                    .noneMatch(t -> t.messageKey().equals("monitoring.home.rules"));
            assertThat(tasks(salesHead)).noneMatch(t -> t.messageKey().equals("monitoring.home.rules"));
        } finally {
            rules.withdraw(proposed.version(), security);
        }
    }

    // ------------------------------------------------------------------------------------------

    private UUID raise(RuleKind kind, AlertSeverity severity, CustosUser subject, UUID department) {
        long row = viewedBy(subject);
        Crossing crossing = new Crossing(kind, 1, severity, "person:" + subject.id(), subject.id(), department, 99,
                kind.defaults().threshold(), kind.defaults().windowMinutes(), raisedAt.minusSeconds(60), raisedAt,
                row, List.of(row));
        return transactions.execute(s -> alerts.raise(List.of(crossing), Map.of(), Instant.EPOCH)).get(0);
    }

    private UUID raiseForChain() {
        long row = viewedBy(security);
        Crossing crossing = new Crossing(RuleKind.AUDIT_CHAIN_FAILURE, 1, AlertSeverity.HIGH,
                "chain:test-" + UUID.randomUUID(), null, null, 1, 0, 60, raisedAt, raisedAt, row, List.of(row));
        return transactions.execute(s -> alerts.raise(List.of(crossing), Map.of(), Instant.EPOCH)).get(0);
    }

    /** One audit event to link: a view by the person. */
    private long viewedBy(CustosUser person) {
        transactions.executeWithoutResult(s -> audit.record(AuditEvent.of(AuditCategory.DATA, "customer.record.viewed",
                AuditOutcome.ALLOWED).actor(new Actor(Actor.ActorType.EMPLOYEE, person.id(), person.username()))
                .target("customer", UUID.randomUUID()).build()));
        return jdbc.sql("select max(id) from audit_event where actor_id = ?").param(person.id()).query(Long.class)
                .single();
    }

    private List<UUID> visible(CustosUser by) {
        return alerts.visibleTo(by, new Alerts.Filter(null, null, null, null, raisedAt, raisedAt.plusSeconds(1)))
                .stream().map(Alerts.AlertView::id).toList();
    }

    private List<HomeTask> tasks(CustosUser person) {
        return homeTasks.tasksFor(person.id());
    }

    private HomeTask task(CustosUser person, String key) {
        return tasks(person).stream().filter(t -> t.messageKey().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " for " + person.username()));
    }

    private CustosUser member(UUID department, Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), EnumSet.copyOf(List.of(roles)),
                TestAccounts.newSecret(), false);
        if (department != null) {
            accounts.moveTo(account, department);
        }
        return new CustosUser(account.id(), account.username(), "Test " + account.username(), department,
                Set.of(roles), EmployeeStatus.ACTIVE);
    }

    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> lower = new java.util.HashMap<>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }
}
