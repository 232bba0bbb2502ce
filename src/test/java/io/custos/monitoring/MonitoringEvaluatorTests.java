package io.custos.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.audit.AuditProperties;
import io.custos.audit.AuditStream;
import io.custos.casework.WorkingCalendar;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.MailOutbox;
import io.custos.shared.web.Times;
import io.custos.sharing.Grants;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.RecordingMail;
import io.custos.support.TestAccounts;

/**
 * The evaluator over the real, sealed audit log (issue 21.2 and 21.3): an alert per crossing with its
 * events and mail; suppression; windows that survive a restart; two nodes that never raise an alert
 * twice and hand the evaluation over when a lease runs out; a new rule set at the next evaluation;
 * events before {@code alerts_from} that only teach. Runs on H2 and PostgreSQL.
 */
@IntegrationTest
@Import(RecordingMail.class)
class MonitoringEvaluatorTests {

    @Autowired MonitoringEvaluator evaluator;
    @Autowired AuditLog audit;
    @Autowired TransactionTemplate transactions;
    @Autowired JdbcClient jdbc;
    @Autowired JdbcTemplate template;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired RecordingMail mail;
    @Autowired MailOutbox outbox;
    @Autowired MonitoringRules rules;
    @Autowired MonitoringProperties properties;
    @Autowired AuditStream stream;
    @Autowired Alerts alerts;
    @Autowired Employees employees;
    @Autowired Grants grants;
    @Autowired WorkingCalendar calendar;
    @Autowired Times times;
    @Autowired AuditProperties auditProperties;

    @BeforeEach
    void alertFromTheBeginning() {
        setAlertsFrom(Instant.EPOCH);
    }

    @AfterEach
    void releaseTheLease() {
        // Node 2 of a test must not keep the evaluation from the context's own evaluator afterwards.
        jdbc.sql("update monitoring_state set holder = null, lease_until = null").update();
        evaluator.forget();
    }

    @Test
    void aCrossingRaisesOneAlertWithItsEventsAndMailsTheSecurityAdministratorsAndForAHighOneTheHead()
            throws Exception {
        UUID department = accounts.customerDepartment("MA" + suffix());
        TestAccounts.Account reader = member(department, Role.EMPLOYEE);
        TestAccounts.Account head = member(department, Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        TestAccounts.Account security = accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN));
        for (TestAccounts.Account account : List.of(reader, head, security)) {
            jdbc.sql("update employee set email = ? where id = ?").params(address(account), account.id()).update();
        }

        List<UUID> customers = views(reader, 51);
        sealedThenEvaluated(evaluator);

        Map<String, Object> alert = onlyAlert(reader, RuleKind.BULK_READING);
        assertThat(((Number) alert.get("figure")).longValue()).isEqualTo(51);
        assertThat(alert.get("severity")).isEqualTo("HIGH");
        assertThat(alert.get("department_id")).isEqualTo(department);
        assertThat(alert.get("status")).isEqualTo("OPEN");
        assertThat(((Number) alert.get("repeats")).intValue()).isZero();
        UUID id = (UUID) alert.get("id");
        List<Long> linked = jdbc.sql("select audit_row from monitoring_alert_event where alert_id = ?").param(id)
                .query(Long.class).list();
        List<Long> viewed = jdbc.sql("select id from audit_event where actor_id = ? and action = 'customer.record.viewed'")
                .param(reader.id()).query(Long.class).list();
        assertThat(linked).containsExactlyInAnyOrderElementsOf(viewed);
        assertThat(((Number) alert.get("trigger_event")).longValue()).isEqualTo(viewed.stream().max(Long::compare)
                .orElseThrow());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'monitoring.alert.raised' and target_id = ?")
                .param(id.toString()).query(Integer.class).single()).isEqualTo(1);

        SimpleMailMessage toSecurity = mail.await(address(security), "High alert");
        SimpleMailMessage toHead = mail.await(address(head), "High alert");
        for (SimpleMailMessage letter : List.of(toSecurity, toHead)) {
            assertThat(letter.getText()).contains("/monitoring/alerts/" + id)
                    .doesNotContain(customers.get(0).toString());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
        assertThat(mail.sent).noneMatch(m -> List.of(m.getTo()).contains(address(reader)));

        // A medium alert reaches the security administrators only.
        int toHeadBefore = lettersTo(head);
        for (int i = 0; i < 6; i++) {
            refusal(reader);
        }
        sealedThenEvaluated(evaluator);
        UUID refusals = (UUID) onlyAlert(reader, RuleKind.REPEATED_REFUSALS).get("id");
        mail.await(address(security), "Alert: repeated refusals");
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
        assertThat(lettersTo(head)).isEqualTo(toHeadBefore);
        assertThat(mail.sent).filteredOn(m -> m.getText() != null && m.getText().contains(refusals.toString()))
                .noneMatch(m -> List.of(m.getTo()).contains(address(reader)));
    }

    @Test
    void anAlertAboutASecurityAdministratorReachesTheAuditorsAndNeverThemselves() throws Exception {
        TestAccounts.Account insider = accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN));
        TestAccounts.Account auditor = accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR));
        for (TestAccounts.Account account : List.of(insider, auditor)) {
            jdbc.sql("update employee set email = ? where id = ?").params(address(account), account.id()).update();
        }
        views(insider, 51);
        sealedThenEvaluated(evaluator);

        UUID id = (UUID) onlyAlert(insider, RuleKind.BULK_READING).get("id");
        assertThat(mail.await(address(auditor), "High alert").getText()).contains(id.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
        assertThat(mail.sent).noneMatch(m -> List.of(m.getTo()).contains(address(insider)));
    }

    @Test
    void aSecondCrossingWithinTheSuppressionTimeIsARepeatAndAfterItANewAlert() throws Exception {
        TestAccounts.Account reader = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        views(reader, 51);
        sealedThenEvaluated(evaluator);
        UUID first = (UUID) onlyAlert(reader, RuleKind.BULK_READING).get("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
        long mailBefore = lettersAbout(first);

        clock.advance(Duration.ofMinutes(20));
        views(reader, 51);
        sealedThenEvaluated(evaluator);

        Map<String, Object> repeated = onlyAlert(reader, RuleKind.BULK_READING);
        assertThat(repeated.get("id")).isEqualTo(first);
        assertThat(((Number) repeated.get("repeats")).intValue()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from monitoring_alert_event where alert_id = ?").param(first)
                .query(Integer.class).single()).isEqualTo(102);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
        assertThat(lettersAbout(first)).as("nobody is told of a repeat").isEqualTo(mailBefore);

        // The suppression (60 minutes) counts from the last event of the alert, repeats included.
        clock.advance(Duration.ofMinutes(61));
        views(reader, 51);
        sealedThenEvaluated(evaluator);
        assertThat(alertsOf(reader, RuleKind.BULK_READING)).hasSize(2);
    }

    @Test
    void theWindowsSurviveARestart() throws Exception {
        TestAccounts.Account reader = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        views(reader, 26);
        sealedThenEvaluated(evaluator);
        assertThat(alertsOf(reader, RuleKind.BULK_READING)).isEmpty();

        evaluator.forget();
        clock.advance(Duration.ofMinutes(3));
        views(reader, 25);
        sealedThenEvaluated(evaluator);

        Map<String, Object> alert = onlyAlert(reader, RuleKind.BULK_READING);
        assertThat(((Number) alert.get("figure")).longValue()).as("the rebuilt window remembered the first half")
                .isEqualTo(51);
        assertThat(jdbc.sql("select count(*) from monitoring_alert_event where alert_id = ?").param(alert.get("id"))
                .query(Integer.class).single()).isEqualTo(51);

        // Evaluated before the restart: not raised again after it, nor counted as a repeat.
        evaluator.forget();
        sealedThenEvaluated(evaluator);
        evaluator.forget();
        views(reader, 10);
        sealedThenEvaluated(evaluator);
        Map<String, Object> after = onlyAlert(reader, RuleKind.BULK_READING);
        assertThat(after.get("id")).isEqualTo(alert.get("id"));
        assertThat(((Number) after.get("repeats")).intValue()).isZero();
    }

    @Test
    void twoNodesEvaluatingAtOnceRaiseEveryCrossingOnce() throws Exception {
        MonitoringEvaluator second = secondNode();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<TestAccounts.Account> readers = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                TestAccounts.Account reader = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
                readers.add(reader);
                // Half a burst before the lease runs out, half after: whoever evaluates next needs
                // the first half in its window.
                views(reader, 26);
                awaitSealed();
                together(threads, evaluator, second);
                clock.advance(properties.lease().plusSeconds(1));
                views(reader, 25);
                awaitSealed();
                together(threads, evaluator, second);
                clock.advance(properties.lease().plusSeconds(1));
            }
            for (TestAccounts.Account reader : readers) {
                assertThat(alertsOf(reader, RuleKind.BULK_READING)).as(reader.username()).hasSize(1);
            }
            assertThat(jdbc.sql("""
                    select count(*) from (select rule_kind, subject_key, trigger_event from monitoring_alert
                    group by rule_kind, subject_key, trigger_event having count(*) > 1) twice""")
                    .query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from audit_event where seq is not null and id > ? and chain = ?")
                    .params(0, auditProperties.chain()).query(Long.class).single())
                    .isEqualTo(jdbc.sql("select last_seq from monitoring_cursor where chain = ?")
                            .param(auditProperties.chain()).query(Long.class).single());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theSecondNodeLeavesTheEvaluationToTheFirstWhileItsLeaseRunsAndTakesOverWithRebuiltWindows()
            throws Exception {
        MonitoringEvaluator second = secondNode();
        TestAccounts.Account reader = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        clock.advance(properties.lease().plusSeconds(1));
        views(reader, 30);
        sealedThenEvaluated(evaluator);
        assertThat(holder()).isEqualTo(auditProperties.chain());

        views(reader, 21);
        awaitSealed();
        long cursor = cursor();
        assertThat(second.catchUp()).as("node 1's lease runs").isZero();
        assertThat(cursor()).isEqualTo(cursor);
        assertThat(alertsOf(reader, RuleKind.BULK_READING)).isEmpty();

        clock.advance(properties.lease().plusSeconds(1));
        assertThat(second.catchUp()).isPositive();
        assertThat(holder()).isEqualTo("node-two");
        assertThat(onlyAlert(reader, RuleKind.BULK_READING).get("figure")).satisfies(
                f -> assertThat(((Number) f).longValue()).as("node 2 rebuilt the first 30 into its window")
                        .isEqualTo(51));

        views(reader, 5);
        awaitSealed();
        assertThat(evaluator.catchUp()).as("now node 2's lease runs").isZero();
        assertThat(second.catchUp()).isPositive();
        assertThat(holder()).isEqualTo("node-two");
    }

    @Test
    void aNewRuleSetAppliesAtTheNextEvaluation() throws Exception {
        TestAccounts.Account proposer = accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN));
        TestAccounts.Account approver = accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR));
        TestAccounts.Account reader = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        sealedThenEvaluated(evaluator);
        MonitoringRules.RuleSet before = rules.inForce();
        List<RuleSettings> changed = new ArrayList<>();
        for (RuleSettings rule : before.rules()) {
            changed.add(rule.kind() != RuleKind.BULK_READING ? rule
                    : new RuleSettings(rule.kind(), true, AlertSeverity.MEDIUM, 5, 10, 60, List.of(), null, null,
                            null));
        }
        MonitoringRules.RuleSet proposed = rules.propose(changed, user(proposer, Role.SECURITY_ADMIN));
        try {
            views(reader, 6);
            sealedThenEvaluated(evaluator);
            assertThat(alertsOf(reader, RuleKind.BULK_READING)).as("only proposed").isEmpty();

            rules.approve(proposed.version(), user(approver, Role.AUDITOR));
            clock.advance(Duration.ofMinutes(11));
            views(reader, 6);
            sealedThenEvaluated(evaluator);

            Map<String, Object> alert = onlyAlert(reader, RuleKind.BULK_READING);
            assertThat(((Number) alert.get("rule_version")).intValue()).isEqualTo(proposed.version());
            assertThat(((Number) alert.get("threshold")).intValue()).isEqualTo(5);
            assertThat(alert.get("severity")).isEqualTo("MEDIUM");
        } finally {
            restore(before, proposer, approver);
        }
    }

    @Test
    void eventsBeforeAlertsFromTeachButRaiseNothing() throws Exception {
        TestAccounts.Account reader = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        Instant now = clock.instant();
        try {
            setAlertsFrom(now);
            clock.set(now.minus(Duration.ofHours(2)));
            List<UUID> customers = views(reader, 60);
            clock.set(now.plusSeconds(1));
            sealedThenEvaluated(evaluator);

            assertThat(alertsOf(reader, RuleKind.BULK_READING)).isEmpty();
            assertThat(alertsOf(reader, RuleKind.UNUSUAL_CUSTOMERS)).isEmpty();
            assertThat(jdbc.sql("select count(*) from monitoring_contact where actor_id = ?").param(reader.id())
                    .query(Integer.class).single()).as("first contacts learnt").isEqualTo(60);

            // The same customers again, now: usual customers, so no unusual-customers alert.
            transactions.executeWithoutResult(s -> customers.subList(0, 25).forEach(c -> audit.record(
                    AuditEvent.of(AuditCategory.DATA, "customer.field.revealed", AuditOutcome.ALLOWED).actor(actor(reader)).target("customer", c)
                            .detail("field", "phone").build())));
            sealedThenEvaluated(evaluator);
            assertThat(alertsOf(reader, RuleKind.UNUSUAL_CUSTOMERS)).isEmpty();
        } finally {
            clock.set(now.plusSeconds(2));
            setAlertsFrom(Instant.EPOCH);
        }
    }

    @Test
    void aFirstSignInThenANewNetworkAcrossARestart() throws Exception {
        TestAccounts.Account person = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        // Sign-ins with their addresses as the sign-in records them, through the log's own columns.
        signIn(person, "10.44.1.7");
        sealedThenEvaluated(evaluator);
        evaluator.forget();
        signIn(person, "10.44.1.8");
        signIn(person, "198.51.100.20");
        sealedThenEvaluated(evaluator);
        assertThat(alertsOf(person, RuleKind.NEW_NETWORK_SIGN_IN)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from monitoring_network where actor_id = ?").param(person.id())
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void firstContactsAndALockoutAreRememberedAcrossARestart() throws Exception {
        TestAccounts.Account reader = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        signIn(reader, "10.45.1.7");
        views(reader, 11);
        // The lockout is recorded by the system, about the account.
        transactions.executeWithoutResult(s -> audit.record(AuditEvent.of(AuditCategory.SECURITY,
                "identity.account.locked", AuditOutcome.ALLOWED).actor(Actor.system("lockout"))
                .target("employee", reader.id()).detail("failures", 5).build()));
        sealedThenEvaluated(evaluator);
        assertThat(alertsOf(reader, RuleKind.UNUSUAL_CUSTOMERS)).isEmpty();

        evaluator.forget();
        clock.advance(Duration.ofMinutes(30));
        views(reader, 10);
        signIn(reader, "10.45.1.8");
        sealedThenEvaluated(evaluator);

        assertThat(onlyAlert(reader, RuleKind.UNUSUAL_CUSTOMERS).get("figure")).satisfies(
                f -> assertThat(((Number) f).longValue()).as("eleven before the restart, ten after").isEqualTo(21));
        assertThat(alertsOf(reader, RuleKind.SIGN_IN_AFTER_LOCKOUT)).as("the lockout was replayed").hasSize(1);
        assertThat(alertsOf(reader, RuleKind.NEW_NETWORK_SIGN_IN)).isEmpty();
    }

    @Test
    void aLockoutHoursBeforeARestartIsReplayedThoughTheOtherRulesLookBackAnHour() throws Exception {
        TestAccounts.Account person = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        signIn(person, "10.46.1.7");
        transactions.executeWithoutResult(s -> audit.record(AuditEvent.of(AuditCategory.SECURITY,
                "identity.account.locked", AuditOutcome.ALLOWED).actor(Actor.system("lockout"))
                .target("employee", person.id()).detail("failures", 5).build()));
        sealedThenEvaluated(evaluator);
        clock.advance(Duration.ofHours(5));
        // Something recent to stand on, so the rebuild's hour ends here, five hours after the lockout.
        views(person, 1);
        sealedThenEvaluated(evaluator);

        evaluator.forget();
        signIn(person, "10.46.1.8");
        sealedThenEvaluated(evaluator);

        assertThat(alertsOf(person, RuleKind.SIGN_IN_AFTER_LOCKOUT)).as("the day's lockouts are replayed").hasSize(1);
    }

    @Test
    void onItsOwnThreadTheEvaluationRaisesAnAlertWithoutBeingAsked() throws Exception {
        MonitoringProperties on = new MonitoringProperties(true, Duration.ofMillis(100), properties.batchSize(),
                properties.lease(), properties.lookback(), properties.testDays(), properties.testLimit(),
                properties.maxLag(), properties.mailFrom(), properties.baseUrl());
        MonitoringEvaluator polling = new MonitoringEvaluator(stream, rules, alerts, on, transactions, template, employees,
                grants, calendar, times, (Clock) clock, auditProperties);
        TestAccounts.Account reader = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        polling.start();
        try {
            assertThat(polling.isRunning()).isTrue();
            views(reader, 51);
            for (int i = 0; i < 300 && alertsOf(reader, RuleKind.BULK_READING).isEmpty(); i++) {
                Thread.sleep(100);
            }
            assertThat(alertsOf(reader, RuleKind.BULK_READING)).hasSize(1);
        } finally {
            polling.stop();
        }
        assertThat(polling.isRunning()).isFalse();
    }

    // ------------------------------------------------------------------------------------------

    private MonitoringEvaluator secondNode() {
        AuditProperties node2 = new AuditProperties("node-two", auditProperties.sealInterval(),
                auditProperties.checkpointEvery(), auditProperties.checkpointInterval(), auditProperties.checkpointFile(),
                auditProperties.retention(), auditProperties.archiveDirectory());
        return new MonitoringEvaluator(stream, rules, alerts, properties, transactions, template, employees, grants,
                calendar, times, (Clock) clock, node2);
    }

    /** Both nodes evaluate at the same moment; neither may fail. */
    private static void together(ExecutorService threads, MonitoringEvaluator a, MonitoringEvaluator b)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> runs = new ArrayList<>();
        for (MonitoringEvaluator node : List.of(a, b)) {
            Callable<Long> run = () -> {
                start.await();
                return node.catchUp();
            };
            runs.add(threads.submit(run));
        }
        start.countDown();
        for (Future<Long> run : runs) {
            run.get();
        }
    }

    private void restore(MonitoringRules.RuleSet before, TestAccounts.Account proposer, TestAccounts.Account approver) {
        MonitoringRules.RuleSet pending = rules.pending();
        if (pending != null) {
            rules.withdraw(pending.version(), user(proposer, Role.SECURITY_ADMIN));
        }
        if (!rules.inForce().rules().equals(before.rules())) {
            MonitoringRules.RuleSet back = rules.propose(before.rules(), user(proposer, Role.SECURITY_ADMIN));
            rules.approve(back.version(), user(approver, Role.AUDITOR));
        }
    }

    static CustosUser user(TestAccounts.Account account, Role... roles) {
        return new CustosUser(account.id(), account.username(), "Test " + account.username(), null,
                Set.of(roles), EmployeeStatus.ACTIVE);
    }

    private TestAccounts.Account member(UUID department, Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), EnumSet.copyOf(List.of(roles)));
        accounts.moveTo(account, department);
        return account;
    }

    private static Actor actor(TestAccounts.Account account) {
        return new Actor(Actor.ActorType.EMPLOYEE, account.id(), account.username());
    }

    /** Views of {@code n} customers, new to the reader, in one transaction at the clock's time. */
    private List<UUID> views(TestAccounts.Account reader, int n) {
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            customers.add(UUID.randomUUID());
        }
        transactions.executeWithoutResult(s -> customers.forEach(c -> audit.record(AuditEvent.of(AuditCategory.DATA,
                "customer.record.viewed", AuditOutcome.ALLOWED).actor(actor(reader)).target("customer", c).build())));
        return customers;
    }

    private void refusal(TestAccounts.Account reader) {
        transactions.executeWithoutResult(s -> audit.record(AuditEvent.of(AuditCategory.DATA,
                "customer.field.revealed", AuditOutcome.DENIED).actor(actor(reader))
                .target("customer", UUID.randomUUID()).detail("reason", "not-revealable").build()));
    }

    /** A sign-in as a request from the address records it. */
    private void signIn(TestAccounts.Account person, String address) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try {
            transactions.executeWithoutResult(s -> audit.record(AuditEvent.of(AuditCategory.SECURITY,
                    "identity.sign-in", AuditOutcome.ALLOWED).actor(actor(person)).target("employee", person.id())
                    .build()));
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    private void sealedThenEvaluated(MonitoringEvaluator node) throws InterruptedException {
        awaitSealed();
        node.catchUp();
    }

    private void awaitSealed() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (jdbc.sql("select count(*) from audit_event where seq is null").query(Integer.class).single() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the audit sealer did not seal within 10 s");
    }

    private List<Map<String, Object>> alertsOf(TestAccounts.Account subject, RuleKind kind) {
        return jdbc.sql("select * from monitoring_alert where subject_id = ? and rule_kind = ?")
                .params(subject.id(), kind.name()).query().listOfRows().stream().map(MonitoringEvaluatorTests::lower)
                .toList();
    }

    private Map<String, Object> onlyAlert(TestAccounts.Account subject, RuleKind kind) {
        List<Map<String, Object>> found = alertsOf(subject, kind);
        assertThat(found).as(kind + " alerts about " + subject.username()).hasSize(1);
        return found.get(0);
    }

    /** H2 names columns in capitals, PostgreSQL in small letters. */
    private static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> lower = new java.util.HashMap<>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }

    private String holder() {
        return jdbc.sql("select holder from monitoring_state").query(String.class).single();
    }

    private long cursor() {
        return jdbc.sql("select last_seq from monitoring_cursor where chain = ?").param(auditProperties.chain())
                .query(Long.class).single();
    }

    private void setAlertsFrom(Instant from) {
        jdbc.sql("update monitoring_state set alerts_from = ?").param(from.atOffset(ZoneOffset.UTC)).update();
    }

    private int lettersTo(TestAccounts.Account account) {
        return (int) mail.sent.stream().filter(m -> List.of(m.getTo()).contains(address(account))).count();
    }

    private long lettersAbout(UUID alert) {
        return mail.sent.stream().filter(m -> m.getText() != null && m.getText().contains(alert.toString())).count();
    }

    private static String address(TestAccounts.Account account) {
        return account.username() + "@example.com";
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
